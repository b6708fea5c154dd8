import type { TableSource } from './TableSource.ts';
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
export async function openTable(path: string, options: OpenTableOptions = {}): Promise<TableSource> {
  const bytes = await openByteSource(path, options.signal);
  try {
    if (bytes.size === 0) throw ioError('invalid-input', path, 'is empty (0 bytes)', 'Check that the file was written completely.');
    const head = await bytes.readRange(0, Math.min(8, bytes.size), options.signal);
    const format = detectFormat(head);
    switch (format) {
      case 'arrow':
        return await ArrowIpcSource.open(bytes, options.signal);
      case 'parquet':
        return await ParquetSource.open(bytes);
      case 'root':
        return await RootTreeSource.open(await RootFile.open(bytes), options.tree);
      default:
        throw ioError(
          'invalid-input',
          path,
          'is not a ROOT, Parquet or Arrow IPC file (unknown magic bytes)',
          'afkit reads .root files (magic "root"), Parquet (magic "PAR1") and Arrow IPC (magic "ARROW1" or an IPC stream).',
        );
    }
  } catch (error) {
    await bytes.close().catch(() => undefined);
    throw asIoError(error, path);
  }
}
