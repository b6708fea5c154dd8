import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Int32, Int64, RecordBatch, Table, Uint32, Uint64, makeVector, vectorFromArray } from 'apache-arrow';
import { formatKey, keyLayout } from './KeyLayout.ts';
import { normaliseKeys } from './normaliseKeys.ts';

const layout = keyLayout([
  { name: 'run', type: 'uint32' },
  { name: 'event', type: 'uint64' },
]);

function batchOf(run: Int32Array | Uint32Array | BigInt64Array, event: BigInt64Array | BigUint64Array): RecordBatch {
  const runType = run instanceof Int32Array ? new Int32() : run instanceof Uint32Array ? new Uint32() : new Int64();
  const eventType = event instanceof BigInt64Array ? new Int64() : new Uint64();
  return new Table({ run: makeVector({ type: runType, data: run } as never), event: makeVector({ type: eventType, data: event } as never) }).batches[0]!;
}

function normalise(batch: RecordBatch): Uint32Array {
  const out = new Uint32Array(batch.numRows * layout.width);
  normaliseKeys(batch, layout, { file: 'f.arrow', columns: ['run', 'event'] }, out, 0);
  return out;
}

test('int32, uint32 and int64 runs and int64/uint64 events normalise to the same exact keys, up to 2^64-1', () => {
  const events = [0n, (1n << 63n) - 1n, 1n << 53n | 1n];
  const a = normalise(batchOf(Int32Array.from([1, 2, 3]), BigInt64Array.from(events)));
  const b = normalise(batchOf(Uint32Array.from([1, 2, 3]), BigUint64Array.from(events)));
  const c = normalise(batchOf(BigInt64Array.from([1n, 2n, 3n]), BigUint64Array.from(events)));
  assert.deepEqual(a, b);
  assert.deepEqual(a, c);
  assert.equal(formatKey(layout, a, 1), 'run=2 event=9223372036854775807');
  assert.equal(formatKey(layout, a, 2), 'run=3 event=9007199254740993');
  const top = normalise(batchOf(Uint32Array.from([4294967295]), BigUint64Array.from([(1n << 64n) - 1n])));
  assert.equal(formatKey(layout, top, 0), 'run=4294967295 event=18446744073709551615');
});

test('a negative key, an overflowing key and a null key fail naming the file, column and entry', () => {
  assert.throws(() => normalise(batchOf(Int32Array.from([1, -5]), BigInt64Array.from([1n, 2n]))), /f\.arrow: key run at entry 1 is negative \(-5\)/);
  assert.throws(() => normalise(batchOf(Uint32Array.from([1, 2]), BigInt64Array.from([1n, -2n]))), /key event at entry 1 is negative \(-2\)/);
  assert.throws(() => normalise(batchOf(BigInt64Array.from([1n, 1n << 32n]), BigUint64Array.from([1n, 2n]))), /key run at entry 1 is 4294967296, which overflows uint32/);
  const withNull = new Table({ run: vectorFromArray([1, null], new Int32()), event: makeVector({ type: new Uint64(), data: BigUint64Array.from([1n, 2n]) }) }).batches[0]!;
  assert.throws(() => normalise(withNull), /key run at entry 1 is null/);
});

test('keys past the first block of rows land in their rows, and a bad one is named by its own entry', () => {
  const n = 10_000;
  const runs = Int32Array.from({ length: n }, (_, i) => i);
  const events = BigUint64Array.from({ length: n }, (_, i) => (1n << 40n) + BigInt(i));
  const lanes = normalise(batchOf(runs, events));
  assert.equal(formatKey(layout, lanes, 9_999), `run=9999 event=${(1n << 40n) + 9_999n}`);
  runs[9_000] = -7;
  assert.throws(() => normalise(batchOf(runs, events)), /key run at entry 9000 is negative \(-7\)/);
  const wideRuns = BigInt64Array.from({ length: n }, (_, i) => BigInt(i));
  wideRuns[7_001] = 1n << 33n;
  assert.throws(() => normalise(batchOf(wideRuns, events)), /key run at entry 7001 is 8589934592, which overflows uint32/);
});
