import type { TableSource } from '@afkit/io';

/** Opens one table; defaults to `@afkit/io`'s `openTable`, replaceable to read through another facility. */
export type OpenTable = (path: string, options?: { tree?: string; signal?: AbortSignal }) => Promise<TableSource>;

/** Progress of a validation or a join: phase, rows done and rows to do in this phase. */
export interface JoinProgress {
  readonly phase: 'scan' | 'join';
  readonly done: number;
  readonly total: number;
  /** What is being worked on, e.g. a file path. */
  readonly message?: string;
}

/** Options of {@link validateJoin} and {@link runJoin}. */
export interface JoinOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: JoinProgress) => void;
  readonly open?: OpenTable;
  /** Primary rows that justify one more worker thread (default 2 M): workers take a second or so to start. */
  readonly rowsPerWorker?: number;
  /**
   * Friend rows that the primary files' tasks would read, per friend row, above which a friend that is looked up is
   * spread to spill files first, each of its files read once (default 6 for Arrow IPC friends, 2 for ROOT ones and 1.5
   * for Parquet ones, measured: see `planSpread`).
   */
  readonly spreadAbove?: number;
  /**
   * Run on a worker thread of its own (the key scan and the join's own work, besides its file workers), so that the
   * calling thread stays responsive: a server's event loop would otherwise stop for seconds while a large scan indexes
   * its keys. Not with a custom `open`, which cannot cross threads.
   */
  readonly ownThread?: boolean;
}
