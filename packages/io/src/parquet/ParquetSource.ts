import { openAsBlob } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';
import type { RecordBatch, Schema } from 'apache-arrow';
import * as parquet from 'parquet-wasm/node';
import type { ColumnInfo, ReadOptions, TableSource } from '../TableSource.ts';
import type { ByteSource } from '../source/ByteSource.ts';
import { entryRange, pickColumns, selectColumns, splitBatch } from '../entryRange.ts';
import { asIoError, checkAborted } from '../ioError.ts';
import { typeName } from '../typeName.ts';
import { conventionalBatch, conventionalSchema } from '../toConventions.ts';

/**
 * A Parquet file read through parquet-wasm's async reader (Rust `parquet` crate: ZSTD, nested lists, exact int64),
 * fed by afkit's byte source so that only the column chunks asked for are fetched, locally or over HTTP.
 */
export class ParquetSource implements TableSource {
  readonly format = 'parquet' as const;
  readonly unsupported = [] as const;

  private constructor(
    private readonly bytes: ByteSource,
    private readonly file: parquet.ParquetFile,
    readonly schema: Schema,
    readonly numEntries: number,
    readonly columns: readonly ColumnInfo[],
  ) {}

  get path(): string {
    return this.bytes.path;
  }

  /** Reads the footer of an open Parquet byte source. */
  static async open(bytes: ByteSource): Promise<ParquetSource> {
    try {
      const file = await parquet.ParquetFile.fromFile(await asBlob(bytes));
      const metadata = file.metadata();
      const schema = conventionalSchema(tableFromIPC(file.schema().intoIPCStream()).schema);
      const sizes = new Map<string, { compressed: number; uncompressed: number }>();
      for (let g = 0; g < metadata.numRowGroups(); g++) {
        const group = metadata.rowGroup(g);
        for (let c = 0; c < group.numColumns(); c++) {
          const chunk = group.column(c);
          const name = chunk.columnPath()[0]!;
          const size = sizes.get(name) ?? { compressed: 0, uncompressed: 0 };
          size.compressed += chunk.compressedSize();
          size.uncompressed += chunk.uncompressedSize();
          sizes.set(name, size);
        }
      }
      const columns = schema.fields.map((f) => ({
        name: f.name,
        type: typeName(f.type),
        title: f.metadata.get('doc') ?? '',
        compressedBytes: sizes.get(f.name)?.compressed,
        uncompressedBytes: sizes.get(f.name)?.uncompressed,
      }));
      return new ParquetSource(bytes, file, schema, metadata.fileMetadata().numRows(), columns);
    } catch (error) {
      throw asIoError(error, bytes.path, 'is not a readable Parquet file');
    }
  }

  async *read(options: ReadOptions = {}): AsyncGenerator<RecordBatch> {
    const { start, stop, batchSize } = entryRange(this.path, this.numEntries, options);
    const columns = selectColumns(this.path, this.schema, this.unsupported, options.columns);
    if (start >= stop) return;
    let stream: ReadableStream;
    try {
      stream = await this.file.stream({ columns, offset: start, limit: stop - start, batchSize });
    } catch (error) {
      throw asIoError(error, this.path, 'cannot be read');
    }
    const reader = stream.getReader();
    try {
      for (;;) {
        checkAborted(options.signal, this.path);
        let next: ReadableStreamReadResult<parquet.RecordBatch>;
        try {
          next = await reader.read();
        } catch (error) {
          throw asIoError(error, this.path, 'has an unreadable column chunk');
        }
        if (next.done) return;
        const table = tableFromIPC(next.value.intoIPCStream());
        for (const batch of table.batches) yield* splitBatch(pickColumns(conventionalBatch(batch), columns), batchSize);
      }
    } finally {
      await reader.cancel().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    this.file.free();
    await this.bytes.close();
  }
}

/** A Blob whose slices read through the byte source: parquet-wasm then fetches only the ranges it needs. */
async function asBlob(bytes: ByteSource): Promise<Blob> {
  if (!/^https?:\/\//i.test(bytes.path)) return openAsBlob(bytes.path);
  return rangeBlob(bytes, 0, bytes.size);
}

function rangeBlob(bytes: ByteSource, start: number, end: number): Blob {
  const blob = {
    size: end - start,
    type: '',
    slice: (from = 0, to = end - start) => rangeBlob(bytes, start + from, start + Math.min(to, end - start)),
    arrayBuffer: async () => {
      const data = await bytes.readRange(start, end - start);
      return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
    },
  };
  return blob as unknown as Blob;
}
