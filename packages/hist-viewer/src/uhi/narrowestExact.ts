/** A typed array that {@link narrowestExact} may return. */
export type ExactArray = Float64Array | Float32Array | Int32Array | Uint16Array | Uint8Array;

/**
 * `values` in the narrowest typed array that holds every one of them exactly: counts of a live histogram fit in
 * one or two bytes a bin, an eighth or a quarter of a Float64Array, which a stream to a remote editor feels.
 * Float64Array itself when nothing narrower is exact.
 */
export function narrowestExact(values: Float64Array): ExactArray {
  let integers = true;
  let min = 0;
  let max = 0;
  let singles = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (integers) {
      if (Number.isInteger(v)) {
        if (v < min) min = v;
        else if (v > max) max = v;
      } else integers = false;
    }
    // NaN is a float32 too
    if (singles && Math.fround(v) !== v && v === v) singles = false;
    if (!integers && !singles) break;
  }
  // the constructors convert typed arrays natively; `from` would iterate
  if (integers && min >= 0 && max < 2 ** 8) return new Uint8Array(values);
  if (integers && min >= 0 && max < 2 ** 16) return new Uint16Array(values);
  if (integers && min >= -(2 ** 31) && max < 2 ** 31) return new Int32Array(values);
  if (singles) return new Float32Array(values);
  return values.slice();
}

/** True for the typed arrays {@link narrowestExact} makes. */
export function isExactArray(value: unknown): value is ExactArray {
  return value instanceof Float64Array || value instanceof Float32Array || value instanceof Int32Array || value instanceof Uint16Array || value instanceof Uint8Array;
}
