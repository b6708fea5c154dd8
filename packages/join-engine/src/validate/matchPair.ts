import { KeyIndex } from '../keys/KeyIndex.ts';

/**
 * One friend file paired with a primary file of as many rows (same place in their datasets) whose keys differ by
 * position: possibly the same events in another order. Plain data over shared memory, so a worker thread can match it.
 */
export interface PairJob {
  readonly width: number;
  /** The primary file's key lanes. */
  readonly primary: Uint32Array;
  /** Global row of the primary file's first row. */
  readonly primaryStart: number;
  /** The friend file's key lanes. */
  readonly friend: Uint32Array;
  /** The friend file's part of its `matchOf`: filled with each friend row's primary global row. */
  readonly matchOf: Int32Array;
}

/** Runs pair jobs, in this thread or on worker threads; resolves with each job's {@link matchPair} result. */
export type PairMatcher = (jobs: readonly PairJob[]) => Promise<boolean[]>;

/**
 * Matches a friend file against its paired primary file alone, with an index of the primary file's keys only: cheaper
 * than the whole dataset's index, and pairs can be matched in parallel. Returns whether the friend file holds exactly
 * the primary file's rows, each once (then `matchOf` is filled); false otherwise, leaving `matchOf` to be overwritten.
 * Only meaningful when the primary's keys are distinct across its files, which the caller has proven.
 */
export function matchPair(job: PairJob): boolean {
  const { width, primary, friend, matchOf } = job;
  const rows = primary.length / width;
  if (friend.length !== primary.length) return false;
  const index = new KeyIndex(primary, width, rows);
  const again = new Uint8Array(rows);
  index.findAll(friend, rows, matchOf, again);
  // As many rows on each side, each friend row found a primary row, and none found one already found: a bijection.
  for (let r = 0; r < rows; r++) {
    if (matchOf[r]! < 0 || again[r]) return false;
    matchOf[r]! += job.primaryStart;
  }
  return true;
}

/** Matches pair jobs one after another in this thread. */
export const matchPairsHere: PairMatcher = async (jobs) => jobs.map(matchPair);
