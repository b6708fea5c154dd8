// Types for the one lz4js function afkit uses (lz4js ships no types).
declare module 'lz4js' {
  /** Decompresses a raw LZ4 block from `src[sIndex, sIndex+sLength)` into `dst` at `dIndex`; returns the end index in `dst`. */
  export function decompressBlock(src: Uint8Array, dst: Uint8Array, sIndex: number, sLength: number, dIndex: number): number;
}
