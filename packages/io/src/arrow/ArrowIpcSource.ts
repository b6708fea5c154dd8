import { Message, MessageHeader, RecordBatchReader, Schema } from 'apache-arrow';
import { Footer } from 'apache-arrow/ipc/metadata/file';
import type { FileBlock } from 'apache-arrow/ipc/metadata/file';
import type { RecordBatch as BatchHeader } from 'apache-arrow/ipc/metadata/message';
import type { RecordBatch } from 'apache-arrow';
import type { ByteSource } from '../source/ByteSource.ts';
import type { ColumnInfo, ReadOptions, TableSource } from '../TableSource.ts';
import { entryRange, pickColumns, schemaOfColumns, selectColumns, splitBatch } from '../entryRange.ts';
import { asIoError, checkAborted, ioError } from '../ioError.ts';
import { typeName } from '../typeName.ts';
import { CONTINUATION, columnLayouts, framed, subsetMessage } from './columnSubset.ts';
import type { BodyRead } from './columnSubset.ts';

const FILE_MAGIC = 'ARROW1';
/**
 * Record batches read at once: the one consumed and up to three after it, within a byte budget so that memory stays a
 * few batches whatever the writer's batch size. Reading is most of the work here, and parallel reads use spare cores.
 */
const READ_AHEAD = 4;
const READ_AHEAD_BYTES = 64 * 1024 * 1024;

/** Where one IPC message lies in the file. */
interface MessageSpan {
  readonly offset: number;
  /** Prefix + metadata + body. */
  readonly length: number;
  /** Prefix + metadata: where the body starts. */
  readonly headerLength: number;
  readonly rows: number;
  /** A record batch's metadata: where each column's buffers lie in the body. */
  readonly batch?: BatchHeader;
}

/** Some of a schema's columns, read without the others' bytes. */
interface Subset {
  /** Indices into the schema, ascending. */
  readonly columns: readonly number[];
  /** The framed schema message of those columns alone. */
  readonly header: Uint8Array;
}

/** Source ranges of a column subset closer than this are read at once: one request costs more than this many bytes. */
const READ_GAP = 64 * 1024;

/**
 * An Arrow IPC file or stream read batch by batch: opening scans only the message headers
 * (so entry counts and ranges are known without reading bodies); reading fetches the batches it needs.
 */
export class ArrowIpcSource implements TableSource {
  readonly format = 'arrow' as const;
  readonly unsupported = [] as const;
  readonly columns: readonly ColumnInfo[];

  private constructor(
    private readonly bytes: ByteSource,
    readonly schema: Schema,
    readonly numEntries: number,
    private readonly header: Uint8Array,
    private readonly dictionaries: readonly MessageSpan[],
    private readonly batches: readonly MessageSpan[],
  ) {
    this.columns = schema.fields.map((f) => ({ name: f.name, type: typeName(f.type), title: f.metadata.get('doc') ?? '' }));
    this.layouts = dictionaries.length === 0 ? columnLayouts(schema) : undefined;
  }

  /** Where each column lies in a record batch message; undefined when some column's layout is not fixed (batches are then read whole). */
  private readonly layouts: ReturnType<typeof columnLayouts>;
  /** The subset of the last column selection (callers repeat selections). */
  private lastSubset?: { readonly key: string; readonly subset: Subset | undefined };

  /** The columns `names` as a subset, or undefined when whole batches are read (every column asked for, or no layout). */
  private subsetOf(names: readonly string[]): Subset | undefined {
    const key = names.join('\0');
    if (this.lastSubset?.key === key) return this.lastSubset.subset;
    let subset: Subset | undefined;
    if (this.layouts && names.length < this.schema.fields.length) {
      const wanted = new Set(names);
      const columns = this.schema.fields.flatMap((f, i) => (wanted.has(f.name) ? [i] : []));
      subset = { columns, header: schemaMessage(new Schema(columns.map((i) => this.schema.fields[i]!), this.schema.metadata)) };
    }
    this.lastSubset = { key, subset };
    return subset;
  }

  get path(): string {
    return this.bytes.path;
  }

  /** Indexes the IPC messages of an open byte source (the caller has checked the magic). */
  static async open(bytes: ByteSource, signal?: AbortSignal): Promise<ArrowIpcSource> {
    try {
      return await ArrowIpcSource.index(bytes, signal);
    } catch (error) {
      throw asIoError(error, bytes.path, 'is not a readable Arrow IPC file');
    }
  }

  private static async index(bytes: ByteSource, signal?: AbortSignal): Promise<ArrowIpcSource> {
    const isFile = bytes.size >= 6 && new TextDecoder().decode(await bytes.readRange(0, 6, signal)) === FILE_MAGIC;
    return isFile ? ArrowIpcSource.indexFile(bytes, signal) : ArrowIpcSource.indexStream(bytes, signal);
  }

