import { inflateSync } from 'node:zlib';
import xxhash from 'xxhash-wasm';
import { decodeLz4, loadNativeLz4 } from './lz4.ts';
import { decodeXz, loadXz } from './xz.ts';
import { codecUnavailable } from '../ioError.ts';

/** ROOT's compressed-block header: 2-byte algorithm tag, 1 method byte, 3-byte compressed and uncompressed sizes (little-endian). */
const HEADER = 9;
/** ROOT's LZ4 blocks carry an 8-byte xxhash64 checksum (big-endian, seed 0) of the LZ4 data before it. */
const LZ4_CHECKSUM = 8;
/**
 * @foxglove/wasm-zstd's decoder once loaded: one WASM instance for all reads, each decode a single synchronous call that
 * frees its buffers, so calls never interleave.
 */
let zstd: ((block: Uint8Array, size: number) => Uint8Array) | undefined;

let loading: Promise<void> | undefined;
let loaded = false;
/** Why ZSTD blocks cannot be decoded while `zstd` is unset: not loaded yet, or failed to load (other codecs are unaffected). */
let zstdFailure = 'the ZSTD decoder is not loaded yet';
/** xxhash-wasm's 64-bit hash, which checks LZ4 blocks as ROOT and uproot do: LZ4 itself carries no check of its data. */
let xxh64: ((input: Uint8Array, seed?: bigint) => bigint) | undefined;
/** Why LZ4 blocks cannot be checked, so not read, while `xxh64` is unset. */
let xxhashFailure = 'the xxhash64 checksum of LZ4 blocks cannot be verified yet (xxhash-wasm is not loaded)';

/**
 * Loads the WebAssembly codecs (ZSTD, XZ, and xxhash64 for LZ4 checksums) and the native LZ4 decoder once per process,
 * before the first compressed record. It never rejects: a codec that fails to load fails its own blocks (LZ4 falls back
 * to JavaScript). Decoding then stays synchronous: an async call per block cost more garbage than the block's own
 * bookkeeping.
 */
export async function loadCodecs(): Promise<void> {
  if (loaded) return;
  await (loading ??= Promise.all([loadZstd(), loadXz(), loadNativeLz4(), loadXxhash()]).then(() => void (loaded = true)));
}

/**
 * Loads zstd's own decoder compiled to WebAssembly by Foxglove (for MCAP files): it decodes ROOT's ZSTD baskets in half
 * the time of zstddec's smaller build (HZZ's 59 blocks: 0.72 against 1.42 ms). Imported on first need, since compiling
 * it takes a few hundred milliseconds; it loads its .wasm file from beside its JavaScript.
 */
async function loadZstd(): Promise<void> {
  try {
    const module = (await import('@foxglove/wasm-zstd')).default;
    await module.isLoaded;
    zstd = module.decompress;
  } catch (error) {
    zstdFailure = `the ZSTD decoder could not be loaded (${error instanceof Error ? error.message : String(error)})`;
  }
}

async function loadXxhash(): Promise<void> {
  try {
    xxh64 = (await xxhash()).h64Raw;
  } catch (error) {
    xxhashFailure = `the xxhash64 checksum of LZ4 blocks cannot be verified (xxhash-wasm could not be loaded: ${error instanceof Error ? error.message : String(error)})`;
  }
}

/**
 * Decompresses a ROOT record payload (a basket) into exactly `objlen` bytes. The payload is a run of blocks, each with a
 * 9-byte header naming its codec: `ZL` zlib (node's native zlib), `L4` LZ4 (checksum verified; lz4-napi where it loads, else afkit's own block decoder), `XZ` LZMA (xz-embedded from xz-decompress, WASM), `ZS` ZSTD (@foxglove/wasm-zstd, WASM).
 * Returns `payload` itself when the record is stored uncompressed, otherwise memory of its own that nothing else refers to.
 * Throws a plain Error describing the fault; callers turn it into a FacilityError naming the file. `loadCodecs` must have
 * finished before a compressed record comes.
 */
