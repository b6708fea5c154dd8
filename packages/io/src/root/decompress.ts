import { inflateSync } from 'node:zlib';
import { decompressBlock as lz4Block } from 'lz4js';
import { decompress as zstd } from 'fzstd';
import xz from 'xz-decompress';

/** ROOT's compressed-block header: 2-byte algorithm tag, 1 method byte, 3-byte compressed and uncompressed sizes (little-endian). */
const HEADER = 9;
/** ROOT's LZ4 blocks carry an 8-byte xxhash64 checksum before the LZ4 data. */
const LZ4_CHECKSUM = 8;

/**
 * Decompresses a ROOT record payload (a basket) into exactly `objlen` bytes. The payload is a run of blocks, each with a
 * 9-byte header naming its codec: `ZL` zlib (node's native zlib), `L4` LZ4 (lz4js), `XZ` LZMA (xz-decompress, WASM), `ZS` ZSTD (fzstd).
 * Throws a plain Error describing the fault; callers turn it into a FacilityError naming the file.
 */
export async function decompressRecord(payload: Uint8Array, objlen: number): Promise<Uint8Array> {
  if (payload.length === objlen) return payload;
  const out = new Uint8Array(objlen);
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
    const target = out.subarray(written, written + size);
    const got = await decompressBlock(tag, block, target);
    if (got !== size) throw new Error(`${tag} block at ${read} decompressed to ${got} bytes, expected ${size}`);
    read = end;
    written += size;
  }
  return out;
}

async function decompressBlock(tag: string, block: Uint8Array, target: Uint8Array): Promise<number> {
  switch (tag) {
    case 'ZL': {
      const data = inflateSync(block, { maxOutputLength: target.length });
      target.set(data);
      return data.length;
    }
    case 'L4': {
      if (block.length < LZ4_CHECKSUM) throw new Error('LZ4 block shorter than its checksum');
      return lz4Block(block, target, LZ4_CHECKSUM, block.length - LZ4_CHECKSUM, 0);
    }
    case 'ZS': {
      const data = zstd(block, target);
      if (data.buffer !== target.buffer || data.byteOffset !== target.byteOffset) target.set(data.subarray(0, target.length));
      return data.length;
    }
    case 'XZ': {
      const stream = new xz.XzReadableStream(new Blob([block as Uint8Array<ArrayBuffer>]).stream());
      const data = new Uint8Array(await new Response(stream).arrayBuffer());
      if (data.length > target.length) throw new Error(`XZ block decompressed to more than the ${target.length} bytes expected`);
      target.set(data);
      return data.length;
    }
    case 'CS':
      throw new Error('old ROOT compression ("CS", ROOT 5 zlib variant) is not supported');
    default:
      throw new Error(`unknown compression "${tag.replace(/[^\x20-\x7e]/g, '?')}"`);
  }
}
