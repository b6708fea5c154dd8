/**
 * Copies big-endian values into a native (little-endian) byte region and swaps them in place with node's native
 * Buffer swaps, three to ten times faster here than a JavaScript loop over a wide typed view. `target` must not be
 * shared with anything else that is being read while this runs.
 */
export function copyBigEndian(source: Uint8Array, target: Uint8Array, size: 1 | 2 | 4 | 8): void {
  target.set(source);
  swapInPlace(target, size);
}

/** Reverses the byte order of each `size`-byte value of `bytes` (whose length is a multiple of `size`). */
export function swapInPlace(bytes: Uint8Array, size: 1 | 2 | 4 | 8): void {
  if (size === 1 || bytes.length === 0) return;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (size === 2) buffer.swap16();
  else if (size === 4) buffer.swap32();
  else buffer.swap64();
}
