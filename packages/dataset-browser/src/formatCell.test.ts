import assert from 'node:assert/strict';
import { test } from 'node:test';
import { vectorFromArray, List, Field, Float32 } from 'apache-arrow';
import { formatCell } from './formatCell.ts';

test('64-bit integers show exactly, floats as float32 deserves', () => {
  assert.equal(formatCell(2n ** 63n - 1n), '9223372036854775807');
  assert.equal(formatCell(9007199254740993n), '9007199254740993');
  assert.equal(formatCell(Math.fround(23.1)), '23.1');
  assert.equal(formatCell(42), '42');
  assert.equal(formatCell(true), 'true');
  assert.equal(formatCell(null), '∅');
});

test('jagged Arrow cells show their values, never [object Object]', () => {
  const column = vectorFromArray([[23.1, 11.4], [], [5]], new List(new Field('item', new Float32(), false)));
  assert.equal(formatCell(column.get(0)), '[23.1, 11.4]');
  assert.equal(formatCell(column.get(1)), '[]');
  assert.equal(formatCell(new BigUint64Array([2n ** 64n - 1n])), '[18446744073709551615]');
  const long = formatCell(Float64Array.from({ length: 40 }, (_, i) => i));
  assert.match(long, /^\[0, 1, 2, .*… 8 more\]$/);
  assert.equal(formatCell({ a: 1, b: 2n }), '{a: 1, b: 2}');
});
