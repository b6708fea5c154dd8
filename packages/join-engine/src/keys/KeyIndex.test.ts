import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KeyIndex } from './KeyIndex.ts';

const WIDTH = 3;

/** Keys of `rows` rows drawn from `distinct` values, in a seeded order (several hash partitions above 4096 rows). */
function randomLanes(rows: number, distinct: number, seed: number): Uint32Array {
  let state = seed;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
  const lanes = new Uint32Array(rows * WIDTH);
  for (let r = 0; r < rows; r++) {
    const k = next() % distinct;
    lanes.set([1, k >>> 7, Math.imul(k, 2654435761) >>> 0], r * WIDTH);
  }
  return lanes;
}

const keyOf = (lanes: Uint32Array, row: number) => lanes.subarray(row * WIDTH, (row + 1) * WIDTH).join(',');

for (const [rows, distinct, lookups] of [
  [0, 1, true],
  [50, 30, true],
  [40_000, 40_000_000, true],
  [40_000, 15_000, true],
  [40_000, 15_000, false],
] as const) {
  test(`${rows} rows of ${distinct} possible keys${lookups ? '' : ', built without lookups'}: heads, chains, repeats and lookups agree with a Map`, () => {
    const lanes = randomLanes(rows, distinct, 7);
    const index = new KeyIndex(lanes, WIDTH, rows, { lookups });
    const firstRow = new Map<string, number>();
    const rowsOf = new Map<string, number[]>();
    for (let r = 0; r < rows; r++) {
      const key = keyOf(lanes, r);
      if (!firstRow.has(key)) firstRow.set(key, r);
      rowsOf.set(key, [...(rowsOf.get(key) ?? []), r]);
    }
    assert.equal(index.distinct, firstRow.size);
    assert.equal(index.duplicateRows, rows - firstRow.size);
    for (let r = 0; r < rows; r++) assert.equal(index.repeats[r], firstRow.get(keyOf(lanes, r)) === r ? 0 : 1);
    for (const [key, head] of firstRow) {
      const chained: number[] = [];
      for (let p = head; p >= 0; p = index.next(p)) chained.push(p);
      assert.deepEqual(chained.sort((a, b) => a - b), rowsOf.get(key), `rows of ${key}`);
    }
    assert.equal(index.chainArray() === null, index.duplicateRows === 0);

    // Probe with other keys: some present, some not, some asked twice.
    const probes = randomLanes(rows + 100, distinct * 2, 11);
    const probeRows = probes.length / WIDTH;
    const heads = new Int32Array(probeRows);
    const again = new Uint8Array(probeRows);
    index.findAll(probes, probeRows, heads, again);
    const asked = new Set<string>();
    for (let r = 0; r < probeRows; r++) {
      const key = keyOf(probes, r);
      assert.equal(heads[r], firstRow.get(key) ?? -1, `probe ${r} (${key})`);
      if (heads[r]! >= 0) assert.equal(again[r], asked.has(key) ? 1 : 0, `probe ${r} asked again`);
      if (heads[r]! >= 0) asked.add(key);
    }
  });
}
