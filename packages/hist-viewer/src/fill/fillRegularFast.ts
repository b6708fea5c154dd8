import type { RegularAxis } from '../axes/RegularAxis.ts';
import { upperBound } from '../axes/binContinuous.ts';
import type { Storage } from '../storage/Storage.ts';

/*
 * The hot loops: regular axes into int/double/weighted storage. Entries are counted into a scratch array
 * with both flow slots always present (slot 0 underflow, 1..n bins, n+1 overflow, also NaN), so the loop
 * has no flow-flag branches; the scratch is folded into the storage afterwards. A bin index comes from
 * `(x - lo) * scale | 0` and is corrected by one edge comparison so values on an edge land exactly where
 * the published edges say, as in boost-histogram.
 */

/** Slot of a value the fast test put outside [lo, hi): underflow, overflow/NaN, or a bin the rounding pushed out. */
function outsideSlot(x: number, lo: number, hi: number, n: number, e: Float64Array): number {
  if (x < lo) return 0;
  if (!(x < hi)) return n + 1;
  return upperBound(e, x);
}

/** Counts values of one regular axis into slots; `w2` receives Σw² when given. */
function slots1D(axis: RegularAxis, x: ArrayLike<number>, c: Float64Array, w: ArrayLike<number> | undefined, w2: Float64Array | undefined): void {
  const n = axis.bins;
  const lo = axis.lower;
  const hi = axis.upper;
  const scale = n / (hi - lo);
  const e = axis.edges();
  const len = x.length;
  if (!w) {
    for (let k = 0; k < len; k++) {
      const v = x[k]!;
      const z = (v - lo) * scale;
      if (z >= 0 && z < n) {
        let i = z | 0;
        if (v < e[i]!) i--;
        else if (v >= e[i + 1]!) i++;
        c[i + 1]!++;
      } else c[outsideSlot(v, lo, hi, n, e)]!++;
    }
    return;
  }
  for (let k = 0; k < len; k++) {
    const v = x[k]!;
    const wk = w[k]!;
    const z = (v - lo) * scale;
    let s: number;
    if (z >= 0 && z < n) {
      let i = z | 0;
      if (v < e[i]!) i--;
      else if (v >= e[i + 1]!) i++;
      s = i + 1;
    } else s = outsideSlot(v, lo, hi, n, e);
    c[s]! += wk;
    if (w2) w2[s]! += wk * wk;
  }
}

/** Counts pairs of values on two regular axes into (nx + 2) × (ny + 2) slots. */
function slots2D(ax: RegularAxis, ay: RegularAxis, x: ArrayLike<number>, y: ArrayLike<number>, c: Float64Array, w: ArrayLike<number> | undefined, w2: Float64Array | undefined): void {
  const nx = ax.bins;
  const lx = ax.lower;
  const hx = ax.upper;
  const sx = nx / (hx - lx);
  const ex = ax.edges();
  const ny = ay.bins;
  const ly = ay.lower;
  const hy = ay.upper;
  const sy = ny / (hy - ly);
  const ey = ay.edges();
  const stride = ny + 2;
  const len = x.length;
  for (let k = 0; k < len; k++) {
    const u = x[k]!;
    const v = y[k]!;
    const zx = (u - lx) * sx;
    let ix: number;
    if (zx >= 0 && zx < nx) {
      ix = zx | 0;
      if (u < ex[ix]!) ix--;
      else if (u >= ex[ix + 1]!) ix++;
      ix++;
    } else ix = outsideSlot(u, lx, hx, nx, ex);
    const zy = (v - ly) * sy;
    let iy: number;
    if (zy >= 0 && zy < ny) {
      iy = zy | 0;
      if (v < ey[iy]!) iy--;
      else if (v >= ey[iy + 1]!) iy++;
      iy++;
    } else iy = outsideSlot(v, ly, hy, ny, ey);
    const s = ix * stride + iy;
    if (w) {
      const wk = w[k]!;
      c[s]! += wk;
      if (w2) w2[s]! += wk * wk;
    } else c[s]!++;
  }
}

/** Storage index of a slot on one axis, or -1 where that flow bin is off. */
function slotIndex(axis: RegularAxis, s: number): number {
  const uf = axis.underflow ? 1 : 0;
  if (s === 0) return axis.underflow ? 0 : -1;
  if (s === axis.bins + 1) return axis.overflow ? axis.bins + uf : -1;
  return s - 1 + uf;
}

/** Fills regular, non-circular axes (1 or 2 of them) into an int, double or weighted storage. */
export function fillRegularFast(axes: readonly RegularAxis[], columns: readonly ArrayLike<number>[], storage: Storage, weight: ArrayLike<number> | undefined): void {
  const dims = axes.map((a) => a.bins + 2);
  const cells = dims.reduce((a, b) => a * b, 1);
  const c = new Float64Array(cells);
  const c2 = storage.kind === 'weighted' && weight ? new Float64Array(cells) : undefined;
  if (axes.length === 1) slots1D(axes[0]!, columns[0]!, c, weight, c2);
  else slots2D(axes[0]!, axes[1]!, columns[0]!, columns[1]!, c, weight, c2);
  const values = storage.values;
  const variances = storage.kind === 'weighted' ? storage.field('variances') : undefined;
  const inner = axes.length === 2 ? axes[1]! : undefined;
  const innerExtent = inner ? inner.extent : 1;
  const innerSlots = inner ? dims[1]! : 1;
  for (let s = 0; s < cells; s++) {
    if (c[s] === 0) continue;
    const i0 = slotIndex(axes[0]!, Math.floor(s / innerSlots));
    const i1 = inner ? slotIndex(inner, s % innerSlots) : 0;
    if (i0 < 0 || i1 < 0) continue;
    const i = i0 * innerExtent + i1;
    values[i]! += c[s]!;
    // unweighted entries into a weighted storage have w² = 1
    if (variances) variances[i]! += c2 ? c2[s]! : c[s]!;
  }
}
