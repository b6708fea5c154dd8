import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { Field, Float32, Float64, List, makeData, RecordBatch, Schema, Struct } from 'apache-arrow';
import { FacilityError } from '@afkit/core';
import { openTable } from '../openTable.ts';
import { openByteSource } from '../source/openByteSource.ts';
import { tempDir } from '../testData.ts';
import { RootFileWriter } from '../write/RootFileWriter.ts';
import { loadCodecs } from './decompress.ts';
import { decompressAhead } from './decompressAhead.ts';
import { DecodePool, sharedDecodePool } from './decodePool.ts';
import { decodeBasket, readBasketHeader } from './readBasket.ts';
import { RootFile } from './RootFile.ts';

const dir = tempDir('afkit-decode-');
after(() => rmSync(dir, { recursive: true, force: true }));

/** Enough zlib baskets that one batch of them is worth sharing out (about 9 ms of decompression by the estimate). */
const ROWS = 400_000;
const x = (i: number) => Math.sin(i) * 1000;
const jets = (i: number) => Array.from({ length: i % 4 }, (_, k) => Math.fround(Math.cos(i + k)));
const path = join(dir, 'zlib.root');
const pool = sharedDecodePool();
const noPool = pool ? false : 'this machine has one core, so reads have no decode threads';

before(async () => {
  const item = new Field('item', new Float32(), false);
  const fields = [new Field('x', new Float64(), false), new Field('jets', new List(item), false)];
  const writer = await RootFileWriter.open(path, new Schema(fields));
  for (let first = 0; first < ROWS; first += 50_000) {
    const n = Math.min(50_000, ROWS - first);
    const offsets = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i]! + ((first + i) % 4);
    const values = new Float32Array(offsets[n]!);
    for (let i = 0; i < n; i++) values.set(jets(first + i), offsets[i]!);
    const children = [
      makeData({ type: new Float64(), length: n, data: Float64Array.from({ length: n }, (_, i) => x(first + i)) }),
      makeData({ type: new List(item), length: n, valueOffsets: offsets, child: makeData({ type: new Float32(), length: values.length, data: values }) }),
    ];
    await writer.write(new RecordBatch(new Schema(fields), makeData({ type: new Struct(fields), length: n, children })));
  }
  await writer.close();
});

