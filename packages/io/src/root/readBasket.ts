import { decompressRecord } from './decompress.ts';
import { copyBigEndian, swapInPlace } from './byteSwap.ts';

/** One decoded basket: the entry data region and, for variable-size entries, where each entry starts in it. */
export interface Basket {
  /** The entry data, big-endian, as on disk after decompression. */
  readonly data: Uint8Array;
  /**
   * Where each entry starts in `data`, counted in values of the branch's item size, plus the end (length entries + 1);
   * absent when every entry has the same size. Counted in values, it is the Arrow list offsets of a whole basket.
   */
  readonly offsets?: Int32Array;
  readonly entries: number;
}

/** The TBasket header after its TKey: version(2) bufferSize(4) nevBufSize(4) nevBuf(4) last(4) flag(1), ending at fKeylen. */
const BASKET_TAIL = 19;

/** What a basket record's header says: where its payload starts and what it decompresses to. */
export interface BasketHeader {
  /** The key length: the compressed (or stored) payload starts here. */
  readonly keylen: number;
  /** Bytes of the payload once decompressed. */
  readonly objlen: number;
  readonly nevBufSize: number;
  readonly nevBuf: number;
  readonly last: number;
  /** Where the entry data ends in the decompressed payload (the entry-offset table follows). */
  readonly border: number;
}

/** Reads and checks a basket record's header (`record` is the `fBasketBytes` bytes at `seek`); throws plain Errors. */
export function readBasketHeader(record: Uint8Array, seek: number): BasketHeader {
  const bytes = record.length;
  if (bytes < 32) throw new Error(`basket at ${seek} has an impossible size of ${bytes} bytes`);
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
  return { keylen, objlen, nevBufSize, nevBuf, last, border };
}

/**
 * Decodes one basket record (`record`, the `fBasketBytes` bytes at `seek` listed by its branch) of a branch whose values
 * are `itemSize` bytes; the codecs must be loaded (`loadCodecs`), unless `decompressed` brings the payload already
 * decompressed (by `decompressAhead`, into memory of its own). The basket's memory is its own, never a view of `record`
 * (which may lie in a reused prefetch buffer), so a reader may keep it, or swap it in place and make it a column. Throws
 * plain Errors on inconsistent records; the caller names the file and branch.
 */
export function decodeBasket(record: Uint8Array, seek: number, itemSize: 1 | 2 | 4 | 8, decompressed?: Uint8Array): Basket {
  const { keylen, objlen, nevBufSize, nevBuf, last, border } = readBasketHeader(record, seek);
  const payload = record.subarray(keylen);
  let raw = decompressed ?? decompressRecord(payload, objlen);
  if (raw === payload) raw = new Uint8Array(payload);
  if (nevBufSize <= 8) return { data: raw.subarray(0, border), entries: nevBuf };
  // Variable-size entries: after the data, an int32 count then one int32 offset per entry, each counted from the key start.
  if (border + 4 + 4 * nevBuf > raw.length) throw new Error(`basket at ${seek} is missing its entry offsets`);
  // Swap the whole big-endian table at once, then validate and rebase it in one pass.
  const table = raw.subarray(border + 4, border + 4 + 4 * nevBuf);
  let positions: Int32Array;
  if ((raw.byteOffset + border) % 4 === 0) {
    // The count word and the table are nevBuf + 1 int32 slots of the basket's own memory: the positions move one slot down
    // into them, so the offsets (kept by the column) cost no fresh memory, whose every page is a page fault.
    swapInPlace(table, 4);
    positions = new Int32Array(raw.buffer, raw.byteOffset + border, nevBuf + 1);
    positions.copyWithin(0, 1);
  } else {
    positions = new Int32Array(nevBuf + 1);
    copyBigEndian(table, new Uint8Array(positions.buffer, 0, 4 * nevBuf), 4);
  }
  positions[nevBuf] = last;
  const first = nevBuf > 0 ? positions[0]! - keylen : border;
  if (first < 0 || first > border) throw new Error(`basket at ${seek} has a corrupt entry offset ${first} for entry 0`);
  return { data: raw.subarray(first, border), offsets: valueOffsets(positions, keylen + first, itemSize, `basket at ${seek}`), entries: nevBuf };
}

/**
 * Turns entry start positions (`positions`, entries + 1 of them, the last one the data end) into offsets counted in
 * `itemSize`-byte values from `origin`, in place; throws unless they rise and each entry holds whole values.
 */
export function valueOffsets(positions: Int32Array, origin: number, itemSize: 1 | 2 | 4 | 8, where: string): Int32Array {
  // Sizes are powers of two: shifts and masks instead of divisions in the per-entry loop.
  const shift = Math.log2(itemSize);
  const end = positions[positions.length - 1]! - origin;
  if (end & (itemSize - 1)) throw new Error(`${where} holds ${end} bytes of entries, not a whole number of ${itemSize}-byte values`);
  const limit = end >> shift;
  let previous = 0;
  for (let i = 0; i < positions.length; i++) {
    const at = positions[i]! - origin;
    const value = at >> shift;
    if (value < previous || value > limit) throw new Error(`${where} has a corrupt entry offset ${at} for entry ${i}`);
    if (at & (itemSize - 1)) throw new Error(`${where} has entry ${i - 1} of ${at - (positions[i - 1]! - origin)} bytes, not a whole number of ${itemSize}-byte values`);
    positions[i] = previous = value;
  }
  return positions;
}
