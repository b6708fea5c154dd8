import { promisify } from 'node:util';
import { deflate } from 'node:zlib';

const deflateAsync = promisify(deflate);

/** Largest payload one ROOT compression block holds (sizes are 3-byte fields). */
const MAX_BLOCK = 0xffffff;
/** "ZL", the method byte (8, deflate), then 3-byte little-endian compressed and uncompressed sizes. */
const HEADER = 9;
/** ROOT leaves small records uncompressed. */
const MIN_COMPRESSED = 256;

/**
 * Compresses a record payload into ROOT's zlib blocks, on libuv's thread pool so the baskets of one cluster compress
 * in parallel. Returns the payload itself when compression is off, the payload is small, or it would not shrink:
 * readers treat a record whose stored size equals its object length as uncompressed.
 */
export async function compressRecord(payload: Uint8Array, level: number): Promise<Uint8Array> {
  if (level <= 0 || payload.length <= MIN_COMPRESSED) return payload;
  const blocks: Uint8Array[] = [];
  let total = 0;
  for (let at = 0; at < payload.length; at += MAX_BLOCK) {
    const chunk = payload.subarray(at, Math.min(payload.length, at + MAX_BLOCK));
    const zipped = await deflateAsync(chunk, { level });
    if (zipped.length > MAX_BLOCK) return payload;
    const block = new Uint8Array(HEADER + zipped.length);
    block.set([0x5a, 0x4c, 8, ...le24(zipped.length), ...le24(chunk.length)]);
    block.set(zipped, HEADER);
    blocks.push(block);
    total += block.length;
    if (total >= payload.length) return payload;
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const block of blocks) {
    out.set(block, at);
    at += block.length;
  }
  return out;
}

function le24(n: number): number[] {
  return [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff];
}
