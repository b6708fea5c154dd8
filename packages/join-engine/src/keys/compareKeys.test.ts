import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Int32, Int64, Table, Uint32, Uint64, makeVector, vectorFromArray } from 'apache-arrow';
import type { RecordBatch } from 'apache-arrow';
import { KeyComparer, firstDifferenceAsRead, keysAsRead } from './compareKeys.ts';
import { keyLayout } from './KeyLayout.ts';
import { normaliseKeys } from './normaliseKeys.ts';

const layout = keyLayout([
  { name: 'run', type: 'uint32' },
  { name: 'event', type: 'uint64' },
]);
const columns = ['run', 'event'];

function batchOf(run: Int32Array | Uint32Array, event: BigInt64Array | BigUint64Array): RecordBatch {
  const runType = run instanceof Int32Array ? new Int32() : new Uint32();
  const eventType = event instanceof BigInt64Array ? new Int64() : new Uint64();
  return new Table({ run: makeVector({ type: runType, data: run } as never), event: makeVector({ type: eventType, data: event } as never) }).batches[0]!;
}

function lanesOf(batch: RecordBatch): Uint32Array {
  const lanes = new Uint32Array(batch.numRows * layout.width);
  normaliseKeys(batch, layout, { file: 'f.arrow', columns }, lanes, 0);
  return lanes;
}

const rows = 1000;
const runs = Uint32Array.from({ length: rows }, (_, i) => 1 + (i >> 8));
const events = BigUint64Array.from({ length: rows }, (_, i) => (BigInt(i) << 40n) | 7n);

test('keys stored as their key types are compared as read: equal rows agree, and the first differing row is found in either word', () => {
  const batch = batchOf(runs, events);
  const asRead = keysAsRead(batch, layout, columns);
  assert.ok(asRead, 'uint32 runs and uint64 events without nulls are taken as read');
  const lanes = lanesOf(batch);
  assert.equal(firstDifferenceAsRead(layout, lanes, 0, asRead, rows), -1);
  // Against lanes from row 100 on: rows compared with the lanes `first` rows further on.
  const shifted = new Uint32Array(lanes.length + 100 * layout.width);
  shifted.set(lanes, 100 * layout.width);
  assert.equal(firstDifferenceAsRead(layout, shifted, 100, asRead, rows), -1);
  for (const [row, lane] of [
    [0, 0],
    [517, 1],
    [517, 2],
    [999, 2],
  ] as const) {
    const changed = lanes.slice();
    changed[row * layout.width + lane]! ^= 1;
    assert.equal(firstDifferenceAsRead(layout, changed, 0, asRead, rows), row, `lane ${lane} of row ${row}`);
  }
});

test('keys of other types, or with nulls, are not taken as read (they are normalised first)', () => {
  assert.equal(keysAsRead(batchOf(Int32Array.from(runs), events), layout, columns), null, 'int32 runs');
  assert.equal(keysAsRead(batchOf(runs, BigInt64Array.from(events)), layout, columns), null, 'int64 events');
  const withNull = new Table({ run: vectorFromArray([1, null], new Uint32()), event: makeVector({ type: new Uint64(), data: BigUint64Array.from([1n, 2n]) } as never) }).batches[0]!;
  assert.equal(keysAsRead(withNull, layout, columns), null, 'a null run');
  assert.equal(keysAsRead(batchOf(runs, events), layout, ['run', 'missing']), null, 'a missing column');
});

test('a comparer finds the first differing row whether the keys are compared as read or normalised first', () => {
  const comparer = new KeyComparer(layout, { file: 'f.arrow', columns });
  const expected = lanesOf(batchOf(runs, events));
  expected[(700 * layout.width) + 2]! ^= 4;
  for (const batch of [batchOf(runs, events), batchOf(Int32Array.from(runs), BigInt64Array.from(events))]) {
    assert.equal(comparer.firstDifference(batch, expected, 0), 700);
    assert.equal(comparer.firstDifference(batch, lanesOf(batch), 0), -1);
  }
});
