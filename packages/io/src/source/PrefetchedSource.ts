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

/**
 * A view of a byte source in which one span was read ahead in a single request: reads inside it are served from memory,
 * others go to the source. Used when many small records (baskets of many branches) lie side by side.
 */
export class PrefetchedSource implements ByteSource {
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

  /** Reads the records' whole span at once when it is small or they lie close enough together; otherwise returns the source unchanged. */
  static async around(source: ByteSource, records: readonly { offset: number; length: number }[], signal?: AbortSignal): Promise<ByteSource> {
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
    return new PrefetchedSource(source, start, await source.readRange(start, end - start, signal));
  }

  async readRange(offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array> {
    const from = offset - this.start;
    if (from >= 0 && from + length <= this.span.length) return this.span.subarray(from, from + length);
    return this.source.readRange(offset, length, signal);
  }

  /** The underlying source stays open: it belongs to whoever opened it. */
  async close(): Promise<void> {}
}
