import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeData, RecordBatch, Schema, Field, Float32, List, Bool, Struct, Uint64, Int16, Int32, Utf8, vectorFromArray, makeVector } from 'apache-arrow';
import type { Data } from 'apache-arrow';
import { FacilityError } from '@afkit/core';
import { openTable, writeArrowIpc } from '../index.ts';
import { collect, show } from '../testData.ts';
import { ArrowIpcSource } from './ArrowIpcSource.ts';
import { openByteSource } from '../source/openByteSource.ts';
import type { ByteSource } from '../source/ByteSource.ts';

/** A batch in afkit's conventions: exact 64-bit event numbers, a jagged float column, a bool. */
function makeBatch(first: number, rows: number): RecordBatch {
  const event = new BigUint64Array(rows);
  const run = new Int32Array(rows);
  const flag: boolean[] = [];
  const offsets = new Int32Array(rows + 1);
  const values: number[] = [];
  for (let i = 0; i < rows; i++) {
    event[i] = 2n ** 60n + BigInt(first + i);
    run[i] = 1 + ((first + i) >> 4);
    flag.push((first + i) % 3 === 0);
    for (let k = 0; k < (first + i) % 4; k++) values.push(first + i + k / 10);
    offsets[i + 1] = values.length;
  }
  const pt = makeData({
    type: new List(new Field('item', new Float32(), false)),
    length: rows,
    valueOffsets: offsets,
    child: makeData({ type: new Float32(), length: values.length, data: Float32Array.from(values) }),
  });
  const schema = new Schema([
    new Field('run', new Int32()),
    new Field('event', new Uint64()),
    new Field('Muon_pt', pt.type),
    new Field('flag', new Bool()),
  ]);
  const data = makeData({
    type: new Struct(schema.fields),
    length: rows,
    children: [makeVector(run).data[0]!, makeVector(event).data[0]!, pt, vectorFromArray(flag, new Bool()).data[0]!],
  });
  return new RecordBatch(schema, data);
}

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'afkit-io-arrow-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}


for (const format of ['file', 'stream'] as const) {
  test(`Arrow IPC ${format}: writes, reopens, reads columns and entry ranges exactly`, async () => {
    await withDir(async (dir) => {
      const path = join(dir, `t.${format === 'file' ? 'arrow' : 'arrows'}`);
      const written = await writeArrowIpc(path, [makeBatch(0, 1000), makeBatch(1000, 500), makeBatch(1500, 700)], { format });
      assert.equal(written, 2200);
      const table = await openTable(path);
      try {
        assert.equal(table.format, 'arrow');
        assert.equal(table.numEntries, 2200);
        assert.deepEqual(table.schema.fields.map((f) => f.name), ['run', 'event', 'Muon_pt', 'flag']);
        assert.deepEqual(table.columns.map((c) => c.type), ['int32', 'uint64', 'var * float32', 'bool']);
        const batches = await collect(table.read({ columns: ['event', 'Muon_pt'], entryStart: 990, entryStop: 1600, batchSize: 200 }));
        assert.ok(batches.every((b) => b.numRows <= 200));
        assert.deepEqual(batches[0]!.schema.fields.map((f) => f.name), ['event', 'Muon_pt']);
        const events = batches.flatMap((b) => [...(b.getChild('event')!.toArray() as BigUint64Array)]);
        assert.equal(events.length, 610);
        assert.equal(events[0], 2n ** 60n + 990n);
        assert.equal(events.at(-1), 2n ** 60n + 1599n);
        const pts = batches.flatMap((b) => [...b.getChild('Muon_pt')!].map((v) => [...v!]));
        assert.deepEqual(pts[3], [993].map(Math.fround)); // entry 993 holds 993 % 4 = 1 value
        assert.deepEqual(pts[2], []); // entry 992 holds none
        assert.deepEqual(pts[5], [995, 995.1, 995.2].map(Math.fround));
      } finally {
        await table.close();
      }
    });
  });
}

