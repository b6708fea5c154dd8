import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Bool, Field, Float32, Float64, Int16, Int64, List, Uint64, Utf8, makeVector, vectorFromArray } from 'apache-arrow';
import type { Data, DataType } from 'apache-arrow';
import { takeRows } from './takeRows.ts';

/** Each column as two chunks (rows 0-2 and 3-5), the second one sliced out of a longer vector. */
function chunks(type: DataType, values: unknown[]): Data[] {
  const first = vectorFromArray(values.slice(0, 3), type).data[0]!;
  const second = vectorFromArray([values[0], ...values.slice(3)], type).slice(1).data[0]!;
  return [first, second];
}

const ROWS = Int32Array.of(5, -1, 0, 3, 3, 2);

for (const [name, type, values] of [
  ['float64 with nulls', new Float64(), [1.5, null, -0, Number.MAX_VALUE, 5e-324, Number.NaN]],
  ['int64', new Int64(), [-(2n ** 63n), 1n, -1n, 2n ** 63n - 1n, 0n, 42n]],
  ['uint64', new Uint64(), [2n ** 64n - 1n, 1n, 2n ** 63n, 7n, 0n, 2n ** 53n + 1n]],
  ['int16', new Int16(), [-32768, 1, 32767, -1, 0, 5]],
  ['float32 lists', new List(new Field('item', new Float32(), true)), [[1.5, 2.5], [], null, [3], [4, 5, 6], [7]]],
  ['strings', new Utf8(), ['a', '', 'ccc', null, 'éé', 'f']],
  ['bools', new Bool(), [true, false, null, true, false, true]],
] as const) {
  test(`takeRows gathers ${name} exactly across chunks, nulls where asked and where the source is null`, () => {
    const taken = makeVector(takeRows(type as DataType, chunks(type as DataType, [...values]), ROWS, name));
    const expected = [...ROWS].map((r) => (r < 0 ? null : values[r]));
    const got = [...taken].map((v) => (v !== null && typeof v === 'object' ? [...(v as Iterable<unknown>)] : v));
    assert.deepEqual(got, expected.map((v) => (Array.isArray(v) ? v.map(Math.fround) : v)));
  });
}

test('takeRows finds rows in many chunks of uneven sizes (empty, single rows, thousands), in any order', () => {
  const sizes = [0, 1, 3000, 0, 1, 1024, 2048, 5, 4000, 0];
  const listType = new List(new Field('item', new Float32(), false));
  const total = sizes.reduce((a, b) => a + b, 0);
  const lists = Array.from({ length: total }, (_, r) => Array.from({ length: r % 4 }, (_, i) => r + i / 4));
  let at = 0;
  const xChunks: Data[] = [];
  const listChunks: Data[] = [];
  for (const size of sizes) {
    xChunks.push(vectorFromArray(Array.from({ length: size }, (_, i) => at + i), new Float64()).data[0]!);
    listChunks.push(vectorFromArray(lists.slice(at, at + size), listType as DataType).data[0]!);
    at += size;
  }
  // Every row once in a scrambled order, then rows from both ends and nulls.
  const rows = Int32Array.from([...Array.from({ length: total }, (_, k) => (k * 7919) % total), 0, total - 1, -1, 3000, 3001]);
  const x = makeVector(takeRows(new Float64(), xChunks, rows, 'x'));
  const j = makeVector(takeRows(listType, listChunks, rows, 'j'));
  rows.forEach((r, k) => {
    assert.equal(x.get(k), r < 0 ? null : r, `x of output row ${k}`);
    assert.deepEqual(r < 0 ? null : [...(j.get(k) as Iterable<number>)], r < 0 ? null : lists[r], `j of output row ${k}`);
  });
});
