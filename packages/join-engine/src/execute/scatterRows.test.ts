import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Field, Float32, Float64, Int16, Int32, List, Uint64, Utf8, makeVector, vectorFromArray } from 'apache-arrow';
import type { Data, DataType } from 'apache-arrow';
import { scatterRows } from './scatterRows.ts';
import { takeRows } from './takeRows.ts';

/** A column as chunks of uneven sizes (one empty, one sliced out of a longer vector). */
function chunks(type: DataType, values: readonly unknown[]): Data[] {
  const cut = [0, 2, 2, Math.floor(values.length / 2), values.length];
  return cut.slice(1).map((end, i) => {
    const part = values.slice(cut[i], end);
    return i === 2 ? vectorFromArray([values[0], ...part], type).slice(1).data[0]! : vectorFromArray(part, type).data[0]!;
  });
}

/** A permutation of [0, n) in a seeded order. */
function permutation(n: number): Int32Array {
  const to = Int32Array.from({ length: n }, (_, i) => i);
  let state = 5;
  for (let i = n - 1; i > 0; i--) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const j = state % (i + 1);
    [to[i], to[j]] = [to[j]!, to[i]!];
  }
  return to;
}

const N = 1000;
const seq = (f: (i: number) => unknown) => Array.from({ length: N }, (_, i) => f(i));
for (const [name, type, values] of [
  ['float64 with nulls', new Float64(), seq((i) => (i % 7 === 3 ? null : i % 5 === 0 ? -0 : i / 3))],
  ['int32', new Int32(), seq((i) => (i * 2654435761) | 0)],
  ['uint64', new Uint64(), seq((i) => 2n ** 64n - 1n - BigInt(i) * 12345678901n)],
  ['float32 lists with null rows', new List(new Field('item', new Float32(), false)), seq((i) => (i % 11 === 0 ? null : Array.from({ length: i % 4 }, (_, k) => i + k / 4)))],
] as const) {
  test(`scatterRows places ${name} where each row goes, as gathering them from where they are does`, () => {
    const to = permutation(N);
    const from = new Int32Array(N);
    to.forEach((k, i) => (from[k] = i));
    const source = chunks(type as DataType, values);
    const placed = scatterRows(type as DataType, source, to, N);
    assert.ok(placed, 'placed');
    const show = (data: Data) => [...makeVector(data)].map((v) => (v !== null && typeof v === 'object' ? [...(v as Iterable<unknown>)] : v));
    const got = show(placed);
    assert.deepEqual(got, show(takeRows(type as DataType, source, from, name)));
    to.forEach((k, i) => assert.deepEqual(got[k], Array.isArray(values[i]) ? (values[i] as number[]).map(Math.fround) : values[i], `row ${i} at ${k}`));
  });
}

test('scatterRows leaves strings, narrow numbers and lists with null values to takeRows', () => {
  const to = permutation(4);
  assert.equal(scatterRows(new Utf8(), chunks(new Utf8(), ['a', 'b', 'c', 'd']), to, 4), null);
  assert.equal(scatterRows(new Int16(), chunks(new Int16(), [1, 2, 3, 4]), to, 4), null);
  const nullable = new List(new Field('item', new Float32(), true));
  assert.equal(scatterRows(nullable, chunks(nullable, [[1], [null], [], [2]]), to, 4), null);
});

test('scatterRows leaves output rows that get no row null (a left join keeps primary rows without a friend row)', () => {
  const listType = new List(new Field('item', new Float32(), false));
  const to = Int32Array.of(4, 0, 2);
  const x = makeVector(scatterRows(new Float64(), [vectorFromArray([1.5, null, 3.5], new Float64()).data[0]!], to, 6)!);
  assert.deepEqual([...x], [null, null, 3.5, null, 1.5, null]);
  const j = makeVector(scatterRows(listType, [vectorFromArray([[1], [2, 3], []], listType as DataType).data[0]!], to, 6)!);
  assert.deepEqual([...j].map((v) => (v === null ? null : [...(v as Iterable<number>)])), [[2, 3], null, [], null, [1], null]);
});
