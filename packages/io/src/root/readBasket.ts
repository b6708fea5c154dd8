import type { ByteSource } from '../source/ByteSource.ts';
import { decompressRecord } from './decompress.ts';
import { copyBigEndian } from './byteSwap.ts';

/** One decoded basket: the entry data region and, for variable-size entries, each entry's byte offset into it. */
export interface Basket {
  /** The entry data, big-endian, as on disk after decompression. */
  readonly data: Uint8Array;
  /** Byte offset of each entry in `data`, plus the end (length entries + 1); absent when every entry has the same size. */
  readonly offsets?: Int32Array;
  readonly entries: number;
}

/** The TBasket header after its TKey: version(2) bufferSize(4) nevBufSize(4) nevBuf(4) last(4) flag(1), ending at fKeylen. */
const BASKET_TAIL = 19;

/**
 * Reads and decompresses one basket record (`seek`, `bytes` from the branch's fBasketSeek/fBasketBytes).
 * Throws plain Errors on inconsistent records; the caller names the file and branch.
 */
export async function readBasket(source: ByteSource, seek: number, bytes: number, signal?: AbortSignal): Promise<Basket> {
  if (bytes < 32) throw new Error(`basket at ${seek} has an impossible size of ${bytes} bytes`);
  const record = await source.readRange(seek, bytes, signal);
  const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
  const nbytes = view.getInt32(0);
  const objlen = view.getInt32(6);
  const keylen = view.getInt16(14);
  if (nbytes !== bytes || keylen < BASKET_TAIL + 18 || keylen >= bytes || objlen < 0) {
    throw new Error(`basket at ${seek} has an inconsistent header (nbytes ${nbytes} vs ${bytes} listed, keylen ${keylen}, objlen ${objlen})`);
  }
  const nevBufSize = view.getInt32(keylen - 13);
  const nevBuf = view.getInt32(keylen - 9);
  const last = view.getInt32(keylen - 5);
  const border = last - keylen;
  if (nevBuf < 0 || border < 0 || border > objlen) throw new Error(`basket at ${seek} has an inconsistent header (entries ${nevBuf}, last ${last}, objlen ${objlen})`);
  const raw = await decompressRecord(record.subarray(keylen), objlen);
  const data = raw.subarray(0, border);
  if (nevBufSize <= 8) return { data, entries: nevBuf };
  // Variable-size entries: after the data, an int32 count then one int32 offset per entry, each counted from the key start.
  if (border + 4 + 4 * nevBuf > raw.length) throw new Error(`basket at ${seek} is missing its entry offsets`);
  // Swap the whole big-endian table at once, then validate and rebase it in one pass.
  const offsets = new Int32Array(nevBuf + 1);
  copyBigEndian(raw.subarray(border + 4, border + 4 + 4 * nevBuf), new Uint8Array(offsets.buffer, 0, 4 * nevBuf), 4);
  let previous = 0;
  for (let i = 0; i < nevBuf; i++) {
    const at = offsets[i]! - keylen;
    if (at < previous || at > border) throw new Error(`basket at ${seek} has a corrupt entry offset ${at} for entry ${i}`);
    offsets[i] = previous = at;
  }
  offsets[nevBuf] = border;
  return { data, offsets, entries: nevBuf };
}
