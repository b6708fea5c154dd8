import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FacilityError } from '@afkit/core';
import { CategoryAxis, fromUHI, Histogram, IntegerAxis, RegularAxis, readUHIFile, toUHI, VariableAxis, writeUHIFile } from '../index.ts';
import { parseUHIText } from './uhiText.ts';
import { validateUHIFile } from './validateUHI.ts';
import { generateValidatorSource } from './generateValidator.ts';

const UHI_DATA = '/work/shared/data/uhi';
const haveData = existsSync(UHI_DATA);
const skip = haveData ? false : `UHI examples not found at ${UHI_DATA}`;
const files = (dir: string): string[] => (haveData ? readdirSync(join(UHI_DATA, dir)).filter((f) => f.endsWith('.json')) : []);

describe('UHI JSON, the examples shipped with UHI', { skip }, () => {
  for (const file of files('valid')) {
    it(`loads and round-trips valid/${file}`, () => {
      const text = readFileSync(join(UHI_DATA, 'valid', file), 'utf8');
      const histograms = readUHIFile(text, file);
      assert.ok(histograms.size > 0);
      const written = writeUHIFile(histograms);
      validateUHIFile(parseUHIText(written));
      assert.deepStrictEqual(parseUHIText(written), parseUHIText(text));
    });
  }

  for (const file of files('invalid')) {
    it(`refuses invalid/${file} with a clear message`, () => {
      const text = readFileSync(join(UHI_DATA, 'invalid', file), 'utf8');
      const upstream = readFileSync(join(UHI_DATA, 'invalid', file.replace(/\.json$/, '.error.txt')), 'utf8').trim();
      // upstream says e.g. "data.one must contain ['axes'] properties": ours names the same place and the same cause
      const place = upstream.split(' ')[0]!;
      const missing = /\['(\w+)'\]/.exec(upstream)?.[1];
      assert.throws(
        () => readUHIFile(text, file),
        (e: unknown) =>
          FacilityError.is(e) && e.code === 'invalid-input' && e.message.includes(`${place} must`) && (!missing || e.message.includes(`'${missing}'`)) && e.where === file,
      );
    });
  }

  it('reads the 2D example in row-major order with flow bins', () => {
    const h = readUHIFile(readFileSync(join(UHI_DATA, 'valid', '2d.json'), 'utf8')).get('main')!;
    assert.deepEqual(h.shape(true), [4, 3]);
    assert.equal(h.values({ flow: true })[1 * 3 + 2], 6);
    assert.deepEqual(Array.from(h.values()), [4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('keeps the checked-in validator in step with the schema', () => {
    const schema = JSON.parse(readFileSync(join(UHI_DATA, 'histogram.schema.json'), 'utf8')) as object;
    const checkedIn = readFileSync(new URL('./validateUHIFile.generated.ts', import.meta.url), 'utf8');
    assert.equal(checkedIn, generateValidatorSource(schema));
  });
});

describe('UHI JSON, histograms afkit fills', () => {
  it('writes every axis and storage kind in a form the schema accepts, and reads it back unchanged', () => {
    const axes = [
      new RegularAxis(3, 0, 3, { metadata: { name: 'x', label: 'p_T [GeV]' } }),
      new VariableAxis([0, 1, 5], { overflow: false }),
      new IntegerAxis(0, 2),
      CategoryAxis.str(['a'], { growth: true }),
      CategoryAxis.int([1, 2]),
    ];
    for (const storage of ['int', 'double', 'weighted', 'mean', 'weighted_mean'] as const) {
      const h = new Histogram(axes, { storage, metadata: { sample: 'ttbar' } });
      h.fill([[0.5, 2.5], [0.5, 7], [1, 3], ['a', 'b'], [1, 9]], { sample: [1, 2], weight: storage === 'int' ? undefined : [2, 3] });
      const json = toUHI(h);
      const back = fromUHI((parseUHIText(writeUHIFile({ h })) as Record<string, unknown>).h);
      assert.deepStrictEqual(toUHI(back), json);
      assert.equal(back.axes[2]!.kind, 'integer');
      assert.equal((back.axes[3] as CategoryAxis).growth, true);
      assert.deepEqual(json.axes[2], {
        type: 'regular', lower: 0, upper: 2, bins: 2, underflow: true, overflow: true, circular: false,
        writer_info: { 'boost-histogram': { orig_type: 'Integer' } },
      });
    }
  });

  it('reads flat typed-array storage (live streams) as it reads nested arrays, checking its length', () => {
    const h = new Histogram([new RegularAxis(4, 0, 4), CategoryAxis.str(['a', 'b'])], { storage: 'weighted' });
    h.fill([[0.5, 2.5, 9, -1], ['a', 'b', 'a', 'c']], { weight: [1, 2, 3, 0.1] });
    const flat = toUHI(h, { flatStorage: true });
    const storage = flat.storage as unknown as { values: Float64Array; variances: Float64Array };
    assert.ok(storage.values instanceof Float64Array && storage.values.length === 6 * 3, 'a weight of 0.1 needs float64');
    assert.ok(storage.variances instanceof Float64Array);
    const counts = new Histogram([new RegularAxis(4, 0, 4)]);
    counts.fill([0.5, 0.5, 3]);
    const small = toUHI(counts, { flatStorage: true });
    assert.ok((small.storage as unknown as { values: unknown }).values instanceof Uint8Array, 'small counts travel as bytes');
    assert.deepStrictEqual(toUHI(fromUHI(small)), toUHI(counts));
    assert.deepStrictEqual(toUHI(fromUHI(flat)), toUHI(h));
    assert.deepStrictEqual(toUHI(fromUHI(flat, undefined, { validated: true })), toUHI(h));
    const short = { ...flat, storage: { ...storage, values: storage.values.subarray(1) } };
    assert.throws(() => fromUHI(short), /"values" does not fit the axes: holds 17 numbers where the axes have 18 bins \(flow included\)/);
  });

  it('refuses shapes that do not fit the axes, and data stored by path', () => {
    const base = { uhi_schema: 1, axes: [{ type: 'regular', lower: 0, upper: 1, bins: 2, underflow: true, overflow: true, circular: false }] };
    assert.throws(() => fromUHI({ ...base, storage: { type: 'double', values: [1, 2, 3] } }), /"values" does not fit the axes: the top level has 3 entries where axis 0 has 4 bins/);
    assert.throws(() => fromUHI({ ...base, storage: { type: 'double', values: 'data/values.npy' } }), (e: unknown) => FacilityError.is(e) && e.code === 'unsupported');
    const square = { uhi_schema: 1, axes: [base.axes[0], base.axes[0]] };
    const row = [0, 0, 0, 0];
    assert.throws(() => fromUHI({ ...square, storage: { type: 'double', values: [row, row, [0, 0, 0], row] } }), /"values" does not fit the axes: \[2\] has 3 entries where axis 1 has 4 bins/);
    assert.throws(() => fromUHI({ ...square, storage: { type: 'double', values: [row, [0, [1], 0, 0], row, row] } }), /\[1\]\[1\] nests deeper than the 2 axes/);
    assert.throws(() => fromUHI({ ...base, storage: { type: 'weird' } }), /Invalid UHI histogram: data.storage/);
    // an axis that declares its type is judged by that type's definition alone
    const noCircular = { type: 'regular', lower: 0, upper: 1, bins: 2, underflow: true, overflow: true };
    assert.throws(() => fromUHI({ axes: [noCircular], storage: { type: 'double' } }), /^FacilityError: Invalid UHI histogram: data.axes.0 must have required property 'circular'$/m);
    assert.throws(() => fromUHI({ axes: [], storage: { type: 'weighted', values: [1] } }), /data.storage .*must have required property 'variances'/);
    assert.throws(() => readUHIFile('{"h": '), (e: unknown) => FacilityError.is(e) && /Not JSON/.test(e.message));
  });

  it('reads sparse storage', () => {
    const h = fromUHI({
      axes: [{ type: 'category_str', categories: ['a', 'b'], flow: false }],
      storage: { type: 'weighted', index: [[1]], values: [4], variances: [8] },
    });
    assert.deepEqual(Array.from(h.values()), [0, 4]);
    assert.deepEqual(Array.from(h.variances()), [0, 8]);
  });
});
