import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Field, Float32, List, Uint64, makeVector, vectorFromArray } from 'apache-arrow';
import type { DataType } from 'apache-arrow';
import { formatCell } from './formatCell.ts';

test('64-bit values stay exact, jagged cells read as [a, b], float32 noise is trimmed, nulls say null', () => {
  const big = makeVector({ type: new Uint64(), data: BigUint64Array.of(2n ** 64n - 1n) });
  assert.equal(formatCell(big.get(0)), '18446744073709551615');
  const jagged = vectorFromArray([[1.2, 3.4], [], null], new List(new Field('item', new Float32(), true)) as DataType);
  assert.equal(formatCell(jagged.get(0)), '[1.2, 3.4]');
  assert.equal(formatCell(jagged.get(1)), '[]');
  assert.equal(formatCell(jagged.get(2)), 'null');
  assert.equal(formatCell(42), '42');
  assert.equal(formatCell({ a: 1n, b: [1, 2] }), '{a: 1, b: [1, 2]}');
});
