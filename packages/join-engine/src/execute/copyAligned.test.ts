import assert from 'node:assert/strict';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { FacilityError } from '@afkit/core';
import { openTable, openTableWriter } from '@afkit/io';
import { tableFromIPC, tableToIPC } from 'apache-arrow';
import { runJoin } from '../runJoin.ts';
import { readOutputRows, tempDir, writeRows } from '../testing/testData.ts';
import type { Row } from '../testing/testData.ts';

const dir = tempDir();
after(() => rmSync(dir, { recursive: true, force: true }));
const keyTypes = { run: 'uint32', lumi: 'uint32', event: 'uint64' } as const;
const rows: Row[] = Array.from({ length: 9000 }, (_, i) => ({ run: 5n, lumi: BigInt(i >> 7), event: BigInt(i) * 13n, x: i / 2, j: i % 4 ? [i % 9] : [] }));
const parts = [rows.slice(0, 3000), rows.slice(3000, 6000), rows.slice(6000)];

function writeParts(prefix: string, types: Parameters<typeof writeRows>[2] = keyTypes): string[] {
  return parts.map((part, k) => {
    const path = join(dir, `${prefix}${k}.arrow`);
    writeRows(path, part, types);
    return path;
  });
}

const primary = writeParts('p');
const planOf = (out: string, friends: object[]) => ({ version: 1, primary: { files: primary }, friends, output: { dir: join(dir, out) } });

test('an aligned friend file that already is its output is copied whole, and its copy verified key by key', async () => {
  const asIs = writeParts('a');
  // A shared dataset's files are often read-only; outputs are not.
  asIs.forEach((p) => chmodSync(p, 0o444));
  const plan = planOf('copy', [
    { name: 'same', files: asIs, columns: ['x', 'j'] },
    // Signed 64-bit events: the output holds them as uint64, so this friend's outputs are written.
    { name: 'signed', files: writeParts('w', { ...keyTypes, event: 'int64' }), columns: ['x', 'j'] },
    // A renamed column: written too.
    { name: 'renamed', files: asIs, columns: ['x', { name: 'j', as: 'jets' }] },
  ]);
  const report = await runJoin(plan);
  const outputs = (name: string) => readdirSync(join(dir, 'copy', name)).sort().map((f) => join(dir, 'copy', name, f));
  assert.deepEqual(
    outputs('same').map((p) => readFileSync(p)),
    asIs.map((p) => readFileSync(p)),
    'byte for byte the friend files',
  );
  const mode = (p: string) => statSync(p).mode & 0o777;
  assert.deepEqual(outputs('same').map(mode), outputs('signed').map(mode), 'the mode of a new file, not the friend file\'s');
  for (const name of ['signed', 'renamed']) {
    outputs(name).forEach((p, k) => assert.notDeepEqual(readFileSync(p), readFileSync(asIs[k]!), `${name} output ${k} is written`));
  }
  const expected = rows.map((r) => `${r.event}|${r.x}`);
  for (const name of ['same', 'signed', 'renamed']) assert.deepEqual(readOutputRows(join(dir, 'copy', name), ['event', 'x']), expected, name);
  const [same, signed, renamed] = report.friends;
  assert.equal(same!.proof.verifiedRows, rows.length);
  assert.equal(same!.proof.attachedRows, rows.length);
  assert.equal(same!.proof.digest, signed!.proof.digest, 'the same verified key sequence as a written output');
  assert.equal(same!.proof.digest, renamed!.proof.digest);
  assert.deepEqual(same!.strategies, { aligned: 3 });
  assert.deepEqual(same!.files.map((f) => f.rows), [3000, 3000, 3000]);
});

test('an aligned Parquet friend that already is its Parquet output is copied too', async () => {
  const files = await Promise.all(
    writeParts('pq').map(async (arrow) => {
      const path = arrow.replace(/\.arrow$/, '.parquet');
      const source = await openTable(arrow);
      const writer = await openTableWriter('parquet', path, source.schema);
      // Row groups of 500 rows: written by the join, its output would hold one per batch read (up to 2^16 rows).
      for await (const batch of source.read({ batchSize: 500 })) await writer.write(batch);
      await writer.close();
      await source.close();
      return path;
    }),
  );
  const report = await runJoin({ ...planOf('parquet', [{ name: 'f', files, columns: ['x', 'j'] }]), output: { dir: join(dir, 'parquet'), format: 'parquet' } });
  const outputs = readdirSync(join(dir, 'parquet', 'f')).sort();
  assert.deepEqual(outputs.map((name) => readFileSync(join(dir, 'parquet', 'f', name))), files.map((p) => readFileSync(p)));
  assert.equal(report.friends[0]!.proof.verifiedRows, rows.length);
});

test('an aligned friend in the Arrow IPC stream format is written as an IPC file, not copied', async () => {
  const streams = writeParts('s').map((path) => {
    writeFileSync(path, tableToIPC(tableFromIPC(readFileSync(path)), 'stream'));
    return path;
  });
  const report = await runJoin(planOf('stream', [{ name: 'f', files: streams, columns: ['x', 'j'] }]));
  for (const name of readdirSync(join(dir, 'stream', 'f'))) assert.equal(readFileSync(join(dir, 'stream', 'f', name)).subarray(0, 6).toString(), 'ARROW1', name);
  assert.equal(report.friends[0]!.proof.verifiedRows, rows.length);
});

test('a friend file changed between the key scan and its copy stops the join naming the row, and leaves no copy', async () => {
  const files = writeParts('c');
  const plan = planOf('changed', [{ name: 'f', files, columns: ['x', 'j'] }]);
  // Once the scan has read every key, the second friend file gets another event at its entry 17, as many rows.
  const changed = parts[1]!.map((r, i) => (i === 17 ? { ...r, event: r.event + 1n } : r));
  let rewritten = false;
  const onProgress = ({ phase, done, total }: { phase: string; done: number; total: number }) => {
    if (phase !== 'scan' || done < total || rewritten) return;
    rewritten = true;
    writeRows(files[1]!, changed, keyTypes);
  };
  await assert.rejects(runJoin(plan, { onProgress }), (e: unknown) => {
    assert.ok(FacilityError.is(e) && e.code === 'conflict', String(e));
    assert.match(e.message, /p1\.arrow entry 17 \(run=5 luminosityBlock=23 event=39221\) would get \S*c1\.arrow entry 17 \(run=5 luminosityBlock=23 event=39222\); the keys differ/);
    return true;
  });
  assert.ok(rewritten);
  assert.ok(!existsSync(join(dir, 'changed', 'f', '0001_p1.arrow')), 'the unverified copy is removed');
});
