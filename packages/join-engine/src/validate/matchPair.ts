import { KeyIndex } from '../keys/KeyIndex.ts';

/**
 * One friend file paired with a primary file of as many rows (same place in their datasets) whose keys differ by
 * position: possibly the same events in another order. Plain data over shared memory, so a worker thread can match it.
 */
export interface PairJob {
  readonly width: number;
  /** Global row of both files' first rows. */
  readonly start: number;
  /** The primary file's key lanes. */
  readonly primary: Uint32Array;
  /** The friend file's key lanes. */
  readonly friend: Uint32Array;
  /** The friend file's part of its `matchOf`: filled with each friend row's primary global row. */
  readonly matchOf: Int32Array;
  /** The primary file's part of the friend's `rowOf`: filled with each primary row's friend global row. */
  readonly rowOf: Int32Array;
}

/**
 * Matches a friend file against its paired primary file alone, with an index of one file's keys: cheaper than the whole
 * dataset's index, and pairs can be matched in parallel. Returns whether the friend file holds exactly the primary
 * file's rows, each once; then `matchOf` and `rowOf` are filled (else left to be overwritten). Only meaningful when the
 * primary's keys are distinct across its files, which the caller proves.
 */
export function matchPair(job: PairJob): boolean {
  const { width, start, primary, friend, matchOf, rowOf } = job;
  const rows = primary.length / width;
  if (friend.length !== primary.length) return false;
  // The friend's keys are indexed and the primary's looked up in order: execution then reads `rowOf` in order.
  const index = new KeyIndex(friend, width, rows);
  if (index.duplicateRows > 0) return false;
  const again = new Uint8Array(rows);
  index.findAll(primary, rows, rowOf, again);
  // As many rows on each side, friend keys distinct, and every primary row found one: a bijection.
  for (let p = 0; p < rows; p++) {
    const f = rowOf[p]!;
    if (f < 0 || again[p]) return false;
    matchOf[f] = start + p;
    rowOf[p] = start + f;
  }
  return true;
}
