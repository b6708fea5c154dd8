import type { RegularAxis } from '../axes/RegularAxis.ts';
import type { Storage } from '../storage/Storage.ts';

/*
 * The hot loops: regular axes into int/double/weighted storage. Entries are counted into a scratch array
 * with both flow slots always present (slot 0 underflow, 1..n bins, n+1 overflow, also NaN), so the loops
 * have no flow-flag branches; the scratch is folded into the storage afterwards.
 *
 * A slot is floor(v * scale + offset), clamped to [0, n + 1] (NaN to n + 1), then lowered by one where v
 * lies below the edge that opens that slot, so values on an edge land exactly where the published edges
 * say, as in boost-histogram. The offset is 1 - lower * scale raised by `delta`, a bound on the rounding
 * errors of that product and of the edges: the floor is then never below the right slot and at most one
 * above it, so one comparison (not one each way) finds the slot. Axes where that bound is not small next
 * to a bin (bins a few ulps wide) take the generic fill.
 *
 * What V8 makes of the loops decides the speed (bench/hist), hence:
 * - The kernels take blocks of BLOCK entries and are called once per block. A kernel called once per fill
 *   runs its first millions of entries in the interpreter, is then compiled on-stack-replacement style with
 *   its loop-invariant constants left boxed, and deoptimizes whenever the fill's temporary objects are
 *   collected; a kernel called thousands of times per fill is compiled once, as a plain function, early.
 * - Each kernel has its own block loop (the `…Blocks` functions). V8 compiles a block loop on-stack and
 *   inlines the kernel it calls; one block loop shared by all kernels was compiled for whichever fill ran
 *   first, deoptimized on the next kind of fill and recompiled with the kernels mixed, after which weighted
 *   fills ran at ~9 ns an entry in some processes and ~4 in others.
 * - Kernels take only typed arrays and numbers, and the binning constants come from a Float64Array, so the
 *   compiled code holds no maps of short-lived objects and reads the constants as unboxed doubles.
 * - The slot needs no call (a call inside the loop would make V8 recheck every array on every entry).
 * - The 1D loops handle four entries per step: V8 inlines `slot` and the unrolled body runs faster.
 */

/** Entries per kernel call: short enough that V8 compiles the kernel between calls rather than inside one. */
const BLOCK = 2048;

/** One regular axis as the kernels read it: k = [offset, scale, n + 1]; p = [-∞, edges…]. */
interface Binning {
  readonly k: Float64Array;
  readonly p: Float64Array;
}

/** The `delta` of an axis (see the top of this file); below 1/4 it is safe with room to spare. */
function roundingBound(axis: RegularAxis): number {
  const scale = axis.bins / (axis.upper - axis.lower);
  // a few units in the last place of the largest terms (|lower| * scale, |upper| * scale, n), and of
  // subnormal edges, whose rounding errors are absolute
  return 2 ** -48 * (Math.max(Math.abs(axis.lower), Math.abs(axis.upper)) * scale + axis.bins + 2) + 2 ** -1073 * scale;
}

/**
 * Whether fillRegularFast fills this axis exactly: not circular, its width finite (else the scale is 0)
 * and its bins wide enough next to the rounding errors for the one comparison.
 */
export function fastFillable(axis: RegularAxis): boolean {
  return !axis.circular && Number.isFinite(axis.upper - axis.lower) && roundingBound(axis) < 0.25;
}

function binning(axis: RegularAxis): Binning {
  const n = axis.bins;
  const scale = n / (axis.upper - axis.lower);
  const p = new Float64Array(n + 2);
  p[0] = -Infinity;
  p.set(axis.edges(), 1);
  return { k: Float64Array.of(1 + roundingBound(axis) - axis.lower * scale, scale, n + 1), p };
}

/** Slot of one value: 0 underflow, 1..n the bins, n + 1 (= top) overflow and NaN. */
function slot(v: number, offset: number, scale: number, top: number, p: Float64Array): number {
  const z = v * scale + offset;
  const s = (z < top ? (z > 0 ? z : 0) : top) | 0;
  return v < p[s]! ? s - 1 : s;
}

/** Counts (no weights) of x[from..to) on one axis. */
function count1D(k: Float64Array, p: Float64Array, x: Float64Array, from: number, to: number, c: Float64Array): void {
  const offset = k[0]!;
  const scale = k[1]!;
  const top = k[2]!;
  let j = from;
  for (; j + 3 < to; j += 4) {
    c[slot(x[j]!, offset, scale, top, p)]!++;
    c[slot(x[j + 1]!, offset, scale, top, p)]!++;
    c[slot(x[j + 2]!, offset, scale, top, p)]!++;
    c[slot(x[j + 3]!, offset, scale, top, p)]!++;
  }
  for (; j < to; j++) c[slot(x[j]!, offset, scale, top, p)]!++;
}

