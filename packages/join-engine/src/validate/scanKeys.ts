import { FacilityError, throwIfAborted } from '@afkit/core';
import type { TableFormat, TableSource } from '@afkit/io';
import { KeyIndex, sameKey } from '../keys/KeyIndex.ts';
import { formatKey, keyLayout } from '../keys/KeyLayout.ts';
import type { KeyLayout } from '../keys/KeyLayout.ts';
import { readKeys, readKeysAgainst } from '../keys/readKeys.ts';
import { runScanJobsHere } from './ScanJob.ts';
import type { ScanJobRunner } from './ScanJob.ts';
import type { FriendDataset, JoinPlan } from '../plan/JoinPlan.ts';
import type { JoinOptions, OpenTable } from '../JoinOptions.ts';
import { MAX_LISTED_DUPLICATES, MAX_LISTED_ROWS } from './ValidationReport.ts';
import type { DatasetKeyStats, DuplicateKey, FriendValidation, PositionalMismatch, Relationship, RowRef, Strategy } from './ValidationReport.ts';

/** One file's place in its dataset's concatenated rows. */
export interface FileRange {
  readonly path: string;
  readonly format: TableFormat;
  /** First global row of the file. */
  readonly start: number;
  readonly rows: number;
}

/**
 * A friend file that a primary file needs rows from, and the span of its dataset rows [from, to) from the first to the
 * last that pairs with that primary file (a task reads only that span).
 */
export interface FriendSource {
  readonly file: number;
  readonly from: number;
  readonly to: number;
}

/** The primary's keys, kept for execution (lanes live in shared memory so workers can read them). */
export interface PrimaryScan {
  readonly files: readonly FileRange[];
  readonly lanes: Uint32Array;
  readonly index: KeyIndex;
  readonly stats: DatasetKeyStats;
}

/** A friend's scan: where each of its rows goes, and how each primary file is joined with it. */
export interface FriendScan {
  readonly friend: FriendDataset;
  /** Key column names in this friend, in key order. */
  readonly keyColumns: readonly string[];
  readonly files: readonly FileRange[];
  /**
   * Friend global row → primary head row holding its key; {@link UNMATCHED} or {@link DROPPED}. Shared memory; empty
   * when every file pair is aligned row by row (attached by position, nothing to look up).
   */
  readonly matchOf: Int32Array;
  /**
   * Primary global row → friend global row, when every file of the friend holds exactly its paired primary file's rows
   * and some in another order (matched pair by pair, see `matchPair`); else null. Shared memory.
   */
  readonly rowOf: Int32Array | null;
  /** Per primary file, the friend files it needs rows from, in file order. */
  readonly sources: readonly (readonly FriendSource[])[];
  /** Friend files holding rows that match no primary row (right and outer joins append them). */
  readonly unmatchedFiles: readonly number[];
  /**
   * Whether every friend row is at its primary row's dataset row, keys equal (seen by the scan): every primary file
   * takes its friend rows by position, from its paired file or from parts of files split elsewhere.
   */
  readonly byPosition: boolean;
  readonly validation: FriendValidation;
}

/** Everything the fast key scan learnt; execution plans from it. */
export interface KeyScan {
  readonly layout: KeyLayout;
  readonly primary: PrimaryScan;
  readonly friends: readonly FriendScan[];
  readonly problems: readonly string[];
}

/**
 * Files whose keys are read at once: while one file's batch is decoded here, the next ones are read from disk on
 * libuv's threads. Few, since each holds a batch in memory.
 */
const READS_AT_ONCE = 2;

/**
 * Runs the tasks given to it at most `slots` at a time, in the order given. After a task fails, tasks not yet started
 * fail at once instead of starting (the caller has already failed).
 */
