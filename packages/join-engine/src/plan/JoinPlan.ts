/** The integer width a key is normalised to; every file's key column must fit it exactly. */
export type KeyType = 'uint32' | 'uint64';

/** One event key of the join, named as in the primary dataset. */
export interface JoinKey {
  /** Column (branch) name in the primary dataset, e.g. `run`. */
  readonly name: string;
  /** Exact target width; a negative value or one that overflows it is an error naming the row. */
  readonly type: KeyType;
}

/** The dataset whose rows (events) the join keeps the order of. */
export interface PrimaryDataset {
  /** Files in order (ROOT, Parquet or Arrow IPC). */
  readonly files: readonly string[];
  /** TTree name for ROOT files; ignored for Parquet and Arrow. */
  readonly tree?: string;
  /** Primary columns copied into the output beside the keys (usually none: outputs are friends of the primary). */
  readonly columns?: readonly string[];
}

/** A friend column to bring, optionally renamed. */
export interface FriendColumn {
  readonly name: string;
  /** Output name; defaults to the friend's `prefix` + `name`. */
  readonly as?: string;
}

/** A dataset whose columns are attached to the primary by key. */
export interface FriendDataset {
  /** Short name: the output sub-folder and report entry. */
  readonly name: string;
  readonly files: readonly string[];
  readonly tree?: string;
  /** Primary key name → friend column name, for keys named differently in the friend. */
  readonly keyMap?: Readonly<Record<string, string>>;
  /** Columns to bring. */
  readonly columns: readonly FriendColumn[];
  /** Prepended to every brought column without its own `as`. */
  readonly prefix?: string;
  /**
   * Attach by position, like ROOT `AddFriend`, instead of by key lookup; every row is still verified and the first
   * row whose keys differ stops the join, named. For friends known to be aligned.
   */
  readonly positional?: boolean;
}

/** SQL join kinds, applied between the primary and each friend separately. */
export type JoinKind = 'inner' | 'left' | 'right' | 'outer';

/** What to do with repeated keys: fail (default), keep the first friend row, or match all like SQL. */
export type DuplicatePolicy = 'error' | 'first' | 'all';

/** Output file formats. */
export type OutputFormat = 'arrow' | 'parquet' | 'root';

/** Where and how the joined friend files are written. */
export interface JoinOutput {
  /** Folder; each friend writes `<dir>/<friend>/<index>_<primary basename>.<ext>`. */
  readonly dir: string;
  readonly format: OutputFormat;
  /** TTree name of ROOT output (default `Friends`). */
  readonly tree?: string;
}

/**
 * A serialisable join: primary dataset, friends, keys, kind, duplicate policy, output and memory limit.
 * Stored as JSON; {@link parseJoinPlan} validates it at load.
 */
export interface JoinPlan {
  readonly version: 1;
  readonly primary: PrimaryDataset;
  readonly friends: readonly FriendDataset[];
  readonly keys: readonly JoinKey[];
  readonly kind: JoinKind;
  readonly duplicates: DuplicatePolicy;
  readonly output: JoinOutput;
  /** Bound on the key index held in memory; larger friends are joined in several hash partitions. */
  readonly memoryLimitMB: number;
  /** Most worker threads across primary files; 1 runs in the calling thread, as do joins under 2 M primary rows per worker. */
  readonly workers: number;
}

/** CMS NanoAOD event keys, the default. */
export const CMS_KEYS: readonly JoinKey[] = [
  { name: 'run', type: 'uint32' },
  { name: 'luminosityBlock', type: 'uint32' },
  { name: 'event', type: 'uint64' },
];

/** Default memory bound for the key index, in MB. */
export const DEFAULT_MEMORY_LIMIT_MB = 1024;
