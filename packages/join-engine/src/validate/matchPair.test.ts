import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchPair } from './matchPair.ts';

const WIDTH = 2;
/** Lanes of keys (1, k) for each k; above 4096 rows the index has several hash partitions. */
const lanesOf = (keys: readonly number[]) => Uint32Array.from(keys.flatMap((k) => [1, k]));
const range = (n: number) => Array.from({ length: n }, (_, i) => i * 7 + 3);
/** A seeded shuffle of `keys`. */
function shuffled(keys: readonly number[]): number[] {
  const out = [...keys];
  let state = 11;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
const job = (primary: readonly number[], friend: readonly number[]) => ({
  width: WIDTH,
  start: 100,
  primary: lanesOf(primary),
  friend: lanesOf(friend),
  matchOf: new Int32Array(friend.length),
  rowOf: new Int32Array(primary.length),
});

for (const n of [0, 1, 50, 20_000]) {
  test(`${n} rows in another order: a bijection, each row mapped to the global row holding its key on the other side`, () => {
    const primary = range(n);
    const friend = shuffled(primary);
    const j = job(primary, friend);
    assert.equal(matchPair(j), true);
    for (let r = 0; r < n; r++) assert.equal(primary[j.matchOf[r]! - 100], friend[r], `friend row ${r}`);
    for (let p = 0; p < n; p++) assert.equal(friend[j.rowOf[p]! - 100], primary[p], `primary row ${p}`);
  });
}

test('a friend key not in the primary file, a repeated friend key or a different row count is not a bijection', () => {
  const primary = range(20_000);
  const friend = shuffled(primary);
  const foreign = [...friend];
  foreign[12_345] = 1;
  assert.equal(matchPair(job(primary, foreign)), false);
  const repeated = [...friend];
  repeated[9_999] = repeated[10_000]!;
  assert.equal(matchPair(job(primary, repeated)), false);
  assert.equal(matchPair(job(primary, friend.slice(1))), false);
});
