import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RegularAxis } from '../axes/RegularAxis.ts';
import { Storage } from '../storage/Storage.ts';
import { seededRandom } from '../testing/seededRandom.ts';
import { fastFillable, fillRegularFast } from './fillRegularFast.ts';

/** Storage index by bisection over the published edges, flow by hand (independent of the kernels' arithmetic). */
function referenceIndex(axis: RegularAxis, x: number): number {
  const e = axis.edges();
  const n = axis.bins;
  if (Number.isNaN(x) || x >= e[n]!) return n + 1;
  if (x < e[0]!) return 0;
  let lo = 0;
  let hi = n;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x >= e[mid]!) lo = mid;
    else hi = mid;
  }
  return lo + 1;
}

const bits = new DataView(new ArrayBuffer(8));
/** The neighbouring double towards +Infinity (up) or -Infinity (down); finite, non-zero x only. */
function neighbour(x: number, up: boolean): number {
  bits.setFloat64(0, x);
  const step = (x > 0) === up ? 1n : -1n;
  bits.setBigInt64(0, bits.getBigInt64(0) + step);
  return bits.getFloat64(0);
}

/** Every edge, its two neighbours, flow and special values, and random values around the range. */
function awkwardValues(axis: RegularAxis, random: () => number, count: number): Float64Array {
  const { lower, upper } = axis;
  const out: number[] = [NaN, Infinity, -Infinity, 0, -0, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, -Number.MIN_VALUE];
  for (const e of axis.edges()) out.push(e, ...(e === 0 ? [] : [neighbour(e, true), neighbour(e, false)]));
  for (let i = 0; i < count; i++) out.push(lower - 0.1 * (upper - lower) + 1.2 * (upper - lower) * random());
  return Float64Array.from(out);
}

function fillBoth(axis: RegularAxis, xs: Float64Array, w?: Float64Array): { fast: Float64Array; reference: Float64Array } {
  const storage = new Storage(w ? 'weighted' : 'double', axis.extent);
  fillRegularFast([axis], [xs], storage, w);
  const reference = new Float64Array(2 * axis.extent);
  for (let k = 0; k < xs.length; k++) {
    const i = referenceIndex(axis, xs[k]!);
    const wk = w ? w[k]! : 1;
    reference[i]! += wk;
    reference[axis.extent + i]! += wk * wk;
  }
  const fast = new Float64Array(2 * axis.extent);
  fast.set(storage.values);
  fast.set(w ? storage.field('variances') : storage.values, axis.extent);
  return { fast, reference };
}

describe('fillRegularFast', () => {
  // ranges far from zero next to their width, tiny and subnormal ranges, many bins, ranges across zero
  const axes = [
    new RegularAxis(100, -3, 3),
    new RegularAxis(7, -2.5, 7.3),
    new RegularAxis(1000, 1e6, 1e6 + 1),
    new RegularAxis(3, 1e9, 1e9 + 3e-3),
    new RegularAxis(50, -1e-300, 3e-300),
    new RegularAxis(10, 0, 1e-305),
    new RegularAxis(20000, 0.1, 0.7),
    new RegularAxis(1, -1, 1),
    new RegularAxis(64, 2 ** 40, 2 ** 40 + 8),
  ];

  it('puts every value, on and next to every edge, where the published edges say', () => {
    const random = seededRandom(19);
    for (const axis of axes) {
      assert.ok(fastFillable(axis), axis.describe());
      // lengths around the kernels' block and unrolling
      for (const count of [0, 1, 3, 4, 5, 2047, 2048, 2049, 9001]) {
        const xs = awkwardValues(axis, random, count);
        const { fast, reference } = fillBoth(axis, xs);
        assert.deepEqual(fast, reference, `${axis.describe()}, ${xs.length} values`);
      }
    }
  });

  it('adds weights and their squares into the same slots', () => {
    const random = seededRandom(23);
    for (const axis of axes) {
      const xs = awkwardValues(axis, random, 5000);
      const w = Float64Array.from(xs, () => Math.floor(8 * random()) / 4); // sums stay exact
      const { fast, reference } = fillBoth(axis, xs, w);
      assert.deepEqual(fast, reference, axis.describe());
    }
  });

  it('fills two axes, each entry at the pair of slots its values say', () => {
    const random = seededRandom(29);
    const ax = axes[2]!;
    const ay = axes[4]!;
    const xs = awkwardValues(ax, random, 3000);
    const ys = awkwardValues(ay, random, xs.length - awkwardValues(ay, random, 0).length);
    assert.equal(xs.length, ys.length);
    const storage = new Storage('int', ax.extent * ay.extent);
    fillRegularFast([ax, ay], [xs, ys], storage, undefined);
    const expected = new Float64Array(ax.extent * ay.extent);
    for (let k = 0; k < xs.length; k++) expected[referenceIndex(ax, xs[k]!) * ay.extent + referenceIndex(ay, ys[k]!)]!++;
    assert.deepEqual(storage.values, expected);
  });

  it('leaves axes with bins a few ulps wide, infinite widths and circular axes to the generic fill', () => {
    assert.equal(fastFillable(new RegularAxis(4, 1e15, 1e15 + 4)), false);
    assert.equal(fastFillable(new RegularAxis(64, 2 ** 40, 2 ** 40 + 2 ** -4)), false);
    assert.equal(fastFillable(new RegularAxis(10, 0, 1e-320)), false);
    assert.equal(fastFillable(new RegularAxis(4, -1e308, 1e308)), false);
    assert.equal(fastFillable(new RegularAxis(4, 0, 360, { circular: true })), false);
    assert.equal(fastFillable(new RegularAxis(4, 1e6, 1e6 + 4)), true);
  });
});