  /** The file format: the schema and the batch positions come from the footer; each batch's row count from its own metadata. */
  private static async indexFile(bytes: ByteSource, signal?: AbortSignal): Promise<ArrowIpcSource> {
    const path = bytes.path;
    if (bytes.size < 18) throw ioError('invalid-input', path, 'is a truncated Arrow IPC file (too short for its footer)');
    const tail = await bytes.readRange(bytes.size - 10, 10, signal);
    if (new TextDecoder().decode(tail.subarray(4)) !== FILE_MAGIC) {
      throw ioError('invalid-input', path, 'is a truncated Arrow IPC file (no ARROW1 footer magic at its end)', 'Check that the file was written completely.');
    }
    const footerLength = new DataView(tail.buffer, tail.byteOffset).getInt32(0, true);
    const footerStart = bytes.size - 10 - footerLength;
    if (footerLength <= 0 || footerStart < 8) throw ioError('invalid-input', path, `is a corrupt Arrow IPC file (footer length ${footerLength})`);
    const footer = Footer.decode(await bytes.readRange(footerStart, footerLength, signal));
    const spans = async (blocks: Iterable<FileBlock>, countRows: boolean): Promise<MessageSpan[]> => {
      const out: MessageSpan[] = [];
      for (const block of blocks) {
        const length = block.metaDataLength + block.bodyLength;
        if (block.offset + length > footerStart) throw ioError('invalid-input', path, `is a corrupt Arrow IPC file (block at ${block.offset} runs into the footer)`);
        const found = countRows ? await readMessage(bytes, block.offset, footerStart, signal) : undefined;
        out.push({ offset: block.offset, length, headerLength: found?.headerLength ?? block.metaDataLength, rows: found?.rows ?? 0, batch: found?.batch });
      }
      return out;
    };
    const batches = await spans(footer.recordBatches(), true);
    const dictionaries = await spans(footer.dictionaryBatches(), false);
    return new ArrowIpcSource(bytes, footer.schema, sumRows(batches), schemaMessage(footer.schema), dictionaries, batches);
  }

  /** The stream format: walks the message headers, skipping bodies. */
  private static async indexStream(bytes: ByteSource, signal?: AbortSignal): Promise<ArrowIpcSource> {
    const path = bytes.path;
    let schema: Schema | undefined;
    let header: Uint8Array | undefined;
    const dictionaries: MessageSpan[] = [];
    const batches: MessageSpan[] = [];
    let offset = 0;
    while (offset + 4 <= bytes.size) {
      checkAborted(signal, path);
      const found = await readMessage(bytes, offset, bytes.size, signal);
      if (!found.message) break;
      const span = { offset, length: found.length, headerLength: found.headerLength, rows: found.rows, batch: found.batch };
      const type = found.message.headerType;
      if (type === MessageHeader.Schema) {
        if (schema) throw ioError('invalid-input', path, 'holds two schemas; afkit reads one table per Arrow IPC stream');
        schema = found.message.header() as Schema;
        header = await bytes.readRange(offset, found.length, signal);
      } else if (type === MessageHeader.DictionaryBatch) dictionaries.push(span);
      else if (type === MessageHeader.RecordBatch) batches.push(span);
      offset += found.length;
    }
    if (!schema || !header) throw ioError('invalid-input', path, 'is not an Arrow IPC file: it has no schema message');
    return new ArrowIpcSource(bytes, schema, sumRows(batches), header, dictionaries, batches);
  }

  async *read(options: ReadOptions = {}): AsyncGenerator<RecordBatch> {
    const { start, stop, batchSize } = entryRange(this.path, this.numEntries, options);
    const names = selectColumns(this.path, this.schema, this.unsupported, options.columns);
    if (start >= stop) return;
    const subset = this.subsetOf(names);
    const picked = schemaOfColumns(this.schema, names);
    const wanted: { span: MessageSpan; begin: number }[] = [];
    let first = 0;
    for (const span of this.batches) {
      if (first + span.rows > start && first < stop && span.rows > 0) wanted.push({ span, begin: first });
      first += span.rows;
    }
    // The next batches are read while this one is consumed, on libuv's threads.
    const ahead: { reading: Promise<RecordBatch>; bytes: number }[] = [];
    let bytesAhead = 0;
    let next = 0;
    for (const { span, begin } of wanted) {
      checkAborted(options.signal, this.path);
      while (next < wanted.length && (ahead.length === 0 || (ahead.length < READ_AHEAD && bytesAhead + wanted[next]!.span.length <= READ_AHEAD_BYTES))) {
        const bytes = wanted[next]!.span.length;
        const reading = this.decode(wanted[next++]!.span, subset, options.signal);
        // A batch read ahead fails only when the caller reaches it (or never, if it stops reading first).
        reading.catch(() => undefined);
        ahead.push({ reading, bytes });
        bytesAhead += bytes;
      }
      const { reading, bytes } = ahead.shift()!;
      bytesAhead -= bytes;
      let batch: RecordBatch;
      try {
        batch = await reading;
      } catch (error) {
        throw asIoError(error, this.path, `has an unreadable record batch at offset ${span.offset}`);
      }
      const sliced = pickColumns(batch, picked).slice(Math.max(0, start - begin), Math.min(span.rows, stop - begin));
      yield* splitBatch(sliced, batchSize);
    }
  }

