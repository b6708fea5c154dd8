import { Bool, Field, List, makeData } from 'apache-arrow';
import type { Data, DataType } from 'apache-arrow';
import type { FetchedRecords } from '../source/PrefetchedSource.ts';
import type { LeafType } from './leafTypes.ts';
import type { Basket } from './readBasket.ts';
import { decodeBasket } from './readBasket.ts';
import { copyBigEndian, swapInPlace } from './byteSwap.ts';

/** Where one basket of a branch lies: its entry range and its record in the file. */
export interface BasketSpan {
  readonly first: number;
  readonly stop: number;
  readonly seek: number;
  readonly bytes: number;
  /** Decodes a basket held inside the tree record rather than in its own record (anew on each read, like any basket). */
  readonly inline?: () => Basket;
}

/**
 * The last basket one read decoded for a branch, which its next window may need again. Each read keeps its own: reads
 * running at once must not share one, since a read that takes a whole basket as its column swaps its bytes in place.
 */
export interface BasketCache {
  index: number;
  basket?: Basket;
}

/** The entries `[from, to)` of one basket that a read takes. */
interface Piece {
  readonly basket: Basket;
  readonly from: number;
  readonly to: number;
}

/**
 * Reads one numeric branch window by window, straight from whole baskets into typed arrays: each basket is decompressed once,
 * its big-endian values copied and byte-swapped in bulk, jagged entry sizes taken from the basket's entry-offset table.
 * Only the last basket stays cached, so memory follows the batch size, not the file size.
 */
export class BranchColumn {
  readonly type: DataType;

  constructor(
    readonly name: string,
    private readonly leaf: LeafType,
    private readonly jagged: boolean,
    private readonly baskets: readonly BasketSpan[],
  ) {
    const item = leaf.arrow();
    this.type = jagged ? new List(new Field('item', item, false)) : item;
  }

  /** The basket records that reading `[start, stop)` will fetch (neither in `cache` nor held in the tree record). */
  recordsFor(start: number, stop: number, cache: BasketCache): { offset: number; length: number }[] {
    const out = [];
    for (let k = this.findBasket(start); k < this.baskets.length && this.baskets[k]!.first < stop; k++) {
      const span = this.baskets[k]!;
      if (!span.inline && cache.index !== k) out.push({ offset: span.seek, length: span.bytes });
    }
    return out;
  }

  /**
   * Decodes entries `[start, stop)` into one Arrow Data from `records`, fetched from what `recordsFor` listed; baskets
   * found in `decompressed` (by record offset) come already decompressed.
   */
  read(start: number, stop: number, records: FetchedRecords, cache: BasketCache, decompressed?: ReadonlyMap<number, Uint8Array>): Data {
    const pieces: Piece[] = [];
    for (let k = this.findBasket(start); k < this.baskets.length && this.baskets[k]!.first < stop; k++) {
      const span = this.baskets[k]!;
      const basket = this.basket(k, records, cache, decompressed);
      pieces.push({ basket, from: Math.max(start, span.first) - span.first, to: Math.min(stop, span.stop) - span.first });
    }
    const only = pieces.length === 1 ? pieces[0]! : undefined;
    if (only && this.canTakeWhole(only)) {
      // The basket is this window exactly and no later window needs it: it becomes the column, without a second buffer.
      cache.index = -1;
      cache.basket = undefined;
      return this.takeWhole(only.basket);
    }
    return this.jagged ? this.readJagged(stop - start, pieces) : this.readFlat(stop - start, pieces);
  }

  /**
   * Whether a piece can be swapped in place and kept as the column: the whole of a basket (whose memory is its own), at an
   * offset the typed view allows. Fresh memory is what a read pays most for beyond decompression (each new page costs a
   * page fault, about 13 µs on this virtual machine), so the common one-basket window touches the decompressed bytes only.
   */
  private canTakeWhole({ basket, from, to }: Piece): boolean {
    if (from !== 0 || to !== basket.entries || basket.data.byteOffset % this.leaf.size !== 0) return false;
    if (this.jagged) return !!basket.offsets;
    return !basket.offsets && basket.data.length >= to * this.leaf.size;
  }

