import { join } from 'node:path';
import type { JoinPlan } from '../plan/JoinPlan.ts';
import type { FileRange, KeyScan } from '../validate/scanKeys.ts';
import type { SpreadTask } from './spreadFile.ts';

/**
 * A friend is spread first when its primary files' tasks would read more than this many times its rows in all: for
 * Arrow IPC files 6, for others (ROOT, Parquet) 2, as each of their reads decompresses again. Measured on the 10 M-row
 * join benchmark's friend in 16 files (2 workers), read per primary file vs spread:
 * - Arrow IPC, the join's execution: 3.5–3.8 s vs 3.9–4.4 s at 4 reads per row (4 primary files), 3.8 vs 2.7–2.9 s at
 *   8 (8 files holding half the rows), 6.8 vs 4.6 s at 16 (16 files);
 * - ROOT (zlib), the whole join: 5.8–7.4 s vs 6.4–7.2 s at 2 reads per row (2 files holding half the rows), 9.2–14.4 s
 *   vs 7.8–10.0 s at 4.
 */
export function spreadAboveFor(files: readonly FileRange[]): number {
  return files.every((f) => f.format === 'arrow') ? 6 : 2;
}

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
