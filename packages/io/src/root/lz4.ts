/** Copies shorter than this go byte by byte: below it, a typed-array call costs more than the loop. */
const BULK = 16;
/**
 * Literal runs shorter than this go byte by byte too: a bulk copy from another buffer needs a subarray, a heap object of
 * its own, and the garbage of 1,400 of them per HZZ read cost more than copying up to 255 bytes in the loop.
 */
const BULK_LITERALS = 256;

/**
 * Decodes one LZ4 block (the raw block format, without a frame) into `target`, sized to hold the whole output, and
 * returns how many bytes it wrote. Every length and match offset is checked against both buffers: corrupt input
 * throws an Error instead of reading or writing out of bounds.
 */
export function decodeLz4Block(input: Uint8Array, target: Uint8Array): number {
  const inEnd = input.length;
  const outEnd = target.length;
  let i = 0;
  let o = 0;
  while (i < inEnd) {
    const token = input[i++]!;
    let literals = token >>> 4;
    if (literals === 15) {
      let more: number;
      do {
        if (i >= inEnd) throw new Error('LZ4 block ends inside a literal length');
        more = input[i++]!;
        literals += more;
      } while (more === 255);
    }
    if (i + literals > inEnd || o + literals > outEnd) throw new Error(`LZ4 literal run of ${literals} bytes at ${i} overruns the block`);
    if (literals < BULK_LITERALS) {
      for (const end = i + literals; i < end; ) target[o++] = input[i++]!;
    } else {
      target.set(input.subarray(i, i + literals), o);
      i += literals;
      o += literals;
    }
    // The last sequence is literals only.
    if (i === inEnd) break;
    if (i + 2 > inEnd) throw new Error('LZ4 block ends inside a match offset');
    const offset = input[i]! | (input[i + 1]! << 8);
    i += 2;
    if (offset === 0 || offset > o) throw new Error(`LZ4 match offset ${offset} at output byte ${o} points outside the data`);
    let length = token & 15;
    if (length === 15) {
      let more: number;
      do {
        if (i >= inEnd) throw new Error('LZ4 block ends inside a match length');
        more = input[i++]!;
        length += more;
      } while (more === 255);
    }
    length += 4;
    if (o + length > outEnd) throw new Error(`LZ4 match of ${length} bytes at output byte ${o} overruns the ${outEnd}-byte output`);
    const from = o - offset;
    if (length < BULK) {
      for (let k = from, end = o + length; o < end; ) target[o++] = target[k++]!;
    } else {
      // An offset shorter than the match repeats the bytes this copy writes: copy what exists, which doubles each time.
      for (const end = o + length; o < end; ) {
        const n = Math.min(end - o, o - from);
        target.copyWithin(o, from, from + n);
        o += n;
      }
    }
  }
  return o;
}

/** Blocks with lz4_flex's size prefix, for lz4-napi: reused, since decoding is synchronous and keeps no view of its input. */
let prefixed = Buffer.alloc(0);

/** lz4-napi's block decoder once loaded; undefined where it is not installed or has no build for the platform. */
let native: ((input: Uint8Array) => Uint8Array) | undefined;

/**
 * Loads lz4-napi (Rust's lz4_flex behind Node-API, its safe decoder), about 2.5 times faster than
 * {@link decodeLz4Block} on ROOT's float baskets. It is an optional dependency: npm has builds for the common platforms
 * only, and the VS Code extension leaves it out of its package, so LZ4 blocks then decode with {@link decodeLz4Block}.
 * Never rejects. `load` stands in for the import in tests of that fallback.
 */
export async function loadNativeLz4(load: () => Promise<{ uncompressSync: (input: Uint8Array) => Uint8Array }> = () => import('lz4-napi')): Promise<void> {
  try {
    native = (await load()).uncompressSync;
  } catch {
    native = undefined;
  }
}

/** Which decoder LZ4 blocks go through now, for tests and diagnostics. */
export function lz4Decoder(): 'lz4-napi' | 'javascript' {
  return native ? 'lz4-napi' : 'javascript';
}

/**
 * Decodes one raw LZ4 block that should hold `size` bytes, through lz4-napi when it is loaded; returns what it decoded to
 * (the caller checks the length). Corrupt input throws an Error either way.
 */
export function decodeLz4(block: Uint8Array, size: number): Uint8Array {
  if (!native) {
    // Not zero-filled: the decoder writes every byte of a block that decodes to its full size, and a shorter one is an error.
    const target = Buffer.allocUnsafeSlow(size);
    return target.subarray(0, decodeLz4Block(block, target));
  }
  // lz4_flex takes the output size from a 4-byte little-endian prefix; ROOT's own header gave it (at most 16 MiB). The
  // prefixed copy goes to memory kept from block to block: lz4-napi reads it during the call only, and a fresh buffer
  // per block was a third of an LZ4 read's allocations.
  if (prefixed.length < 4 + block.length) prefixed = Buffer.allocUnsafeSlow(Math.max(4 + block.length, 2 * prefixed.length));
  prefixed.writeUInt32LE(size, 0);
  prefixed.set(block, 4);
  try {
    return native(prefixed.subarray(0, 4 + block.length));
  } catch (error) {
    throw new Error(`LZ4 block could not be decoded (${error instanceof Error ? error.message : String(error)})`);
  }
}
