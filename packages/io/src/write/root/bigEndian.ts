import type { LeafType } from './branchPlan.ts';

/**
 * Copies little-endian values (a typed array, as Arrow holds them on every platform Node runs on) into `target` at
 * `at` in ROOT's big-endian order, swapping whole words through aligned views. `at` must be a multiple of `size`.
 */
export function copyBigEndian(values: ArrayBufferView, target: Uint8Array, at: number, size: 1 | 2 | 4 | 8): void {
  const source = values.byteOffset % Math.min(size, 4) === 0 ? values : new Uint8Array(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  const bytes = source.byteLength;
  if (size === 1) {
    target.set(new Uint8Array(source.buffer, source.byteOffset, bytes), at);
  } else if (size === 2) {
    const from = new Uint16Array(source.buffer, source.byteOffset, bytes / 2);
    const to = new Uint16Array(target.buffer, target.byteOffset + at, bytes / 2);
    for (let i = 0; i < from.length; i++) {
      const x = from[i]!;
      to[i] = (x >>> 8) | ((x & 0xff) << 8);
    }
  } else {
    const from = new Uint32Array(source.buffer, source.byteOffset, bytes / 4);
    const to = new Uint32Array(target.buffer, target.byteOffset + at, bytes / 4);
    if (size === 4) {
      for (let i = 0; i < from.length; i++) to[i] = swap32(from[i]!);
    } else {
      // A 64-bit value is two 32-bit words: swap each and exchange them.
      for (let i = 0; i < from.length; i += 2) {
        to[i] = swap32(from[i + 1]!);
        to[i + 1] = swap32(from[i]!);
      }
    }
  }
}

function swap32(x: number): number {
  return ((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24);
}

/** Writes the value a null entry holds in ROOT: NaN for floating point, zero otherwise (false for booleans). */
export function fillDefault(target: Uint8Array, at: number, leaf: LeafType): void {
  const view = new DataView(target.buffer, target.byteOffset + at, leaf.size);
  if (leaf.leafClass === 'TLeafF') view.setFloat32(0, NaN);
  else if (leaf.leafClass === 'TLeafD') view.setFloat64(0, NaN);
  else target.fill(0, at, at + leaf.size);
}