  private takeWhole(basket: Basket): Data {
    const size = this.leaf.size;
    if (!this.jagged) {
      const bytes = basket.data.subarray(0, basket.entries * size);
      swapInPlace(bytes, size);
      return this.values(bytes, basket.entries);
    }
    const offsets = basket.offsets!;
    const total = offsets[basket.entries]!;
    const bytes = basket.data.subarray(0, total * size);
    swapInPlace(bytes, size);
    return makeData({ type: this.type as List, length: basket.entries, nullCount: 0, valueOffsets: offsets, child: this.values(bytes, total) });
  }

  private readFlat(length: number, pieces: readonly Piece[]): Data {
    const size = this.leaf.size;
    const bytes = new Uint8Array(new ArrayBuffer(length * size));
    let at = 0;
    for (const { basket, from, to } of pieces) {
      if (basket.offsets || basket.data.length < to * size) throw new Error(`basket holds ${basket.data.length} bytes, too few for ${to} fixed-size entries`);
      copyBigEndian(basket.data.subarray(from * size, to * size), bytes.subarray(at, at + (to - from) * size), size);
      at += (to - from) * size;
    }
    if (at !== bytes.length) throw new Error(`baskets cover ${at / size} of ${length} entries`);
    return this.values(bytes, length);
  }

  private readJagged(length: number, pieces: readonly Piece[]): Data {
    const size = this.leaf.size;
    let offsets: Int32Array;
    let total: number;
    const only = pieces.length === 1 ? pieces[0]! : undefined;
    if (only && only.from === 0 && only.to === only.basket.entries && only.basket.offsets) {
      // A whole basket read once: its value offsets are the Arrow offsets, no per-entry pass needed.
      offsets = only.basket.offsets;
      total = offsets[length]!;
    } else {
      offsets = new Int32Array(length + 1);
      let entry = 0;
      total = 0;
      for (const { basket, from, to } of pieces) {
        const entryOffsets = basket.offsets;
        if (!entryOffsets) throw new Error('jagged branch basket has no entry offsets');
        const shift = total - entryOffsets[from]!;
        for (let i = from + 1; i <= to; i++) offsets[++entry] = entryOffsets[i]! + shift;
        total = offsets[entry]!;
      }
      if (entry !== length) throw new Error(`baskets cover ${entry} of ${length} entries`);
    }
    const bytes = new Uint8Array(new ArrayBuffer(total * size));
    let at = 0;
    for (const { basket, from, to } of pieces) {
      const piece = basket.data.subarray(basket.offsets![from]! * size, basket.offsets![to]! * size);
      copyBigEndian(piece, bytes.subarray(at, at + piece.length), size);
      at += piece.length;
    }
    const child = this.values(bytes, total);
    return makeData({ type: this.type as List, length, nullCount: 0, valueOffsets: offsets, child });
  }

  /** Arrow values over `bytes` (native byte order, at an offset aligned to the value size). */
  private values(bytes: Uint8Array, length: number): Data {
    if (this.leaf.bool) return makeData({ type: new Bool(), length, nullCount: 0, data: packBits(bytes) });
    return makeData({ type: this.leaf.arrow(), length, nullCount: 0, data: new this.leaf.array(bytes.buffer as ArrayBuffer, bytes.byteOffset, length) } as never);
  }

  private findBasket(entry: number): number {
    let lo = 0;
    let hi = this.baskets.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.baskets[mid]!.first <= entry) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private basket(index: number, records: FetchedRecords, cache: BasketCache, decompressed?: ReadonlyMap<number, Uint8Array>): Basket {
    if (cache.index === index) return cache.basket!;
    const span = this.baskets[index]!;
    const basket = span.inline ? span.inline() : decodeBasket(records.bytesOf(span.seek, span.bytes), span.seek, this.leaf.size, decompressed?.get(span.seek));
    if (basket.entries !== span.stop - span.first) throw new Error(`basket at ${span.seek} holds ${basket.entries} entries, the branch lists ${span.stop - span.first}`);
    cache.index = index;
    cache.basket = basket;
    return basket;
  }
}

/** ROOT stores Bool_t as one byte per value; Arrow wants a bitmap. */
function packBits(bytes: Uint8Array): Uint8Array {
  const bits = new Uint8Array((bytes.length + 7) >> 3);
  for (let i = 0; i < bytes.length; i++) if (bytes[i]) bits[i >> 3]! |= 1 << (i & 7);
  return bits;
}
