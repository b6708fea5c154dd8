import type { TableFormat, TableInfo, TableSource } from './TableSource.ts';
import type { ByteSource } from './source/ByteSource.ts';
import { ArrowIpcSource } from './arrow/ArrowIpcSource.ts';
import { ParquetSource } from './parquet/ParquetSource.ts';
import { RootFile } from './root/RootFile.ts';
import { RootTreeSource } from './root/RootTreeSource.ts';
import { detectFormat } from './detectFormat.ts';
import { asIoError, ioError } from './ioError.ts';
import { openByteSource } from './source/openByteSource.ts';

/** Options for {@link openTable}. */
export interface OpenTableOptions {
  /** ROOT tree name; by default the file's only tree, or `Events`/`events` when there are several. */
  readonly tree?: string;
  readonly signal?: AbortSignal;
}

/** Opens one table of a local file or http(s) URL, detecting ROOT, Parquet or Arrow IPC by its magic bytes. */
export function openTable(path: string, options: OpenTableOptions = {}): Promise<TableSource> {
  return withFormat(path, options.signal, async (bytes, format) => {
    switch (format) {
      case 'arrow':
        return ArrowIpcSource.open(bytes, options.signal);
      case 'parquet':
        return ParquetSource.open(bytes, options.signal);
      case 'root':
        return RootTreeSource.open(await RootFile.open(bytes), options.tree);
    }
  });
}

/** Lists the tables of a file with entries and sizes: every TTree of a ROOT file; the one table of a Parquet or Arrow file (name ''). */
export function listTrees(path: string, options: { signal?: AbortSignal } = {}): Promise<TableInfo[]> {
  return withFormat(path, options.signal, async (bytes, format) => {
    if (format === 'root') {
      const file = await RootFile.open(bytes);
      try {
        return await file.trees();
      } finally {
        await file.close();
      }
    }
    const table = await (format === 'parquet' ? ParquetSource.open(bytes, options.signal) : ArrowIpcSource.open(bytes, options.signal));
    try {
      const sum = (key: 'compressedBytes' | 'uncompressedBytes') => table.columns.reduce((n, c) => n + (c[key] ?? 0), 0);
      return [{ name: '', entries: table.numEntries, compressedBytes: sum('compressedBytes') || undefined, uncompressedBytes: sum('uncompressedBytes') || undefined }];
    } finally {
      await table.close();
    }
  });
}

/** Opens the bytes, checks the magic and hands both to `use`; the bytes are closed if `use` fails (on success `use` owns them). */
async function withFormat<T>(path: string, signal: AbortSignal | undefined, use: (bytes: ByteSource, format: TableFormat) => Promise<T>): Promise<T> {
  const bytes = await openByteSource(path, signal);
  try {
    if (bytes.size === 0) throw ioError('invalid-input', path, 'is empty (0 bytes)', 'Check that the file was written completely.');
    const format = detectFormat(await bytes.readRange(0, Math.min(8, bytes.size), signal));
    if (!format) {
      throw ioError(
        'invalid-input',
        path,
        'is not a ROOT, Parquet or Arrow IPC file (unknown magic bytes)',
        'afkit reads .root files (magic "root"), Parquet (magic "PAR1") and Arrow IPC (magic "ARROW1" or an IPC stream).',
      );
    }
    return await use(bytes, format);
  } catch (error) {
    await bytes.close().catch(() => undefined);
    throw asIoError(error, path);
  }
}
