import type { ContinuousAxis } from './Axis.ts';

/**
 * Storage indices of values on a regular, integer or variable axis: bin i holds [edges[i], edges[i+1]),
 * -Infinity goes to underflow, +Infinity and NaN to overflow (dropped where that flow bin is off), as in boost-histogram.
 */
export function binContinuous(axis: ContinuousAxis, values: ArrayLike<number>, out: Int32Array): void {
  const e = axis.edges();
  const n = axis.bins;
  const lo = e[0]!;
  const hi = e[n]!;
  const uf = axis.underflow ? 1 : 0;
  const underflowIndex = axis.underflow ? 0 : -1;
  const overflowIndex = axis.overflow ? n + uf : -1;
  const period = hi - lo;
  const equalWidth = axis.kind !== 'variable';
  const scale = n / period;
  const circular = axis.circular;
  for (let k = 0; k < values.length; k++) {
    let x = +values[k]!;
    if (circular && x - x === 0) {
      x -= Math.floor((x - lo) / period) * period;
      if (x >= hi) x = lo; // rounding can land a wrapped value on the upper edge
    }
    if (x < lo) out[k] = underflowIndex;
    else if (!(x < hi)) out[k] = overflowIndex; // also NaN
    else if (equalWidth) {
      let i = Math.floor((x - lo) * scale);
      if (i >= n) i = n - 1;
      if (x < e[i]!) i--;
      else if (x >= e[i + 1]!) i++;
      out[k] = i + uf;
    } else out[k] = upperBound(e, x) - 1 + uf;
  }
}

/** First index whose edge is greater than x (edges sorted ascending). */
export function upperBound(edges: Float64Array, x: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
