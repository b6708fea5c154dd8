import type { RecordBatch, Schema } from 'apache-arrow';
import { parquetMetadataAsync, parquetRead } from 'hyparquet';
import type { AsyncBuffer, ColumnData, FileMetaData, RowGroup } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import type { ColumnInfo, ReadOptions, TableSource, UnsupportedColumn } from '../TableSource.ts';
import type { ByteSource } from '../source/ByteSource.ts';
import { entryRange, schemaOfColumns, selectColumns } from '../entryRange.ts';
import { asIoError, checkAborted } from '../ioError.ts';
import { typeName } from '../typeName.ts';
import { parquetArrowSchema } from './parquetArrowSchema.ts';
import { PrefetchedSource } from '../source/PrefetchedSource.ts';
import { columnData } from './columnData.ts';
import { recordBatch } from '../arrow/recordBatch.ts';

/**
 * A Parquet file read with hyparquet (pure JavaScript, with hyparquet-compressors for ZSTD, Snappy, gzip, Brotli, LZ4) through
 * afkit's byte source: only the footer and the column chunks asked for are fetched, row group by row group.
 * Pure JavaScript because parquet-wasm aborts the whole process on some corrupt files (a Rust panic in its async reader).
 */
export class ParquetSource implements TableSource {
  readonly format = 'parquet' as const;

  private constructor(
    private readonly bytes: ByteSource,
    private readonly metadata: FileMetaData,
    readonly schema: Schema,
    readonly unsupported: readonly UnsupportedColumn[],
    readonly columns: readonly ColumnInfo[],
  ) {}

  get path(): string {
    return this.bytes.path;
  }

  get numEntries(): number {
    return Number(this.metadata.num_rows);
  }

  /** Reads the footer of an open Parquet byte source. */
  static async open(bytes: ByteSource, signal?: AbortSignal): Promise<ParquetSource> {
    const file = asyncBuffer(bytes, signal);
    try {
      const metadata = await parquetMetadataAsync(file);
      const { schema, unsupported } = parquetArrowSchema(metadata);
      const sizes = new Map<string, { compressed: number; uncompressed: number }>();
      for (const group of metadata.row_groups) {
        for (const chunk of group.columns) {
          const name = chunk.meta_data?.path_in_schema[0];
          if (name === undefined) continue;
          const size = sizes.get(name) ?? { compressed: 0, uncompressed: 0 };
          size.compressed += Number(chunk.meta_data!.total_compressed_size);
          size.uncompressed += Number(chunk.meta_data!.total_uncompressed_size);
          sizes.set(name, size);
        }
      }
      const info = (name: string) => ({ name, title: '', compressedBytes: sizes.get(name)?.compressed, uncompressedBytes: sizes.get(name)?.uncompressed });
      const columns: ColumnInfo[] = [
        ...schema.fields.map((f) => ({ ...info(f.name), type: typeName(f.type) })),
        ...unsupported.map((u) => ({ ...info(u.name), type: 'unsupported', unsupported: u.reason })),
      ];
      return new ParquetSource(bytes, metadata, schema, unsupported, columns);
    } catch (error) {
      throw asIoError(error, bytes.path, 'is not a readable Parquet file');
    }
  }

  async *read(options: ReadOptions = {}): AsyncGenerator<RecordBatch> {
    const { start, stop, batchSize } = entryRange(this.path, this.numEntries, options);
    const names = selectColumns(this.path, this.schema, this.unsupported, options.columns);
    const schema = schemaOfColumns(this.schema, names);
    let groupStart = 0;
    for (const group of this.metadata.row_groups) {
      const groupStop = groupStart + Number(group.num_rows);
      const lo = Math.max(start, groupStart);
      const hi = Math.min(stop, groupStop);
      groupStart = groupStop;
      if (lo >= hi) continue;
      checkAborted(options.signal, this.path);
      const chunks = new Map<string, ColumnData[]>(names.map((n) => [n, []]));
      try {
        // One read for the row group's wanted chunks instead of one per column (1,601 for NanoAOD).
        const file = asyncBuffer(await PrefetchedSource.around(this.bytes, chunkRecords(group, names), options.signal), options.signal);
        // hyparquet filters with `columns.includes` per column: naming all 1,601 NanoAOD columns costs more than the decoding.
        const every = names.length === this.schema.fields.length && this.unsupported.length === 0;
        await parquetRead({ file, metadata: this.metadata, columns: every ? undefined : names, rowStart: lo, rowEnd: hi, compressors, onChunk: (c) => chunks.get(c.columnName)?.push(c) });
      } catch (error) {
        throw asIoError(error, this.path, `has an unreadable row group (rows ${lo} to ${hi})`);
      }
      const values = names.map((n) => assemble(chunks.get(n)!, lo, hi));
      for (let first = lo; first < hi; first += batchSize) {
        const last = Math.min(hi, first + batchSize);
        let children;
        try {
          children = schema.fields.map((f, i) => columnData(f.type, sliceOf(values[i]!, first - lo, last - lo)));
        } catch (error) {
          throw asIoError(error, this.path, `has column data that does not match its schema (rows ${first} to ${last})`);
        }
        yield recordBatch(schema, children, last - first);
      }
    }
  }

  async close(): Promise<void> {
    await this.bytes.close();
  }
}

type Values = ArrayLike<unknown> & { slice(from: number, to: number): Values };

/** Joins the decoded pieces of one column into the values of rows `[lo, hi)`; a missing or short piece means a corrupt file. */
function assemble(chunks: readonly ColumnData[], lo: number, hi: number): Values {
  const pieces = chunks
    .filter((c) => c.rowEnd > lo && c.rowStart < hi)
    .sort((a, b) => a.rowStart - b.rowStart)
    .map((c) => (c.columnData as unknown as Values).slice(Math.max(lo, c.rowStart) - c.rowStart, Math.min(hi, c.rowEnd) - c.rowStart));
  const length = pieces.reduce((n, p) => n + p.length, 0);
  if (length !== hi - lo) throw new Error(`decoded ${length} values for ${hi - lo} rows`);
  if (pieces.length === 1) return pieces[0]!;
  if (ArrayBuffer.isView(pieces[0])) {
    const Ctor = pieces[0].constructor as new (n: number) => Values & { set(p: Values, at: number): void };
    const out = new Ctor(length);
    let at = 0;
    for (const p of pieces) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
  return pieces.flatMap((p) => Array.from(p)) as unknown as Values;
}

function sliceOf(values: Values, from: number, to: number): Values {
  return from === 0 && to === values.length ? values : values.slice(from, to);
}

/** Where the wanted columns' chunks of a row group lie in the file. */
function chunkRecords(group: RowGroup, names: readonly string[]): { offset: number; length: number }[] {
  const wanted = new Set(names);
  const records = [];
  for (const chunk of group.columns) {
    const meta = chunk.meta_data;
    if (!meta || !wanted.has(meta.path_in_schema[0]!)) continue;
    records.push({ offset: Number(meta.dictionary_page_offset ?? meta.data_page_offset), length: Number(meta.total_compressed_size) });
  }
  return records;
}

/** hyparquet's file interface over a byte source. */
function asyncBuffer(bytes: ByteSource, signal?: AbortSignal): AsyncBuffer {
  return {
    byteLength: bytes.size,
    slice: async (start, end = bytes.size) => {
      const data = await bytes.readRange(start, end - start, signal);
      return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
    },
  };
}
