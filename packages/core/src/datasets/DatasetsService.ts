import type { CallOptions } from '../Facility.ts';
import type { SerializedFacilityError } from '../FacilityError.ts';

/** A file format the facility reads; every one yields the same Arrow conventions. */
export type DatasetFormat = 'root' | 'parquet' | 'arrow';

/** A place datasets come from: a served local folder, the generated sample, or HTTP(S) URLs read with range requests. */
export interface DatasetSource {
  /** Stable id used by {@link DatasetsService.list}. */
  readonly id: string;
  readonly kind: 'folder' | 'sample' | 'url';
  /** Short human name ("Home", "Sample NanoAOD", "HEP test data"). */
  readonly label: string;
  /** The folder's absolute path; empty for the `url` source. */
  readonly path: string;
  /** One line on what it is. */
  readonly description?: string;
}

/** One item of a folder listing. */
export interface DatasetEntry {
  readonly name: string;
  /** Absolute path, usable as a file or folder argument of the other calls. */
  readonly path: string;
  readonly kind: 'folder' | 'file';
  /** File size in bytes. */
  readonly bytes?: number;
  /** Guessed from the extension; undefined for folders and other files. */
  readonly format?: DatasetFormat;
  /** Last modification, ms since the epoch. */
  readonly modifiedAt?: number;
}

/** A folder's contents: sub-folders first, then files, each group by name. */
export interface FolderListing {
  readonly source: string;
  readonly path: string;
  /** The enclosing folder, when it is still inside the source. */
  readonly parent?: string;
  readonly entries: readonly DatasetEntry[];
  /** True when the folder held more entries than a listing returns. */
  readonly truncated: boolean;
}

/** What makes a dataset: every data file of a folder, the files matching an absolute glob, or a list of files and URLs. */
export type DatasetSpec =
  | { readonly folder: string; readonly tree?: string }
  | { readonly glob: string; readonly tree?: string }
  | { readonly files: readonly string[]; readonly tree?: string };

/** One file of a dataset: readable (with its entries) or not (with why). */
export interface DatasetFile {
  readonly path: string;
  readonly status: 'ok' | 'error';
  readonly format?: DatasetFormat;
  readonly bytes?: number;
  /** The tree read (ROOT); empty for Parquet and Arrow files. */
  readonly tree?: string;
  readonly entries?: number;
  /** Why the file cannot be read; the rest of the dataset stays usable. */
  readonly error?: SerializedFacilityError;
}

/** A dataset as opened: its files with status, and totals over the readable ones. */
export interface DatasetSummary {
  readonly spec: DatasetSpec;
  readonly files: readonly DatasetFile[];
  readonly totalEntries: number;
  /** Bytes on disk of all files, readable or not. */
  readonly totalBytes: number;
  readonly readableFiles: number;
}

/** A table inside a file: a ROOT tree, or the single table of a Parquet or Arrow file (name `''`). */
export interface TreeInfo {
  readonly name: string;
  readonly entries: number;
  readonly compressedBytes?: number;
  readonly uncompressedBytes?: number;
}

/** A branch (column) as a browser shows it. */
export interface BranchInfo {
  readonly name: string;
  /** Readable type: `int32`, `uint64`, `bool`, `var * float32` for jagged. */
  readonly type: string;
  /** The ROOT branch title (NanoAOD keeps the documentation there) or the field's `doc` metadata. */
  readonly title: string;
  readonly compressedBytes?: number;
  readonly uncompressedBytes?: number;
  /** For a jagged branch, the branch holding its per-entry counts (`nMuon` for `Muon_pt`). */
  readonly counter?: string;
  /** Set when afkit cannot read the branch; the other branches stay readable. */
  readonly unsupported?: string;
}

/** The branches of one tree of one file. */
export interface BranchListing {
  readonly file: string;
  readonly tree: string;
  readonly entries: number;
  readonly branches: readonly BranchInfo[];
}

/** How far a long call has come. */
export interface DatasetProgress {
  /** Files (open) or entries (read) done so far. */
  readonly done: number;
  /** The total to reach, when known. */
  readonly total: number;
  readonly unit: 'files' | 'entries';
  /** The file being worked on. */
  readonly file?: string;
}

/** Options of calls that may take long: cancel with `signal`, watch with `onProgress`. */
export interface LongCallOptions extends CallOptions {
  readonly onProgress?: (progress: DatasetProgress) => void;
}

/** Options of {@link DatasetsService.preview}. */
export interface PreviewOptions extends LongCallOptions {
  /** Rows to return from the start (default 100, at most 10,000). */
  readonly limit?: number;
}

/** Options of {@link DatasetsService.read}. */
export interface ReadOptions extends LongCallOptions {
  /** First entry, inclusive (default 0). */
  readonly entryStart?: number;
  /** Last entry, exclusive (default: the end). */
  readonly entryStop?: number;
  /** Rows per batch (the facility picks a size bounded in memory by default). */
  readonly batchSize?: number;
  /**
   * Receives the data as it streams, one record batch at a time: each call gets a self-contained Arrow IPC stream
   * (schema + one batch), which `tableFromIPC` decodes; 64-bit integers stay exact inside it.
   */
  readonly onBatch: (ipc: Uint8Array) => void;
}

/** What a finished {@link DatasetsService.read} delivered. */
export interface ReadSummary {
  readonly entries: number;
  readonly batches: number;
  /** Arrow IPC bytes delivered. */
  readonly bytes: number;
}

/**
 * The Datasets service of a facility: where datasets are, what files, trees and branches they hold, and their data
 * as Arrow IPC bytes. Files are absolute paths inside the served folders, or http(s) URLs.
 */
export interface DatasetsService {
  /** The sources the facility serves. */
  sources(options?: CallOptions): Promise<DatasetSource[]>;
  /** A folder of a source (its root when `path` is omitted). */
  list(source: string, path?: string, options?: CallOptions): Promise<FolderListing>;
  /** Opens every file of a dataset; an unreadable file is marked with its error and the others stay usable. */
  openDataset(spec: DatasetSpec, options?: LongCallOptions): Promise<DatasetSummary>;
  /** The trees (tables) of one file with their entries and sizes. */
  trees(file: string, options?: CallOptions): Promise<TreeInfo[]>;
  /** The branches of one tree: names, types, titles, sizes, counters, what cannot be read. */
  branches(file: string, tree: string, options?: CallOptions): Promise<BranchListing>;
  /** The first rows of some branches, as Arrow IPC stream bytes. */
  preview(file: string, tree: string, columns: readonly string[], options?: PreviewOptions): Promise<Uint8Array>;
  /** Streams an entry range of some branches batch by batch to `options.onBatch`; resolves when all arrived. */
  read(file: string, tree: string, columns: readonly string[], options: ReadOptions): Promise<ReadSummary>;
}
