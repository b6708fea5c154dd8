import type { RegularAxis } from '../axes/RegularAxis.ts';
import { upperBound } from '../axes/binContinuous.ts';
import type { Storage } from '../storage/Storage.ts';

/*
 * The hot loops: regular axes into int/double/weighted storage. Entries are counted into a scratch array
 * with both flow slots always present (slot 0 underflow, 1..n bins, n+1 overflow, also NaN), so the loops
 * have no flow-flag branches; the scratch is folded into the storage afterwards. A bin index comes from
 * `(x - lo) * scale | 0` and is corrected by one edge comparison so values on an edge land exactly where
 * the published edges say, as in boost-histogram. Loops handle four entries per iteration: V8 inlines
 * `slot` and the unrolled body runs about twice as fast as the plain loop (bench/hist).
 */

/** Binning constants of one regular axis, hoisted out of the loops. */
interface Binning {
  readonly lo: number;
  readonly hi: number;
  readonly scale: number;
  readonly n: number;
  readonly e: Float64Array;
}

function binning(axis: RegularAxis): Binning {
  return { lo: axis.lower, hi: axis.upper, scale: axis.bins / (axis.upper - axis.lower), n: axis.bins, e: axis.edges() };
}

/** Slot of one value: 0 underflow, 1..n the bins, n + 1 overflow and NaN. */
function slot(v: number, lo: number, hi: number, scale: number, n: number, e: Float64Array): number {
  const z = (v - lo) * scale;
  if (z >= 0 && z < n) {
    let i = z | 0;
    if (v < e[i]!) i--;
    else if (v >= e[i + 1]!) i++;
    return i + 1;
  }
  if (v < lo) return 0;
  if (!(v < hi)) return n + 1;
  return upperBound(e, v); // in range, but the product rounded up to n
}

/** Counts (no weights) of one axis. */
function count1D(b: Binning, x: Float64Array, c: Float64Array): void {
  const { lo, hi, scale, n, e } = b;
  const len = x.length;
  const end = len & ~3;
  let k = 0;
  for (; k < end; k += 4) {
    c[slot(x[k]!, lo, hi, scale, n, e)]!++;
    c[slot(x[k + 1]!, lo, hi, scale, n, e)]!++;
    c[slot(x[k + 2]!, lo, hi, scale, n, e)]!++;
    c[slot(x[k + 3]!, lo, hi, scale, n, e)]!++;
  }
  for (; k < len; k++) c[slot(x[k]!, lo, hi, scale, n, e)]!++;
}

/** Σw of one axis. */
function weigh1D(b: Binning, x: Float64Array, w: Float64Array, c: Float64Array): void {
  const { lo, hi, scale, n, e } = b;
  const len = x.length;
  const end = len & ~3;
  let k = 0;
  for (; k < end; k += 4) {
    c[slot(x[k]!, lo, hi, scale, n, e)]! += w[k]!;
    c[slot(x[k + 1]!, lo, hi, scale, n, e)]! += w[k + 1]!;
    c[slot(x[k + 2]!, lo, hi, scale, n, e)]! += w[k + 2]!;
    c[slot(x[k + 3]!, lo, hi, scale, n, e)]! += w[k + 3]!;
  }
  for (; k < len; k++) c[slot(x[k]!, lo, hi, scale, n, e)]! += w[k]!;
}

/** Σw and Σw² of one axis, side by side in c (2s, 2s + 1) so one cache line serves both. */
function weighSquares1D(b: Binning, x: Float64Array, w: Float64Array, c: Float64Array): void {
  const { lo, hi, scale, n, e } = b;
  const len = x.length;
  const end = len & ~3;
  let k = 0;
  for (; k < end; k += 4) {
    addSquares(c, slot(x[k]!, lo, hi, scale, n, e) << 1, w[k]!);
    addSquares(c, slot(x[k + 1]!, lo, hi, scale, n, e) << 1, w[k + 1]!);
    addSquares(c, slot(x[k + 2]!, lo, hi, scale, n, e) << 1, w[k + 2]!);
    addSquares(c, slot(x[k + 3]!, lo, hi, scale, n, e) << 1, w[k + 3]!);
  }
  for (; k < len; k++) addSquares(c, slot(x[k]!, lo, hi, scale, n, e) << 1, w[k]!);
}