  /**
   * Decodes one batch by replaying schema, dictionaries before it and the batch through apache-arrow's own reader; with
   * a subset, only its columns' buffers are read, into a message of their own.
   */
  private async decode(span: MessageSpan, subset: Subset | undefined, signal?: AbortSignal): Promise<RecordBatch> {
    let parts: Uint8Array[];
    if (subset && this.layouts && span.batch && !span.batch.compression) {
      const { metadata, bodyLength, reads } = subsetMessage(span.batch, this.layouts, subset.columns, span.length - span.headerLength);
      parts = [subset.header, metadata, await this.readBody(span.offset + span.headerLength, bodyLength, reads, signal)];
    } else {
      parts = [this.header];
      for (const dict of this.dictionaries) if (dict.offset < span.offset) parts.push(await this.bytes.readRange(dict.offset, dict.length, signal));
      parts.push(await this.bytes.readRange(span.offset, span.length, signal));
    }
    // Given as chunks, the reader takes each message's body as a view of the chunk holding it: a batch is not copied.
    const reader = RecordBatchReader.from(parts);
    for (const batch of reader) return batch;
    throw ioError('invalid-input', this.path, `has an empty record batch message at offset ${span.offset}`);
  }

  /** Reads ranges of a message body (at `bodyStart` in the file) into a body of their own; close ranges in one request. */
  private async readBody(bodyStart: number, bodyLength: number, reads: readonly BodyRead[], signal?: AbortSignal): Promise<Uint8Array> {
    const body = new Uint8Array(bodyLength);
    const groups: BodyRead[][] = [];
    for (const read of reads) {
      const group = groups.at(-1);
      const last = group?.at(-1);
      if (group && last && read.from - (last.from + last.length) <= READ_GAP) group.push(read);
      else groups.push([read]);
    }
    await Promise.all(
      groups.map(async (group) => {
        const { from, to } = group[0]!;
        // Adjacent columns keep their spacing in the subset (both pack buffers to 8 bytes): such a group is read in
        // place, which saves a copy and a buffer as large as the group, most of a key scan's reading.
        const inPlace = group.every((read) => read.to - to === read.from - from);
        const length = group.at(-1)!.from + group.at(-1)!.length - from;
        const bytes = await this.bytes.readRange(bodyStart + from, length, signal, inPlace ? body.subarray(to, to + length) : undefined);
        if (inPlace && bytes.buffer === body.buffer && bytes.byteOffset === to) return;
        for (const read of group) body.set(bytes.subarray(read.from - from, read.from - from + read.length), read.to);
      }),
    );
    return body;
  }

  async close(): Promise<void> {
    await this.bytes.close();
  }
}

function sumRows(spans: readonly MessageSpan[]): number {
  return spans.reduce((n, s) => n + s.rows, 0);
}

/** Reads the framing and metadata of the IPC message at `offset`; `message` is undefined at an end-of-stream marker. */
async function readMessage(
  bytes: ByteSource,
  offset: number,
  end: number,
  signal: AbortSignal | undefined,
): Promise<{ message?: Message; length: number; headerLength: number; rows: number; batch?: BatchHeader }> {
  const path = bytes.path;
  const prefix = await bytes.readRange(offset, Math.min(8, end - offset), signal);
  const view = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength);
  let prefixLength = 4;
  let metadataLength = view.getUint32(0, true);
  if (metadataLength === CONTINUATION) {
    if (prefix.byteLength < 8) throw ioError('invalid-input', path, `is a truncated Arrow IPC stream (message at ${offset} cut short)`);
    prefixLength = 8;
    metadataLength = view.getUint32(4, true);
  }
  if (metadataLength === 0) return { length: prefixLength, headerLength: prefixLength, rows: 0 };
  const message = Message.decode(await bytes.readRange(offset + prefixLength, metadataLength, signal));
  const length = prefixLength + metadataLength + message.bodyLength;
  if (offset + length > end) throw ioError('invalid-input', path, `is a truncated Arrow IPC file (message at ${offset} runs past the end)`, 'Check that the file was written completely.');
  const batch = message.headerType === MessageHeader.RecordBatch ? (message.header() as BatchHeader) : undefined;
  return { message, length, headerLength: prefixLength + metadataLength, rows: batch?.length ?? 0, batch };
}

/** The framed schema message that starts a stream, for files whose schema lives only in the footer. */
function schemaMessage(schema: Schema): Uint8Array {
  return framed(Message.encode(Message.from(schema)));
}