/** Σw of x[from..to) on one axis. */
function weigh1D(k: Float64Array, p: Float64Array, x: Float64Array, w: Float64Array, from: number, to: number, c: Float64Array): void {
  const offset = k[0]!;
  const scale = k[1]!;
  const top = k[2]!;
  let j = from;
  for (; j + 3 < to; j += 4) {
    c[slot(x[j]!, offset, scale, top, p)]! += w[j]!;
    c[slot(x[j + 1]!, offset, scale, top, p)]! += w[j + 1]!;
    c[slot(x[j + 2]!, offset, scale, top, p)]! += w[j + 2]!;
    c[slot(x[j + 3]!, offset, scale, top, p)]! += w[j + 3]!;
  }
  for (; j < to; j++) c[slot(x[j]!, offset, scale, top, p)]! += w[j]!;
}

/** Σw and Σw² of x[from..to) on one axis, side by side in c (2s, 2s + 1) so one cache line serves both. */
function weighSquares1D(k: Float64Array, p: Float64Array, x: Float64Array, w: Float64Array, from: number, to: number, c: Float64Array): void {
  const offset = k[0]!;
  const scale = k[1]!;
  const top = k[2]!;
  let j = from;
  for (; j + 3 < to; j += 4) {
    addSquares(c, slot(x[j]!, offset, scale, top, p) << 1, w[j]!);
    addSquares(c, slot(x[j + 1]!, offset, scale, top, p) << 1, w[j + 1]!);
    addSquares(c, slot(x[j + 2]!, offset, scale, top, p) << 1, w[j + 2]!);
    addSquares(c, slot(x[j + 3]!, offset, scale, top, p) << 1, w[j + 3]!);
  }
  for (; j < to; j++) addSquares(c, slot(x[j]!, offset, scale, top, p) << 1, w[j]!);
}

function addSquares(c: Float64Array, s: number, w: number): void {
  c[s]! += w;
  c[s + 1]! += w * w;
}

/**
 * Counts, Σw or Σw and Σw² (side by side) of entries [from, to) on two axes into (nx + 2) × (ny + 2) slots;
 * w has length 0 for counts.
 */
function fill2D(kx: Float64Array, px: Float64Array, ky: Float64Array, py: Float64Array, x: Float64Array, y: Float64Array, w: Float64Array, squares: boolean, from: number, to: number, c: Float64Array): void {
  const offsetx = kx[0]!;
  const scalex = kx[1]!;
  const topx = kx[2]!;
  const offsety = ky[0]!;
  const scaley = ky[1]!;
  const topy = ky[2]!;
  const stride = topy + 1;
  const weighted = w.length > 0;
  for (let j = from; j < to; j++) {
    const s = slot(x[j]!, offsetx, scalex, topx, px) * stride + slot(y[j]!, offsety, scaley, topy, py);
    if (!weighted) c[s]!++;
    else if (!squares) c[s]! += w[j]!;
    else {
      const wj = w[j]!;
      c[2 * s]! += wj;
      c[2 * s + 1]! += wj * wj;
    }
  }
}

// The block loops, one per kernel (see the top of this file).

function count1DBlocks(k: Float64Array, p: Float64Array, x: Float64Array, c: Float64Array): void {
  for (let from = 0; from < x.length; from += BLOCK) count1D(k, p, x, from, Math.min(x.length, from + BLOCK), c);
}

function weigh1DBlocks(k: Float64Array, p: Float64Array, x: Float64Array, w: Float64Array, c: Float64Array): void {
  for (let from = 0; from < x.length; from += BLOCK) weigh1D(k, p, x, w, from, Math.min(x.length, from + BLOCK), c);
}

function weighSquares1DBlocks(k: Float64Array, p: Float64Array, x: Float64Array, w: Float64Array, c: Float64Array): void {
  for (let from = 0; from < x.length; from += BLOCK) weighSquares1D(k, p, x, w, from, Math.min(x.length, from + BLOCK), c);
}

function fill2DBlocks(kx: Float64Array, px: Float64Array, ky: Float64Array, py: Float64Array, x: Float64Array, y: Float64Array, w: Float64Array, squares: boolean, c: Float64Array): void {
  for (let from = 0; from < x.length; from += BLOCK) fill2D(kx, px, ky, py, x, y, w, squares, from, Math.min(x.length, from + BLOCK), c);
}

/** Storage index of a slot on one axis, or -1 where that flow bin is off. */
function slotIndex(axis: RegularAxis, s: number): number {
  const uf = axis.underflow ? 1 : 0;
  if (s === 0) return axis.underflow ? 0 : -1;
  if (s === axis.bins + 1) return axis.overflow ? axis.bins + uf : -1;
  return s - 1 + uf;
}

/**
 * Fills regular axes that are {@link fastFillable} (1 or 2 of them) into an int, double or weighted storage. Inputs are
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
  if (axes.length === 2) {
    const by = binning(axes[1]!);
    fill2DBlocks(bx.k, bx.p, by.k, by.p, x, asFloat64(columns[1]!), w ?? new Float64Array(0), squares, slots);
  } else if (!w) count1DBlocks(bx.k, bx.p, x, slots);
  else if (!squares) weigh1DBlocks(bx.k, bx.p, x, w, slots);
  else weighSquares1DBlocks(bx.k, bx.p, x, w, slots);

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