/** Waits until the pool has a thread ready (its codecs loaded), as a facility's pool is after its first large batch. */
async function readyThreads(decodePool: DecodePool): Promise<void> {
  const until = Date.now() + 30_000;
  while (decodePool.available().length === 0) {
    assert.ok(Date.now() < until, `no decode thread was ready within 30 s (${decodePool.unavailable ?? 'no failure reported'})`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Every basket record of the file's branches, with the size of its values. */
async function basketRecords(file: string): Promise<{ offset: number; length: number; itemSize: 4 | 8 }[]> {
  const root = await RootFile.open(await openByteSource(file));
  try {
    const tree = await root.tree(root.defaultTree());
    return tree.fBranches.arr.flatMap((branch) =>
      Array.from({ length: branch.fWriteBasket }, (_, k) => ({ offset: Number(branch.fBasketSeek[k]), length: Number(branch.fBasketBytes[k]), itemSize: branch.fName === 'x' ? (8 as const) : (4 as const) })),
    );
  } finally {
    await root.close();
  }
}

test('a batch worth sharing out is decompressed on the decode threads as well, with the same values', { skip: noPool }, async () => {
  await readyThreads(pool!);
  const answered = pool!.answered;
  const table = await openTable(path);
  const batches: RecordBatch[] = [];
  for await (const batch of table.read({ batchSize: ROWS })) batches.push(batch);
  await table.close();
  assert.ok(pool!.answered > answered, 'the decode threads decompressed none of the batch');
  assert.equal(batches.length, 1);
  const xs = batches[0]!.getChild('x')!.toArray() as Float64Array;
  const lists = batches[0]!.getChild('jets')!;
  for (let i = 0; i < ROWS; i++) {
    assert.equal(xs[i], x(i), `x at ${i}`);
    if (i % 997 === 0) assert.deepEqual(Array.from(lists.get(i)!), jets(i), `jets at ${i}`);
  }
  const offsets = lists.data[0]!.valueOffsets;
  assert.equal(offsets[ROWS], (ROWS / 4) * 6, 'jets hold 0+1+2+3 values per 4 entries');
});

test('a corrupt basket in a shared-out batch is reported as any read reports it, and later reads go on', { skip: noPool }, async () => {
  await readyThreads(pool!);
  const bytes = Buffer.from(readFileSync(path));
  const [first] = (await basketRecords(path)).filter((r) => r.itemSize === 8);
  const { keylen } = readBasketHeader(bytes.subarray(first!.offset, first!.offset + first!.length), first!.offset);
  // Past the 9-byte block header, in the middle of the deflate data: zlib's checksum must catch it.
  bytes[first!.offset + keylen + 9 + ((first!.length - keylen - 9) >> 1)]! ^= 0x55;
  const corrupt = join(dir, 'corrupt.root');
  writeFileSync(corrupt, bytes);
  const table = await openTable(corrupt);
  await assert.rejects(
    (async () => {
      for await (const batch of table.read({ batchSize: ROWS })) void batch;
    })(),
    (e: unknown) => FacilityError.is(e) && e.message.includes(corrupt) && e.message.includes('unreadable basket in branch "x"'),
  );
  await table.close();
  const answered = pool!.answered;
  const good = await openTable(path);
  for await (const batch of good.read({ batchSize: ROWS })) assert.equal(batch.numRows, ROWS);
  await good.close();
  assert.ok(pool!.answered > answered);
});

test('threads that cannot start leave reads in the reading thread, without starting again and again', async () => {
  let starts = 0;
  const broken = new DecodePool(1, () => {
    starts++;
    return new Worker('throw new Error("no decode bundle beside this one")', { eval: true });
  });
  assert.deepEqual(broken.available(), []);
  const until = Date.now() + 10_000;
  while (!broken.unavailable) {
    assert.ok(Date.now() < until, 'the failed start was not noticed');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.match(broken.unavailable, /no decode bundle/);
  const wanted = await basketRecords(path);
  const bytes = readFileSync(path);
  const records = { bytesOf: (offset: number, length: number) => bytes.subarray(offset, offset + length) };
  assert.equal((await decompressAhead(records, wanted, broken)).size, 0);
  assert.equal(starts, 1);
});

test('a start that throws at once fails the pool the same way, and the read goes on in its own thread', async () => {
  const throwing = new DecodePool(1, () => {
    throw new Error('worker threads are not available here');
  });
  const wanted = await basketRecords(path);
  const bytes = readFileSync(path);
  const records = { bytesOf: (offset: number, length: number) => bytes.subarray(offset, offset + length) };
  assert.equal((await decompressAhead(records, wanted, throwing)).size, 0);
  assert.match(throwing.unavailable ?? '', /could not start: worker threads are not available here/);
});

test('when a decode thread dies, its baskets are left to the reader, and a new thread takes its place, up to the third death', async () => {
  await loadCodecs();
  let starts = 0;
  // Ready at once, then gone on its first request: as a thread killed for memory would be.
  const dying = new DecodePool(1, () => {
    starts++;
    return new Worker('const { parentPort } = require("node:worker_threads"); parentPort.postMessage({ type: "ready" }); parentPort.on("message", () => process.exit(7));', { eval: true });
  });
  await readyThreads(dying);
  const wanted = await basketRecords(path);
  const bytes = readFileSync(path);
  const records = { bytesOf: (offset: number, length: number) => bytes.subarray(offset, offset + length) };
  const decompressed = await decompressAhead(records, wanted, dying);
  assert.ok(decompressed.size > 0 && decompressed.size < wanted.length, `the reader's share only: ${decompressed.size} of ${wanted.length}`);
  for (const { offset, length, itemSize } of wanted) {
    const record = records.bytesOf(offset, length);
    assert.deepEqual(decodeBasket(record, offset, itemSize, decompressed.get(offset)), decodeBasket(record, offset, itemSize), `basket at ${offset}`);
  }
  await readyThreads(dying);
  assert.equal(starts, 2);
  assert.equal(dying.unavailable, undefined);
  // Two more deaths, and the pool stops starting threads that something keeps killing.
  for (let death = 2; death <= 3; death++) {
    assert.ok((await decompressAhead(records, wanted, dying)).size < wanted.length);
    if (death < 3) await readyThreads(dying);
  }
  assert.match(dying.unavailable ?? '', /3 decode threads died \(the last: the decode thread exited with code 7\)/);
  assert.deepEqual(dying.available(), []);
  assert.equal(starts, 3);
});

test('decode threads never keep a process alive', { skip: noPool }, () => {
  // Two reads, the second with a thread ready; then the process must end by itself, long before the threads' idle time.
  const script = `
    const { openTable } = await import(${JSON.stringify(new URL('../openTable.ts', import.meta.url).href)});
    const { sharedDecodePool } = await import(${JSON.stringify(new URL('./decodePool.ts', import.meta.url).href)});
    const read = async () => { const t = await openTable(${JSON.stringify(path)}); let n = 0; for await (const b of t.read({ batchSize: ${ROWS} })) n += b.numRows; await t.close(); return n; };
    await read();
    while (sharedDecodePool().available().length === 0) await new Promise((r) => setTimeout(r, 20));
    console.log(await read(), sharedDecodePool().answered > 0);`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 25_000 });
  assert.equal(child.signal, null, `the child did not exit by itself within 25 s: ${child.stderr}`);
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout.trim(), `${ROWS} true`);
});
