import type { Schema, RecordBatch } from 'apache-arrow';

/** The file formats afkit reads; every one yields the same Arrow conventions. */
export type TableFormat = 'root' | 'parquet' | 'arrow';

/** What to read from a table: columns, an entry range `[entryStart, entryStop)`, rows per batch, cancellation. */
export interface ReadOptions {
  readonly columns?: readonly string[];
  readonly entryStart?: number;
  readonly entryStop?: number;
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
}

/** A column the file lists but afkit cannot read, with why. */
export interface UnsupportedColumn {
  readonly name: string;
  readonly reason: string;
}

/** Per-column facts a dataset browser shows: readable type, documentation, sizes, counter branch. */
export interface ColumnInfo {
  readonly name: string;
  /** Readable type: `int32`, `uint64`, `bool`, `var * float32`. */
  readonly type: string;
  /** The ROOT branch title (NanoAOD keeps its documentation there) or Parquet/Arrow field metadata `doc`. */
  readonly title: string;
  /** Bytes on disk, where the format tells (ROOT baskets, Parquet column chunks). */
  readonly compressedBytes?: number;
  readonly uncompressedBytes?: number;
  /** For a jagged ROOT branch, the branch holding its per-entry counts (`nMuon` for `Muon_pt`). */
  readonly counter?: string;
  /** Set when the column cannot be read. */
  readonly unsupported?: string;
}

/**
 * One table of one file: a ROOT TTree, a Parquet file, an Arrow IPC file/stream.
 * Conventions shared by every format: 64-bit integers are exact Int64/Uint64, jagged numeric columns are `List<primitive>`,
 * booleans are Bool, names as in the file.
 */
export interface TableSource {
  /** File path or URL. */
  readonly path: string;
  readonly format: TableFormat;
  /** ROOT tree name. */
  readonly tree?: string;
  readonly numEntries: number;
  /** Arrow schema of the readable columns. */
  readonly schema: Schema;
  /** Columns listed but not readable, with why. */
  readonly unsupported: readonly UnsupportedColumn[];
  /** Every column the file lists (readable or not), in file order, with browser metadata. */
  readonly columns: readonly ColumnInfo[];
  /** Streams record batches of the chosen columns and entries; memory is bounded by the batch size, not the file size. */
  read(options?: ReadOptions): AsyncIterable<RecordBatch>;
  close(): Promise<void>;
}

/** A table inside a file (a ROOT tree; the single table of a Parquet or Arrow file), as a file listing shows it. */
export interface TableInfo {
  /** Tree name; empty for Parquet and Arrow files. */
  readonly name: string;
  readonly entries: number;
  readonly compressedBytes?: number;
  readonly uncompressedBytes?: number;
}