test('Arrow IPC: jagged cells keep their values; empty selection of range gives no batches', async () => {
  await withDir(async (dir) => {
    const path = join(dir, 't.arrow');
    await writeArrowIpc(path, [makeBatch(0, 10)]);
    const table = await openTable(path);
    try {
      const [batch] = await collect(table.read({ columns: ['Muon_pt', 'flag'] }));
      const cells = [...batch!.getChild('Muon_pt')!].map((v) => [...v!]);
      assert.deepEqual(cells[3], [3, 3.1, 3.2].map(Math.fround));
      assert.deepEqual(cells[4], []);
      assert.deepEqual([...batch!.getChild('flag')!].slice(0, 4), [true, false, false, true]);
      assert.deepEqual(await collect(table.read({ entryStart: 5, entryStop: 5 })), []);
      const aborted = new AbortController();
      aborted.abort();
      await assert.rejects(collect(table.read({ signal: aborted.signal })), (e: unknown) => FacilityError.is(e) && e.code === 'cancelled' && e.where === path);
      await assert.rejects(collect(table.read({ columns: ['nope'] })), (e: unknown) => FacilityError.is(e) && e.code === 'invalid-input' && e.message.includes('nope') && e.where === path);
    } finally {
      await table.close();
    }
  });
});

test('openTable refuses missing files, directories, empty files, unknown magic and truncated Arrow files with typed errors', async () => {
  await withDir(async (dir) => {
    const expect = async (path: string, code: string) =>
      assert.rejects(openTable(path), (e: unknown) => FacilityError.is(e) && e.code === code && e.where === path && e.message.includes(path) && !!e.hint);
    await expect(join(dir, 'missing.arrow'), 'not-found');
    await mkdir(join(dir, 'sub'));
    await expect(join(dir, 'sub'), 'invalid-input');
    await writeFile(join(dir, 'empty.arrow'), '');
    await expect(join(dir, 'empty.arrow'), 'invalid-input');
    await writeFile(join(dir, 'text.arrow'), 'hello world, not arrow');
    await expect(join(dir, 'text.arrow'), 'invalid-input');
    const good = join(dir, 'good.arrow');
    await writeArrowIpc(good, [makeBatch(0, 300)]);
    const { readFile } = await import('node:fs/promises');
    const full = await readFile(good);
    for (const cut of [7, 20, 100, Math.floor(full.length / 2), full.length - 11, full.length - 1]) {
      const path = join(dir, `cut${cut}.arrow`);
      await writeFile(path, full.subarray(0, cut));
      await expect(path, 'invalid-input');
    }
  });
});

test('Arrow IPC: batches are read ahead; a later batch that cannot be read fails when reached, and an early stop leaves no failure behind', async () => {
  await withDir(async (dir) => {
    const path = join(dir, 'ahead.arrow');
    await writeArrowIpc(path, [0, 1, 2, 3, 4, 5].map((k) => makeBatch(k * 300, 300)));
    const bytes = await openByteSource(path);
    // The file's own bytes, except that reads reaching the fourth batch fail as a disk error would.
    let reads = 0;
    let failFrom = Infinity;
    const failing: ByteSource = {
      path,
      size: bytes.size,
      close: () => bytes.close(),
      readRange: async (offset, length, signal, into) => {
        reads++;
        if (offset + length > failFrom) throw new Error('EIO: i/o error, read');
        return bytes.readRange(offset, length, signal, into);
      },
    };
    const table = await ArrowIpcSource.open(failing);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const opened = reads;
      const all = await collect(table.read());
      assert.equal(all.length, 6);
      assert.equal(reads - opened, 6, 'one read per batch');
      // Batches of equal size: reads ending past the middle of the file are those of the fourth batch on.
      failFrom = (bytes.size * 3) / 6;
      const seen: number[] = [];
      await assert.rejects(
        (async () => {
          for await (const batch of table.read()) seen.push(batch.numRows);
        })(),
        (error: Error) => error.message.includes(path) && /unreadable record batch/.test(error.message),
      );
      assert.ok(seen.length >= 2 && seen.length <= 3, `batches before the unreadable one were delivered (${seen.length})`);
      // Stopping after the first batch while later reads fail in the background.
      for await (const batch of table.read()) {
        assert.equal(batch.numRows, 300);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await table.close();
    }
  });
});

