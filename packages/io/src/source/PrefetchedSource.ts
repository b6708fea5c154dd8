import type { ByteSource } from './ByteSource.ts';

/** Reading one span pays off while it holds at most this much more than the records wanted. */
const MAX_WASTE = 2;
/**
 * A span this small is always read at once: one request for it costs less than one per record, locally (each read is a
 * round trip through the thread pool) and over HTTP (each read is a round trip to the server).
 */
const SMALL_SPAN = 1024 * 1024;
/** Never prefetch more than this at once, so memory stays bounded whatever the file layout. */
const MAX_SPAN = 256 * 1024 * 1024;
/** A SpanBuffer keeps at most this much between reads; larger spans get memory of their own. */
const MAX_KEPT = 16 * 1024 * 1024;

/**
 * Memory lent to one prefetch after another by a reader that is done with each span before it asks for the next: pages
 * already touched cost nothing to fill again, while fresh memory costs a page fault per 4 KiB page (about 13 µs on this
 * virtual machine, which made a fresh span a fifth of the time of a small lz4 read).
 */
export class SpanBuffer {
  private bytes = new Uint8Array(0);

  /** `length` bytes to read into, or undefined when a span that large is not worth keeping. */
  lend(length: number): Uint8Array | undefined {
    if (length > MAX_KEPT) return undefined;
    if (this.bytes.length < length) this.bytes = new Uint8Array(Math.min(MAX_KEPT, Math.max(length, 2 * this.bytes.length)));
    return this.bytes.subarray(0, length);
  }
}

/** The bytes of records fetched ahead, served without an await: decoding a batch's baskets then needs no promise each. */
export interface FetchedRecords {
  /** The bytes of one of the records fetched; throws for any other. */
  bytesOf(offset: number, length: number): Uint8Array;
}

/**
 * Fetches every record a batch needs before it is decoded: in one span read when they lie close enough together (into
 * `buffer`'s memory when given, on the same terms as `PrefetchedSource.around`), else one read each, all at once.
 */
export async function fetchRecords(
  source: ByteSource,
  records: readonly { offset: number; length: number }[],
  signal?: AbortSignal,
  buffer?: SpanBuffer,
): Promise<FetchedRecords> {
  const prefetched = await PrefetchedSource.around(source, records, signal, buffer);
  if (prefetched instanceof PrefetchedSource) return prefetched;
  const bytes = await Promise.all(records.map((r) => source.readRange(r.offset, r.length, signal)));
  const byRecord = new Map(records.map((r, k) => [`${r.offset}:${r.length}`, bytes[k]!]));
  return {
    bytesOf(offset, length) {
      const found = byRecord.get(`${offset}:${length}`);
      if (!found) throw new Error(`record of ${length} bytes at ${offset} was not fetched`);
      return found;
    },
  };
}

/**
 * A view of a byte source in which one span was read ahead in a single request: reads inside it are served from memory,
 * others go to the source. Used when many small records (baskets of many branches) lie side by side.
 */
export class PrefetchedSource implements ByteSource, FetchedRecords {
  private constructor(
    private readonly source: ByteSource,
    private readonly start: number,
    private readonly span: Uint8Array,
  ) {}

  get path(): string {
    return this.source.path;
  }

  get size(): number {
    return this.source.size;
  }

  /**
   * Reads the records' whole span at once when it is small or they lie close enough together; otherwise returns the source
   * unchanged. With `buffer`, the span may be read into its memory: the caller must be done with the view (and with every
   * record read from it) before it lends that buffer again.
   */
  static async around(source: ByteSource, records: readonly { offset: number; length: number }[], signal?: AbortSignal, buffer?: SpanBuffer): Promise<ByteSource> {
    if (records.length < 2) return source;
    let start = Infinity;
    let end = 0;
    let wanted = 0;
    for (const r of records) {
      start = Math.min(start, r.offset);
      end = Math.max(end, r.offset + r.length);
      wanted += r.length;
    }
    if ((end - start > MAX_WASTE * wanted && end - start > SMALL_SPAN) || end - start > MAX_SPAN || end > source.size) return source;
    return new PrefetchedSource(source, start, await source.readRange(start, end - start, signal, buffer?.lend(end - start)));
  }

  async readRange(offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array> {
    return this.holds(offset, length) ? this.bytesOf(offset, length) : this.source.readRange(offset, length, signal);
  }

  bytesOf(offset: number, length: number): Uint8Array {
    if (!this.holds(offset, length)) throw new Error(`record of ${length} bytes at ${offset} lies outside the ${this.span.length}-byte span read at ${this.start}`);
    return this.span.subarray(offset - this.start, offset - this.start + length);
  }

  private holds(offset: number, length: number): boolean {
    return offset >= this.start && offset - this.start + length <= this.span.length;
  }

  /** The underlying source stays open: it belongs to whoever opened it. */
  async close(): Promise<void> {}
}
