import type { Storage } from '../storage/Storage.ts';

/**
 * Adds every bin of `src` into a new storage: source axis `keep[j]` becomes target axis j, and its index
 * i maps to `maps[j][i]` (-1 drops the bin); source axes not kept are summed over, except for bins where
 * `only[d]` (given for source axis d) is 0. One routine serves project, pick, rebin, slice, category growth
 * and merges of grown category axes.
 */
export function reduceStorage(
  src: Storage,
  srcExtents: readonly number[],
  keep: readonly number[],
  maps: readonly Int32Array[],
  dstExtents: readonly number[],
  into?: Storage,
  only?: readonly (Uint8Array | undefined)[],
): Storage {
  const dstSize = dstExtents.reduce((a, b) => a * b, 1);
  const dst = into ?? src.emptyLike(dstSize);
  const rank = srcExtents.length;
  const dstStrides = strides(dstExtents);
  const counter = new Int32Array(rank);
  const total = srcExtents.reduce((a, b) => a * b, 1);
  for (let si = 0; si < total; si++) {
    let di = 0;
    for (let j = 0; j < keep.length; j++) {
      const t = maps[j]![counter[keep[j]!]!]!;
      if (t < 0) {
        di = -1;
        break;
      }
      di += t * dstStrides[j]!;
    }
    if (only) for (let d = 0; d < rank && di >= 0; d++) if (only[d] && !only[d]![counter[d]!]) di = -1;
    if (di >= 0) dst.addBin(di, src, si);
    for (let d = rank - 1; d >= 0; d--) {
      if (++counter[d]! < srcExtents[d]!) break;
      counter[d] = 0;
    }
  }
  return dst;
}

/** Row-major strides of a shape. */
export function strides(extents: readonly number[]): number[] {
  const out = new Array<number>(extents.length);
  let s = 1;
  for (let d = extents.length - 1; d >= 0; d--) {
    out[d] = s;
    s *= extents[d]!;
  }
  return out;
}