for (const format of ['file', 'stream'] as const) {
  test(`Arrow IPC ${format}: a few columns of a wide batch are read without the others' bytes, and equal a full read`, async () => {
    await withDir(async (dir) => {
      const path = join(dir, `wide.${format === 'file' ? 'arrow' : 'arrows'}`);
      const rows = 2000;
      const item = new Field('item', new Float32(), false);
      const columns: Record<string, Data> = {
        event: makeVector(BigUint64Array.from({ length: rows }, (_, i) => 2n ** 63n + BigInt(i))).data[0]!,
        label: vectorFromArray(Array.from({ length: rows }, (_, i) => (i % 5 === 0 ? null : `run ${i}`)), new Utf8()).data[0]!,
        flag: vectorFromArray(Array.from({ length: rows }, (_, i) => i % 3 === 0), new Bool()).data[0]!,
        jets: makeData({ type: new List(item), length: rows, valueOffsets: Int32Array.from({ length: rows + 1 }, (_, i) => 2 * i), child: makeData({ type: new Float32(), length: 2 * rows, data: Float32Array.from({ length: 2 * rows }, (_, k) => k / 4) }) }),
        pair: vectorFromArray(Array.from({ length: rows }, (_, i) => ({ a: i % 7, b: `b${i}` })), new Struct([new Field('a', new Int16()), new Field('b', new Utf8())])).data[0]!,
        // Wide payload: the bytes a selective read skips.
        ...Object.fromEntries(Array.from({ length: 20 }, (_, k) => [`payload${k}`, makeVector(Float64Array.from({ length: rows }, (_, i) => i * k)).data[0]!])),
      };
      const fields = Object.entries(columns).map(([name, data]) => new Field(name, data.type, true));
      const schema = new Schema(fields);
      const batches = [0, 1].map(() => new RecordBatch(schema, makeData({ type: new Struct(fields), length: rows, children: Object.values(columns) })));
      await writeArrowIpc(path, batches, { format });
      const bytes = await openByteSource(path);
      let read = 0;
      const counting: ByteSource = { path, size: bytes.size, close: () => bytes.close(), readRange: (offset, length, signal, into) => ((read += length), bytes.readRange(offset, length, signal, into)) };
      const table = await ArrowIpcSource.open(counting);
      try {
        const cells = async (names?: string[]) => {
          const out: Record<string, string[]> = {};
          for await (const batch of table.read({ columns: names })) for (const f of batch.schema.fields) (out[f.name] ??= []).push(...[...batch.getChild(f.name)!].map(show));
          return out;
        };
        const all = await cells();
        read = 0;
        const picked = await cells(['pair', 'event', 'flag']);
        assert.deepEqual(Object.keys(picked), ['pair', 'event', 'flag']);
        for (const name of ['pair', 'event', 'flag']) assert.deepEqual(picked[name], all[name], name);
        assert.ok(read < bytes.size / 4, `a 3-column read fetched ${read} of ${bytes.size} bytes`);
        for (const name of Object.keys(columns).slice(0, 5)) assert.deepEqual((await cells([name]))[name], all[name], `${name} alone`);
        const ranged = await cells(['label', 'jets']);
        assert.equal(ranged.label![5], 'null');
        // Row 1 of the second batch: its values 2 and 3 of 4.
        assert.equal(ranged.jets![rows + 1], '[0.5,0.75]');
      } finally {
        await table.close();
      }
    });
  });
}
