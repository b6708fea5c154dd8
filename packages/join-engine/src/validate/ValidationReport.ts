/** A key that occurs more than once, with where (capped). */
export interface DuplicateKey {
  /** e.g. `run=1 luminosityBlock=2 event=3`. */
  readonly key: string;
  readonly count: number;
  readonly entries: readonly { readonly file: string; readonly entry: number }[];
}

/** How a friend's keys relate to the primary's. */
export type Relationship =
  | 'aligned row by row'
  | 'same events, reordered'
  | `regrouped across ${number} files`
  | 'subset'
  | 'superset'
  | 'partial overlap'
  | 'disjoint';

/** How one primary file is joined with one friend: verify-and-attach, hash join with its paired file, or from an index across files. */
export type Strategy = 'aligned' | 'reordered' | 'regrouped';

/** A row named by file and entry, with its keys. */
export interface RowRef {
  readonly file: string;
  readonly entry: number;
  readonly key: string;
}

/** Where attaching by position (ROOT `AddFriend`) would first put a friend row on the wrong event. */
export interface PositionalMismatch {
  readonly primary: RowRef;
  /** The friend row at the same position; absent when the friend file ends first. */
  readonly friend?: RowRef;
}

/** Key facts of one dataset. */
export interface DatasetKeyStats {
  readonly files: number;
  readonly rows: number;
  readonly distinct: number;
  readonly duplicateRows: number;
  /** The first repeated keys (at most {@link MAX_LISTED_DUPLICATES}). */
  readonly duplicates: readonly DuplicateKey[];
}

/** The fast key scan's verdict on one friend. */
export interface FriendValidation extends DatasetKeyStats {
  readonly name: string;
  /** Friend rows whose key is in the primary. */
  readonly matchedRows: number;
  /** Primary rows that get at least one friend row. */
  readonly primaryMatchedRows: number;
  /** matchedRows / rows. */
  readonly matchedFraction: number;
  /** primaryMatchedRows / primary rows. */
  readonly primaryMatchedFraction: number;
  readonly relationship: Relationship;
  /** Strategy per primary file, in primary file order. */
  readonly strategies: readonly Strategy[];
  /** The first row where joining by position would mix events; null when position and keys agree everywhere. */
  readonly positionalMismatch: PositionalMismatch | null;
  /** The first primary rows without a friend row (at most {@link MAX_LISTED_ROWS}). */
  readonly unmatchedPrimary: readonly RowRef[];
  /** The first friend rows without a primary row (at most {@link MAX_LISTED_ROWS}). */
  readonly unmatchedFriend: readonly RowRef[];
}

/** What {@link validateJoin} finds: per-dataset key statistics and the problems that would stop the join. */
export interface ValidationReport {
  readonly primary: DatasetKeyStats;
  readonly friends: readonly FriendValidation[];
  /** Problems that stop `runJoin` under the plan's policy (e.g. duplicate keys); empty when the join can run. */
  readonly problems: readonly string[];
}

/** At most this many unmatched rows are listed per side. */
export const MAX_LISTED_ROWS = 10;

/** At most this many duplicate keys are listed per dataset. */
export const MAX_LISTED_DUPLICATES = 20;
