import type { FileRange, FriendSource } from '../validate/scanKeys.ts';
import type { Strategy } from '../validate/ValidationReport.ts';
import type { JoinPlan } from '../plan/JoinPlan.ts';

/** One unit of execution: one friend joined onto one primary file. Plain data (shared arrays) so a worker thread can run it. */
export interface FileTask {
  readonly plan: JoinPlan;
  readonly friendIndex: number;
  readonly primaryFile: number;
  readonly primaryFiles: readonly FileRange[];
  /** Key lanes of every primary row (shared memory). */
  readonly primaryLanes: Uint32Array;
  /** Next primary row with the same key, -1 at a chain's end; null when the primary has no repeated key. */
  readonly primaryChain: Int32Array | null;
  readonly friendFiles: readonly FileRange[];
  readonly keyColumns: readonly string[];
  /** Friend global row → primary head row, or a negative marker (shared memory). */
  readonly matchOf: Int32Array;
  /** Primary global row → friend global row, when each friend file holds exactly its paired primary file's rows (shared memory); else null. */
  readonly rowOf: Int32Array | null;
  /**
   * Friend files this primary file needs rows from, with the span of their rows that pair with it; for a spread friend
   * (see `planSpread`), also the spill file holding this file's rows of each (else null).
   */
  readonly sources: readonly (FriendSource & { readonly spill: string | null })[];
  readonly strategy: Strategy;
  /** Whether the friend rows are taken by position (at this file's dataset rows) rather than looked up: strategy `aligned` always is. */
  readonly byPosition: boolean;
  /** Friend files whose unmatched rows are appended after this file's rows (right and outer joins, last file only). */
  readonly appendUnmatched: readonly number[];
  readonly outputPath: string;
}

/** What one {@link FileTask} did. */
export interface FileResult {
  readonly outputPath: string;
  readonly strategy: Strategy;
  /** Rows written. */
  readonly rows: number;
  /** Primary rows of this file that got a friend row. */
  readonly primaryMatched: number;
  /** Primary rows of this file without a friend row. */
  readonly primaryUnmatched: number;
  /** Friend rows attached (one per written matched row). */
  readonly attached: number;
  /** Unmatched friend rows appended (right and outer joins). */
  readonly friendAppended: number;
  /** Attached rows whose friend keys were compared equal to their primary row's keys. */
  readonly verifiedRows: number;
  /** Digest of the verified key sequence in output order. */
  readonly digest: string;
}