function limiter(slots: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  let failed = false;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    while (running >= slots) await new Promise<void>((resolve) => waiting.push(resolve));
    if (failed) throw new FacilityError('cancelled', 'another key read failed first');
    running++;
    try {
      return await task();
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

/** The keys of one dataset's files, read into one lanes array. */
interface DatasetKeys {
  readonly files: readonly FileRange[];
  readonly rows: number;
  readonly lanes: Uint32Array;
}

/** {@link FriendScan.matchOf} for a row whose key is not in the primary. */
export const UNMATCHED = -1;
/** {@link FriendScan.matchOf} for a repeated friend row that the `first` policy drops. */
export const DROPPED = -2;

/**
 * Reads the keys of every file of the plan once and works out duplicates, matches, relationships and strategies.
 * `onPrimaryOpened` learns the primary's row count as soon as its files are open, before any key is read;
 * `runJob` runs its heavy steps (see `ScanJob`), by default in this thread.
 */
export async function scanKeys(
  plan: JoinPlan,
  open: OpenTable,
  options: JoinOptions,
  onPrimaryOpened?: (rows: number) => void,
  runJob: ScanJobRunner = runScanJobsHere,
): Promise<KeyScan> {
  const layout = keyLayout(plan.keys);
  const { signal } = options;
  const primarySources = await openAll(plan.primary.files, plan.primary.tree, open, signal);
  onPrimaryOpened?.(primarySources.reduce((n, s) => n + s.numEntries, 0));
  const friendSources: TableSource[][] = [];
  try {
    for (const friend of plan.friends) friendSources.push(await openAll(friend.files, friend.tree, open, signal));
    const total = [primarySources, ...friendSources].flat().reduce((n, s) => n + s.numEntries, 0);
    let done = 0;
    const queue = limiter(READS_AT_ONCE);
    const keyNames = plan.keys.map((k) => k.name);
    const friendColumns = plan.friends.map((friend) => plan.keys.map((k) => friend.keyMap?.[k.name] ?? k.name));
    const readFile = async <T>(source: TableSource, read: () => Promise<T>): Promise<T> =>
      queue(async () => {
        const result = await read();
        done += source.numEntries;
        options.onProgress?.({ phase: 'scan', done, total, message: source.path });
        return result;
      });
    const primaryFiles = ranges(primarySources);
    const primaryKeys: DatasetKeys = { files: primaryFiles, rows: rowsOf(primaryFiles), lanes: sharedUint32(rowsOf(primaryFiles) * layout.width) };
    await Promise.all(
      primarySources.map((source, i) => readFile(source, () => readKeys(source, layout, keyNames, fileLanes(layout, primaryKeys.lanes, primaryFiles[i]!), signal))),
    );
    // A friend file paired with a primary file (same place, same rows), or any file of a friend with as many rows as
    // the primary, is compared with the primary's keys at its own dataset rows as read: while equal, its keys are the
    // primary's and need no memory of their own. A friend whose files all equal them is aligned row by row, whether or
    // not its files split the rows where the primary's do (files merged or split in the same order).
    const friendFiles = friendSources.map(ranges);
    const paired = friendFiles.map((files) =>
      files.map((file, i) => files.length === primaryFiles.length && file.start === primaryFiles[i]!.start && file.rows === primaryFiles[i]!.rows),
    );
    const sameRows = friendFiles.map((files) => rowsOf(files) === primaryKeys.rows);
    // Friends whose files each pair with a primary file are matched pair by pair, before any index of the whole
    // dataset; when every friend is paired or may be aligned, the primary's keys may need no index for lookups, only a
    // proof that they are distinct. It starts now (on a worker thread when given), while this thread reads the
    // friends' keys; a friend that is neither after all builds the index at its first lookup.
    const lookups = !paired.every((pairs, f) => pairs.every(Boolean) || sameRows[f]);
    const distinctJob = { lanes: primaryKeys.lanes, width: layout.width, rows: primaryKeys.rows, runLanes: runLanes(layout) };
    const provenDistinct = lookups ? Promise.resolve(undefined) : runJob({ type: 'distinct', job: distinctJob });
    provenDistinct.catch(() => undefined);
    const friendKeys: FriendKeys[] = await Promise.all(
      friendSources.map(async (sources, f) => {
        const files = friendFiles[f]!;
        const rows = rowsOf(files);
        let lanes: Uint32Array | null = null;
        const own = () => (lanes ??= sharedUint32(rows * layout.width));
        // Each pair whose keys differ by position starts matching (on a worker thread when given) once read.
        const pairs = paired[f]!.every(Boolean) ? new PairMatches(layout, primaryKeys.lanes, rows, runJob) : null;
        const aligned = await Promise.all(
          sources.map((source, i) => {
            const file = files[i]!;
            const expected = paired[f]![i] || sameRows[f] ? fileLanes(layout, primaryKeys.lanes, file) : null;
            return readFile(source, async () => {
              const same = await readKeysAgainst(source, layout, friendColumns[f]!, expected, () => fileLanes(layout, own(), file), signal);
              if (!same) pairs?.match(file, own());
              return same;
            });
          }),
        );
        const held: Uint32Array = lanes ?? primaryKeys.lanes;
        if (held !== primaryKeys.lanes) files.forEach((file, i) => aligned[i] && fileLanes(layout, held, file).set(fileLanes(layout, primaryKeys.lanes, file)));
        return { files, rows, lanes: held, aligned, paired: paired[f]!, pairs };
      }),
    );
    throwIfAborted(signal);
    // Pair matches need the primary's keys distinct, and are not used without it.
    const pairMatches = Promise.all(friendKeys.map((keys) => keys.pairs?.maps(keys.files, keys.aligned) ?? null));
    pairMatches.catch(() => undefined);
    const index = new KeyIndex(primaryKeys.lanes, layout.width, primaryKeys.rows, { lookups, runLanes: distinctJob.runLanes, provenDistinct: await provenDistinct });
    const primary: PrimaryScan = {
      files: primaryKeys.files,
      lanes: primaryKeys.lanes,
      index,
      stats: keyStats(layout, index, primaryKeys.files),
    };
    const problems: string[] = [];
    if (plan.duplicates === 'error') problems.push(...duplicateProblems('the primary dataset', primary.stats));
    const byPairs = (await pairMatches).map((maps) => (index.duplicateRows === 0 ? maps : null));
    throwIfAborted(signal);
    const friends: FriendScan[] = [];
    for (const [f, friend] of plan.friends.entries()) {
      const keys = friendKeys[f]!;
      // Row-by-row equal files and no repeated key: every friend row belongs to the primary row at the same place, and
      // every file is attached by position, so there is nothing to look up.
      const allAligned = keys.aligned.every(Boolean) && index.duplicateRows === 0;
      const maps = byPairs[f] ?? (allAligned ? { matchOf: sharedInt32(0), rowOf: null } : null);
      const scan = maps
        ? pairedFriend(layout, primary, friend, friendColumns[f]!, keys, maps)
        : matchFriend(plan, layout, primary, friend, friendColumns[f]!, keys);
      if (plan.duplicates === 'error') problems.push(...duplicateProblems(`friend "${friend.name}"`, scan.validation));
      friends.push(scan);
    }
    return { layout, primary, friends, problems };
  } finally {
    await Promise.all([primarySources, ...friendSources].flat().map((s) => s.close()));
  }
}

/** A friend's keys as read by the scan. */
interface FriendKeys extends DatasetKeys {
  /** Per file: whether its keys equal the primary's at the same dataset rows, row by row (see `paired`). */
  readonly aligned: readonly boolean[];
  /** Per file: whether it pairs with the primary file at its place (same first row, as many rows). */
  readonly paired: readonly boolean[];
  /** The pair matches of a friend whose every file pairs with the primary file at its place (same first row, as many rows); else null. */
  readonly pairs: PairMatches | null;
}

/** Where each row of a friend matched pair by pair goes: friend row → primary row, and primary row → friend row. */
interface PairMaps {
  readonly matchOf: Int32Array;
  /** Null where every pair is aligned (attached by position). */
  readonly rowOf: Int32Array | null;
}

/** The matches of one friend's file pairs whose keys differ by position, each started as soon as its keys are read. */
class PairMatches {
  private found: (PairMaps & { readonly rowOf: Int32Array }) | null = null;
  private readonly results: Promise<boolean>[] = [];

  constructor(
    private readonly layout: KeyLayout,
    private readonly primaryLanes: Uint32Array,
    private readonly rows: number,
    private readonly runJob: ScanJobRunner,
  ) {}

  /** Starts matching a friend file, whose keys are in `lanes` (the friend's), with the primary file at its place. */
  match(file: FileRange, lanes: Uint32Array): void {
    const { matchOf, rowOf } = (this.found ??= { matchOf: sharedInt32(this.rows), rowOf: sharedInt32(this.rows) });
    const result = this.runJob({
      type: 'match',
      job: {
        width: this.layout.width,
        start: file.start,
        primary: fileLanes(this.layout, this.primaryLanes, file),
        friend: fileLanes(this.layout, lanes, file),
        matchOf: matchOf.subarray(file.start, file.start + file.rows),
        rowOf: rowOf.subarray(file.start, file.start + file.rows),
      },
    });
    // Awaited in maps(), unless the scan fails first.
    result.catch(() => undefined);
    this.results.push(result);
  }

  /**
   * The friend's maps when every started pair holds exactly its primary file's rows (aligned pairs are mapped row to row
   * here); null when none was started (every pair aligned) or some pair is not a bijection. Valid only if the primary's
   * keys are distinct.
   */
  async maps(files: readonly FileRange[], aligned: readonly boolean[]): Promise<(PairMaps & { readonly rowOf: Int32Array }) | null> {
    const found = this.found;
    if (found === null || !(await Promise.all(this.results)).every(Boolean)) return null;
    files.forEach((file, i) => {
      if (!aligned[i]) return;
      for (let r = file.start; r < file.start + file.rows; r++) found.rowOf[r] = found.matchOf[r] = r;
    });
    return found;
  }
}

/**
 * The scan of a friend whose every file holds exactly its paired primary file's rows, in the same order (aligned) or
 * another (reordered), with the maps of its {@link PairMatches} (none when all are aligned). The primary's keys being
 * distinct, so are the friend's, and every row on each side is matched.
 */
function pairedFriend(layout: KeyLayout, primary: PrimaryScan, friend: FriendDataset, keyColumns: readonly string[], keys: FriendKeys, { matchOf, rowOf }: PairMaps): FriendScan {
  const { files, lanes, aligned: pairAligned } = keys;
  const rows = lanes.length / layout.width;
  const allAligned = pairAligned.every(Boolean);
  // Reordered pairs come only from a friend whose files all pair with the primary's. A friend aligned row by row in
  // files split elsewhere gives a primary file without a paired file its rows from other files: regrouped.
  const strategies: Strategy[] = primary.files.map((_, i) => (!keys.paired[i] ? 'regrouped' : pairAligned[i] ? 'aligned' : 'reordered'));
  const validation: FriendValidation = {
    name: friend.name,
    ...primary.stats,
    matchedRows: rows,
    primaryMatchedRows: rows,
    matchedFraction: 1,
    primaryMatchedFraction: 1,
    relationship: !allAligned ? 'same events, reordered' : strategies.every((s) => s === 'aligned') ? 'aligned row by row' : `regrouped across ${files.length} files`,
    strategies,
    positionalMismatch: allAligned ? null : positionalMismatch(layout, primary, files, lanes),
    unmatchedPrimary: [],
    unmatchedFriend: [],
  };
  // Each friend row is at its primary row's dataset row (aligned) or in the paired file (reordered pairs).
  const sources = primary.files.map((p) =>
    files.flatMap((file, j) => {
      const from = Math.max(file.start, p.start);
      const to = Math.min(file.start + file.rows, p.start + p.rows);
      return from < to ? [{ file: j, from, to }] : [];
    }),
  );
  return { friend, keyColumns, files, matchOf, rowOf, sources, unmatchedFiles: [], byPosition: allAligned, validation };
}

/** The scan of any other friend: its keys looked up in the index of the whole primary. */
function matchFriend(plan: JoinPlan, layout: KeyLayout, primary: PrimaryScan, friend: FriendDataset, keyColumns: readonly string[], keys: FriendKeys): FriendScan {
  const { files, lanes, aligned: pairAligned } = keys;
  const { width } = layout;
  const primaryRows = primary.index.rows;
  const rows = lanes.length / width;
  const primaryHasRepeats = primary.index.duplicateRows > 0;
  const matchOf = sharedInt32(rows);
  const primaryMatched = new Uint8Array(primaryRows);
  // Whether an earlier friend row already matched the same primary head: a repeated friend key.
  const again = new Uint8Array(rows);
  primary.index.findAll(lanes, rows, matchOf, again);
  const sources = primary.files.map((): FriendSource[] => []);
  const spans = new SpanTracker(primary.files.length);
  const unmatched = new Uint8Array(files.length);
  const unmatchedRows: number[] = [];
  let matchedRows = 0;
  let matchedDistinct = 0;
  let repeated = 0;
  let pf = 0;
  let ff = 0;
  for (let r = 0; r < rows; r++) {
    while (r >= files[ff]!.start + files[ff]!.rows) spans.endFile(ff++, sources);
    const head = matchOf[r]!;
    if (head < 0) {
      matchOf[r] = UNMATCHED;
      unmatched[ff] = 1;
      unmatchedRows.push(r);
      continue;
    }
    if (again[r]) {
      repeated++;
      if (plan.duplicates === 'first') {
        matchOf[r] = DROPPED;
        continue;
      }
    } else {
      matchedDistinct++;
    }
    matchedRows++;
    for (let p = head; p >= 0; p = primary.index.next(p)) {
      primaryMatched[p] = 1;
      pf = fileOf(primary.files, p, pf);
      spans.add(pf, r);
    }
  }
  if (rows > 0) spans.endFile(ff, sources);
  // Rows matching no primary key are indexed on their own, to count their distinct and repeated keys.
  const unmatchedLanes = new Uint32Array(unmatchedRows.length * width);
  unmatchedRows.forEach((r, i) => {
    for (let l = 0; l < width; l++) unmatchedLanes[i * width + l] = lanes[r * width + l]!;
  });
  const unmatchedIndex = new KeyIndex(unmatchedLanes, width, unmatchedRows.length, { lookups: false, runLanes: runLanes(layout) });
  repeated += unmatchedIndex.duplicateRows;
  if (plan.duplicates === 'first') unmatchedRows.forEach((r, i) => unmatchedIndex.repeats[i] && (matchOf[r] = DROPPED));
  const unmatchedFriend: RowRef[] = [];
  for (const r of unmatchedRows) {
    if (unmatchedFriend.length === MAX_LISTED_ROWS) break;
    unmatchedFriend.push(rowRef(layout, files, fileOf(files, r, 0), lanes, r));
  }
  // Listing repeated keys needs every row of each; only then is the whole friend indexed.
  const stats: DatasetKeyStats =
    repeated > 0
      ? keyStats(layout, new KeyIndex(lanes, width, rows, { lookups: false, runLanes: runLanes(layout) }), files)
      : { files: files.length, rows, distinct: matchedDistinct + unmatchedIndex.distinct, duplicateRows: 0, duplicates: [] };
  let primaryMatchedRows = 0;
  const unmatchedPrimary: RowRef[] = [];
  for (let p = 0; p < primaryRows; p++) {
    primaryMatchedRows += primaryMatched[p]!;
    if (!primaryMatched[p] && unmatchedPrimary.length < MAX_LISTED_ROWS) unmatchedPrimary.push(rowRef(layout, primary.files, fileOf(primary.files, p, 0), primary.lanes, p));
  }
  const clean = !primaryHasRepeats && repeated === 0;
  const strategies: Strategy[] = primary.files.map((_, i) => {
    if (keys.paired[i] && pairAligned[i] && clean) return 'aligned';
    return sources[i]!.every((s) => s.file === i) ? 'reordered' : 'regrouped';
  });
  const keptRows = rows - (plan.duplicates === 'first' ? repeated : 0);
  const validation: FriendValidation = {
    name: friend.name,
    ...stats,
    matchedRows,
    primaryMatchedRows,
    matchedFraction: rows === 0 ? 0 : matchedRows / rows,
    primaryMatchedFraction: primaryRows === 0 ? 0 : primaryMatchedRows / primaryRows,
    relationship: relationship(matchedRows, keptRows, primaryMatchedRows, primaryRows, strategies, files.length),
    strategies,
    positionalMismatch: positionalMismatch(layout, primary, files, lanes),
    unmatchedPrimary,
    unmatchedFriend,
  };
  const unmatchedFiles = files.map((_, j) => j).filter((j) => unmatched[j]);
  return { friend, keyColumns, files, matchOf, rowOf: null, sources, unmatchedFiles, byPosition: false, validation };
}

/** Per primary file, the span of friend rows of the current friend file that pair with it, as they are met in order. */
class SpanTracker {
  private readonly first: Int32Array;
  private readonly last: Int32Array;
  private readonly touched: number[] = [];

  constructor(primaryFiles: number) {
    this.first = new Int32Array(primaryFiles).fill(-1);
    this.last = new Int32Array(primaryFiles);
  }

  /** Friend row `row` pairs with a row of primary file `primaryFile`. */
  add(primaryFile: number, row: number): void {
    if (this.first[primaryFile]! < 0) {
      this.first[primaryFile] = row;
      this.touched.push(primaryFile);
    }
    this.last[primaryFile] = row;
  }

  /** Friend file `file` is done: adds it, with its span, to the sources of each primary file it pairs with. */
  endFile(file: number, sources: FriendSource[][]): void {
    for (const i of this.touched.sort((a, b) => a - b)) {
      sources[i]!.push({ file, from: this.first[i]!, to: this.last[i]! + 1 });
      this.first[i] = -1;
    }
    this.touched.length = 0;
  }
}

/** Lanes before the last key's: rows sharing them (one luminosity block) come together in HEP files. */
function runLanes(layout: KeyLayout): number {
  return layout.laneOf[layout.keys.length - 1]!;
}

/** The first position where primary file i and friend file i (paired by order) hold different keys. */
function positionalMismatch(layout: KeyLayout, primary: PrimaryScan, files: readonly FileRange[], lanes: Uint32Array): PositionalMismatch | null {
  const { width } = layout;
  for (const [i, p] of primary.files.entries()) {
    const f = files[i];
    const common = Math.min(p.rows, f?.rows ?? 0);
    for (let e = 0; e < common; e++) {
      if (!sameKey(primary.lanes, p.start + e, lanes, f!.start + e, width)) {
        return { primary: rowRef(layout, primary.files, i, primary.lanes, p.start + e), friend: rowRef(layout, files, i, lanes, f!.start + e) };
      }
    }
    if (p.rows > common) return { primary: rowRef(layout, primary.files, i, primary.lanes, p.start + common) };
  }
  return null;
}

function rowRef(layout: KeyLayout, files: readonly FileRange[], file: number, lanes: Uint32Array, row: number): RowRef {
  const f = files[file]!;
  return { file: f.path, entry: row - f.start, key: formatKey(layout, lanes, row) };
}

function relationship(matched: number, friendRows: number, primaryMatched: number, primaryRows: number, strategies: readonly Strategy[], friendFiles: number): Relationship {
  if (matched === 0) return 'disjoint';
  const allFriend = matched === friendRows;
  const allPrimary = primaryMatched === primaryRows;
  if (allFriend && allPrimary) {
    if (strategies.every((s) => s === 'aligned')) return 'aligned row by row';
    return strategies.includes('regrouped') ? `regrouped across ${friendFiles} files` : 'same events, reordered';
  }
  if (allFriend) return 'subset';
  if (allPrimary) return 'superset';
  return 'partial overlap';
}

function keyStats(layout: KeyLayout, index: KeyIndex, files: readonly FileRange[]): DatasetKeyStats {
  const duplicates: DuplicateKey[] = [];
  const { rows } = index;
  if (index.duplicateRows > 0) {
    for (let r = 0; r < rows && duplicates.length < MAX_LISTED_DUPLICATES; r++) {
      // A head with a chain is the first row of a repeated key.
      if (index.repeats[r] || index.next(r) < 0) continue;
      const rowsOfKey: number[] = [];
      for (let p = r; p >= 0; p = index.next(p)) rowsOfKey.push(p);
      const entries = rowsOfKey
        .sort((a, b) => a - b)
        .slice(0, 5)
        .map((p) => {
          const f = files[fileOf(files, p, 0)]!;
          return { file: f.path, entry: p - f.start };
        });
      duplicates.push({ key: formatKey(layout, index.lanes, r), count: rowsOfKey.length, entries });
    }
  }
  return { files: files.length, rows, distinct: index.distinct, duplicateRows: index.duplicateRows, duplicates };
}

function duplicateProblems(what: string, stats: DatasetKeyStats): string[] {
  if (stats.duplicateRows === 0) return [];
  const listed = stats.duplicates
    .map((d) => `${d.key} ×${d.count} (${d.entries.map((e) => `${e.file} entry ${e.entry}`).join(', ')})`)
    .join('; ');
  return [`${what} repeats ${stats.duplicateRows} keys (duplicates policy is "error"): ${listed}`];
}

/** The index of the file holding global row `row`, starting the search at `hint`. */
export function fileOf(files: readonly FileRange[], row: number, hint: number): number {
  const h = files[hint];
  if (h && row >= h.start && row < h.start + h.rows) return hint;
  let lo = 0;
  let hi = files.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (files[mid]!.start <= row) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The lanes of one file's rows within its dataset's lanes. */
function fileLanes(layout: KeyLayout, lanes: Uint32Array, file: FileRange): Uint32Array {
  return lanes.subarray(file.start * layout.width, (file.start + file.rows) * layout.width);
}

function rowsOf(files: readonly FileRange[]): number {
  return files.reduce((n, f) => n + f.rows, 0);
}

function ranges(sources: readonly TableSource[]): FileRange[] {
  let start = 0;
  return sources.map((s) => {
    const range = { path: s.path, format: s.format, start, rows: s.numEntries };
    start += s.numEntries;
    return range;
  });
}

async function openAll(paths: readonly string[], tree: string | undefined, open: OpenTable, signal?: AbortSignal): Promise<TableSource[]> {
  const sources: TableSource[] = [];
  try {
    for (const path of paths) sources.push(await open(path, { ...(tree ? { tree } : {}), ...(signal ? { signal } : {}) }));
  } catch (error) {
    await Promise.all(sources.map((s) => s.close()));
    throw error;
  }
  return sources;
}

/** A Uint32Array in shared memory, so worker threads read it without a copy. */
export function sharedUint32(length: number): Uint32Array {
  return new Uint32Array(new SharedArrayBuffer(Math.max(1, length) * 4), 0, length);
}

function sharedInt32(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(Math.max(1, length) * 4), 0, length);
}