export function decompressRecord(payload: Uint8Array, objlen: number): Uint8Array {
  if (payload.length === objlen) return payload;
  let out: Uint8Array | undefined;
  let read = 0;
  let written = 0;
  while (written < objlen) {
    if (read + HEADER > payload.length) throw new Error(`compressed data ends early (${written} of ${objlen} bytes decompressed)`);
    const tag = String.fromCharCode(payload[read]!, payload[read + 1]!);
    const compressed = payload[read + 3]! | (payload[read + 4]! << 8) | (payload[read + 5]! << 16);
    const size = payload[read + 6]! | (payload[read + 7]! << 8) | (payload[read + 8]! << 16);
    const start = read + HEADER;
    const end = start + compressed;
    if (end > payload.length || written + size > objlen) throw new Error(`compressed block at ${read} overruns its record (${tag}, ${compressed} → ${size} bytes)`);
    const block = payload.subarray(start, end);
    const data = decompressBlock(tag, block, size);
    if (data.length !== size) throw new Error(`${tag} block at ${read} decompressed to ${data.length} bytes, expected ${size}`);
    // Most baskets are one block: its output is the record, with no second buffer to fill.
    if (size === objlen) return data;
    out ??= new Uint8Array(objlen);
    out.set(data, written);
    read = end;
    written += size;
  }
  return out ?? new Uint8Array(0);
}

/** Decompresses one block that should hold `size` bytes; returns what it decompressed to (the caller checks the length). */
function decompressBlock(tag: string, block: Uint8Array, size: number): Uint8Array {
  switch (tag) {
    case 'ZL':
      // node's default 16 KiB output chunk per call made every small basket allocate 16 KiB outside the heap, and that
      // external memory set off collections; one byte more than expected lets zlib finish in a single pass.
      return inflateSync(block, { maxOutputLength: size, chunkSize: Math.max(64, size + 1) });
    case 'L4': {
      if (block.length < LZ4_CHECKSUM) throw new Error('LZ4 block shorter than its checksum');
      checkLz4(block);
      return decodeLz4(block.subarray(LZ4_CHECKSUM), size);
    }
    case 'ZS':
      return decodeZstd(block, size);
    case 'XZ':
      return decodeXz(block, size);
    case 'CS':
      throw new Error('old ROOT compression ("CS", ROOT 5 zlib variant) is not supported');
    default:
      throw new Error(`unknown compression "${tag.replace(/[^\x20-\x7e]/g, '?')}"`);
  }
}

/**
 * Compares an LZ4 block's data with its xxhash64 checksum. A flipped byte among the literals would still decode, to
 * wrong values: the checksum is what makes it an error (about 0.2 ms per MB).
 */
function checkLz4(block: Uint8Array): void {
  if (!xxh64) throw codecUnavailable(xxhashFailure);
  const stored = new DataView(block.buffer, block.byteOffset, LZ4_CHECKSUM).getBigUint64(0);
  if (xxh64(block.subarray(LZ4_CHECKSUM), 0n) !== stored) throw new Error('LZ4 block does not match its xxhash64 checksum: the data is corrupt');
}

/**
 * Decodes a ZSTD frame into at most `size` bytes, ROOT's header's count: a corrupt frame cannot make the decoder
 * allocate more. A frame that fails throws (zstd's error code comes back as a negative length, which the decoder either
 * reports or cannot allocate), one that decodes to fewer bytes is caught by the length check; the decoder frees its
 * buffers either way, so the next block decodes as usual.
 */
function decodeZstd(block: Uint8Array, size: number): Uint8Array {
  if (size === 0) throw new Error('ZSTD block claims to hold 0 bytes');
  if (!zstd) throw codecUnavailable(zstdFailure);
  let data: Uint8Array;
  try {
    data = zstd(block, size);
  } catch (error) {
    throw new Error(`ZSTD block could not be decoded (${error instanceof Error ? error.message : String(error)})`);
  }
  if (data.length !== size) throw new Error(`ZSTD block decoded to ${data.length} of its ${size} bytes: the data is corrupt or cut short`);
  return data;
}