function addSquares(c: Float64Array, s: number, w: number): void {
  c[s]! += w;
  c[s + 1]! += w * w;
}

/** Counts, Σw or Σw and Σw² (side by side) of two axes into (nx + 2) × (ny + 2) slots. */
function fill2D(bx: Binning, by: Binning, x: Float64Array, y: Float64Array, c: Float64Array, w: Float64Array | undefined, squares: boolean): void {
  const stride = by.n + 2;
  const len = x.length;
  for (let k = 0; k < len; k++) {
    const s = slot(x[k]!, bx.lo, bx.hi, bx.scale, bx.n, bx.e) * stride + slot(y[k]!, by.lo, by.hi, by.scale, by.n, by.e);
    if (!w) c[s]!++;
    else if (!squares) c[s]! += w[k]!;
    else {
      const wk = w[k]!;
      c[2 * s]! += wk;
      c[2 * s + 1]! += wk * wk;
    }
  }
}

/** Storage index of a slot on one axis, or -1 where that flow bin is off. */
function slotIndex(axis: RegularAxis, s: number): number {
  const uf = axis.underflow ? 1 : 0;
  if (s === 0) return axis.underflow ? 0 : -1;
  if (s === axis.bins + 1) return axis.overflow ? axis.bins + uf : -1;
  return s - 1 + uf;
}

/**
 * Fills regular, non-circular axes (1 or 2 of them) into an int, double or weighted storage. Inputs are
 * Float64Arrays (others are converted first) so the loops stay monomorphic.
 */
export function fillRegularFast(axes: readonly RegularAxis[], columns: readonly ArrayLike<number>[], storage: Storage, weight: ArrayLike<number> | undefined): void {
  const dims = axes.map((a) => a.bins + 2);
  const cells = dims.reduce((a, b) => a * b, 1);
  const squares = storage.kind === 'weighted' && weight !== undefined;
  const slots = new Float64Array(squares ? 2 * cells : cells);
  const x = asFloat64(columns[0]!);
  const w = weight === undefined ? undefined : asFloat64(weight);
  const bx = binning(axes[0]!);
  if (axes.length === 2) fill2D(bx, binning(axes[1]!), x, asFloat64(columns[1]!), slots, w, squares);
  else if (!w) count1D(bx, x, slots);
  else if (!squares) weigh1D(bx, x, w, slots);
  else weighSquares1D(bx, x, w, slots);

  const values = storage.values;
  const variances = storage.kind === 'weighted' ? storage.field('variances') : undefined;
  const inner = axes.length === 2 ? axes[1]! : undefined;
  const innerExtent = inner ? inner.extent : 1;
  const innerSlots = inner ? dims[1]! : 1;
  for (let s = 0; s < cells; s++) {
    const sum = squares ? slots[2 * s]! : slots[s]!;
    const sum2 = squares ? slots[2 * s + 1]! : sum; // unweighted entries have w² = 1
    if (sum === 0 && sum2 === 0) continue;
    const i0 = slotIndex(axes[0]!, Math.floor(s / innerSlots));
    const i1 = inner ? slotIndex(inner, s % innerSlots) : 0;
    if (i0 < 0 || i1 < 0) continue;
    const i = i0 * innerExtent + i1;
    values[i]! += sum;
    if (variances) variances[i]! += sum2;
  }
}

function asFloat64(column: ArrayLike<number>): Float64Array {
  return column instanceof Float64Array ? column : Float64Array.from(column, Number);
}
