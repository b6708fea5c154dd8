import { join } from 'node:path';
import type { JoinPlan } from '../plan/JoinPlan.ts';
import type { FileRange, KeyScan } from '../validate/scanKeys.ts';
import type { SpreadTask } from './spreadFile.ts';

/**
 * A friend is spread first when its primary files' tasks would read more than this many times its rows in all: for
 * Arrow IPC files 6, for ROOT files 2 and for Parquet files 1.5, as each of their reads decompresses (and Parquet's
 * reader is the slowest); with files of several formats, the lowest of theirs. Measured with the join benchmark's
 * friend in 16 files (2 workers), read per primary file vs spread:
 * - Arrow IPC, 10 M rows, the join's execution: 3.5–3.8 s vs 3.9–4.4 s at 4 reads per row (4 primary files), 3.8 vs
 *   2.7–2.9 s at 8 (8 files holding half the rows), 6.8 vs 4.6 s at 16 (16 files);
 * - ROOT (zlib), 10 M rows, the whole join: 5.8–7.4 s vs 6.4–7.2 s at 2 reads per row (2 files holding half the
 *   rows), 9.2–14.4 s vs 7.8–10.0 s at 4;
 * - Parquet (afkit's writer), 2 M rows, the whole join, alternated three times: 2.91–3.16 s vs 2.49–2.79 s at 2 reads
 *   per row, 3.98–5.27 vs 2.90–3.44 s at 3, 5.42–5.67 vs 3.51–3.66 s at 4 (twice). Below 2 it was not measured: 1.5
 *   sits between no gain at 1 and a gain at 2.
 */
export function spreadAboveFor(files: readonly FileRange[]): number {
  return Math.min(...files.map((f) => SPREAD_ABOVE[f.format]));
}

const SPREAD_ABOVE: Readonly<Record<FileRange['format'], number>> = { arrow: 6, root: 2, parquet: 1.5 };

/** A friend's spread: the tasks that read each of its files once, and where they put each primary file's rows. */
export interface FriendSpread {
  readonly tasks: readonly SpreadTask[];
  /** The spill file holding primary file `primaryFile`'s rows of friend file `file`. */
  readonly spillOf: (file: number, primaryFile: number) => string;
}

/**
 * Plans the spread of a friend whose rows are looked up, when the primary files' tasks would read its files many times
 * over: each task reads, of every friend file it needs rows from, the span from its first to its last row there, so a
 * friend shuffled across files is read whole once per primary file (and its rows checked once per primary file). Spread
 * first, each friend file is read once and its rows written to spill files in `spillDir`, one per primary file that
 * takes some, which that file's task reads instead. Null when the tasks would read at most `spreadAbove` times the
 * friend's rows (by default {@link spreadAboveFor} its files), or the friend is taken by position.
 */
export function planSpread(plan: JoinPlan, scan: KeyScan, f: number, chain: Int32Array | null, spillDir: string, spreadAbove?: number): FriendSpread | null {
  const friendScan = scan.friends[f]!;
  if (friendScan.byPosition || friendScan.rowOf !== null || plan.friends[f]!.positional) return null;
  const { files, matchOf, sources } = friendScan;
  const primaryFiles = scan.primary.files;
  const needed = new Set(sources.flatMap((from) => from.map((s) => s.file)));
  const neededRows = [...needed].reduce((n, j) => n + files[j]!.rows, 0);
  const spanRows = sources.reduce((n, from) => from.reduce((m, s) => m + s.to - s.from, n), 0);
  if (spanRows <= (spreadAbove ?? spreadAboveFor(files)) * neededRows) return null;
  const spillOf = (j: number, i: number) => join(spillDir, `${f}_${j}_${i}.arrow`);
  const spillsOf = files.map((): { primaryFile: number; path: string }[] => []);
  sources.forEach((from, i) => from.forEach((s) => spillsOf[s.file]!.push({ primaryFile: i, path: spillOf(s.file, i) })));
  const tasks = spillsOf.flatMap((spills, j): SpreadTask[] => {
    if (spills.length === 0) return [];
    return [{ plan, friendIndex: f, keyColumns: friendScan.keyColumns, friendFiles: files, friendFile: j, primaryFiles, matchOf, primaryChain: chain, spills }];
  });
  return { tasks, spillOf };
}
