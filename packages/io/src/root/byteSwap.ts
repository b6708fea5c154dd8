/**
 * Copies big-endian values into a native (little-endian) byte region and swaps them in bulk through a wide typed view,
 * which is far faster than DataView reads value by value. `target` must be aligned to `size`.
 */
export function copyBigEndian(source: Uint8Array, target: Uint8Array, size: 1 | 2 | 4 | 8): void {
  target.set(source);
  const count = source.length / size;
  if (size === 1 || count === 0) return;
  if (size === 2) {
    const v = new Uint16Array(target.buffer, target.byteOffset, count);
    for (let i = 0; i < count; i++) {
      const x = v[i]!;
      v[i] = (x >>> 8) | (x << 8);
    }
    return;
  }
  const v = new Uint32Array(target.buffer, target.byteOffset, count * (size >>> 2));
  if (size === 4) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i]!;
      v[i] = (x >>> 24) | ((x >>> 8) & 0xff00) | ((x << 8) & 0xff0000) | (x << 24);
    }
    return;
  }
  for (let i = 0; i < v.length; i += 2) {
    const hi = v[i]!;
    const lo = v[i + 1]!;
    v[i] = (lo >>> 24) | ((lo >>> 8) & 0xff00) | ((lo << 8) & 0xff0000) | (lo << 24);
    v[i + 1] = (hi >>> 24) | ((hi >>> 8) & 0xff00) | ((hi << 8) & 0xff0000) | (hi << 24);
  }
}
