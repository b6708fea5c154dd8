import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { FacilityError, throwIfAborted } from '@afkit/core';
import { EXTENSIONS, openTable } from '@afkit/io';
import type { FileResult, FileTask } from './execute/FileTask.ts';
import { planSpread } from './execute/planSpread.ts';
import type { FriendSpread } from './execute/planSpread.ts';
import { runTasks, scanJobsOn, startTaskWorkers } from './execute/runTasks.ts';
import type { PoolWorker, TaskRunOptions } from './execute/runTasks.ts';
import type { JoinOptions } from './JoinOptions.ts';
import type { FriendJoinReport, JoinReport } from './JoinReport.ts';
import { KeyDigest } from './keys/KeyDigest.ts';
import { parseJoinPlan } from './plan/parseJoinPlan.ts';
import type { JoinPlan } from './plan/JoinPlan.ts';
import { inOwnThread } from './ownThread.ts';
import { runScanJobsHere } from './validate/ScanJob.ts';
import { scanKeys } from './validate/scanKeys.ts';
import type { FriendScan, KeyScan } from './validate/scanKeys.ts';
import { toValidationReport } from './validate/validateJoin.ts';
import type { Strategy } from './validate/ValidationReport.ts';

/**
 * Runs a join: the key scan, then per friend and primary file the cheapest correct strategy, writing one output file
 * per primary file aligned to its order. Every attached row's keys are verified equal to its primary row's.
 *
 * Output layout, per friend, in `<output.dir>/<friend>/<NNNN>_<primary file name>.<ext>`: the key columns, the
 * requested primary columns, then the friend columns. Left and outer joins keep every primary row in order (a null
 * friend row where none matched), so the file is a positional friend of its primary file; inner and right joins keep
 * only matched primary rows, in order. Right and outer joins then append the friend rows that match no primary row
 * (primary columns null) at the end of the LAST output file. An aligned friend file that already is its output is copied,
 * and the copy's keys verified (see `copyAligned`).
 */
export async function runJoin(plan: JoinPlan | unknown, options: JoinOptions = {}): Promise<JoinReport> {
  if (options.ownThread) return (await inOwnThread('run', plan, options)) as JoinReport;
  const started = performance.now();
  const parsed = parseJoinPlan(plan);
  const open = options.open ?? openTable;
  const progress = { done: 0, total: 0 };
  const taskOptions: TaskRunOptions = {
    open,
    ...(options.signal ? { signal: options.signal } : {}),
    onRows: (rows: number) => {
      progress.done += rows;
      options.onProgress?.({ phase: 'join', done: progress.done, total: progress.total });
    },
  };
  let workers = 1;
  // Workers not yet handed to runTasks, closed here if the join stops before.
  const pool: PoolWorker[] = [];
  try {
    const onPrimaryOpened = (primaryRows: number) => {
      // A worker takes a second or so to start (it loads the engine afresh): small joins stay in this thread, and
      // larger ones start their workers now, so that they load while this thread reads the keys (and take the
      // scan's heavy steps, see ScanJob).
      workers = Math.min(parsed.workers, Math.ceil(primaryRows / (options.rowsPerWorker ?? ROWS_PER_WORKER)));
      pool.push(...startTaskWorkers(parsed.primary.files.length * parsed.friends.length, workers, taskOptions));
    };
    const scan = await scanKeys(parsed, open, options, onPrimaryOpened, scanJobsOn(pool, runScanJobsHere));
    const validation = toValidationReport(scan);
    if (scan.problems.length > 0) {
      throw new FacilityError('conflict', scan.problems.join('\n'), { where: 'join plan', hint: 'Set "duplicates" to "first" or "all" to join anyway.', details: validation });
    }
    throwIfAborted(options.signal);
    const chain = scan.primary.index.duplicateRows > 0 ? scan.primary.index.chainArray() : null;
    // Spill files of spread friends, removed once joined (with the output folder, by a facility that stops the join).
    const spillDir = join(parsed.output.dir, `.afkit-spill-${randomUUID()}`);
    const spreads = parsed.friends.map((_, f) => planSpread(parsed, scan, f, chain, spillDir, options.spreadAbove));
    const spreadTasks = spreads.flatMap((s) => s?.tasks ?? []);
    const tasks = parsed.friends.flatMap((_, f) => fileTasks(parsed, scan, f, chain, spreads[f]!));
    // Spreading reads each spread friend file once: its rows count towards the progress with the primary's.
    progress.total = tasks.reduce((n, t) => n + t.primaryFiles[t.primaryFile]!.rows, 0) + spreadTasks.reduce((n, t) => n + t.friendFiles[t.friendFile]!.rows, 0);
    await Promise.all(parsed.friends.map((f) => mkdir(join(parsed.output.dir, f.name), { recursive: true })));
    if (spreadTasks.length > 0) await mkdir(spillDir);
    let results: FileResult[];
    try {
      results = await runTasks(spreadTasks, tasks, workers, { ...taskOptions, started: pool.splice(0) });
    } finally {
      await rm(spillDir, { recursive: true, force: true });
    }
    const friends = parsed.friends.map((_, f) => friendReport(scan.friends[f]!, results.filter((_, i) => tasks[i]!.friendIndex === f)));
    const primaryRows = scan.primary.stats.rows;
    return { kind: parsed.kind, format: parsed.output.format, primaryRows, friends, validation, elapsedMs: performance.now() - started };
  } finally {
    await Promise.all(pool.map((w) => w.close()));
  }
}

/** Primary rows that justify starting one more worker thread. */
const ROWS_PER_WORKER = 2_000_000;

function fileTasks(plan: JoinPlan, scan: KeyScan, f: number, chain: Int32Array | null, spread: FriendSpread | null): FileTask[] {
  const friendScan = scan.friends[f]!;
  const friend = plan.friends[f]!;
  const last = scan.primary.files.length - 1;
  const appendUnmatched = plan.kind === 'right' || plan.kind === 'outer' ? friendScan.unmatchedFiles : [];
  return scan.primary.files.map((file, i) => ({
    plan,
    friendIndex: f,
    primaryFile: i,
    primaryFiles: scan.primary.files,
    primaryLanes: scan.primary.lanes,
    primaryChain: chain,
    friendFiles: friendScan.files,
    keyColumns: friendScan.keyColumns,
    matchOf: friendScan.matchOf,
    rowOf: friendScan.rowOf,
    sources: friendScan.sources[i]!.map((s) => ({ ...s, spill: spread ? spread.spillOf(s.file, i) : null })),
    strategy: friend.positional ? 'aligned' : friendScan.validation.strategies[i]!,
    byPosition: friend.positional === true || friendScan.byPosition,
    appendUnmatched: i === last ? appendUnmatched : [],
    outputPath: join(plan.output.dir, friend.name, `${String(i).padStart(4, '0')}_${basename(file.path, extname(file.path))}.${EXTENSIONS[plan.output.format]}`),
  }));
}

function friendReport(scan: FriendScan, files: readonly FileResult[]): FriendJoinReport {
  const strategies: Partial<Record<Strategy, number>> = {};
  const digest = new KeyDigest();
  let verifiedRows = 0;
  for (const file of files) {
    strategies[file.strategy] = (strategies[file.strategy] ?? 0) + 1;
    digest.addDigest(file.digest);
    verifiedRows += file.verifiedRows;
  }
  const sum = (pick: (r: FileResult) => number) => files.reduce((n, r) => n + pick(r), 0);
  return {
    name: scan.friend.name,
    relationship: scan.validation.relationship,
    strategies,
    matched: sum((r) => r.primaryMatched),
    unmatched: sum((r) => r.primaryUnmatched),
    friendUnmatched: scan.validation.rows - scan.validation.matchedRows,
    outputRows: sum((r) => r.rows),
    proof: { verifiedRows, attachedRows: sum((r) => r.attached), digest: digest.hex() },
    files,
  };
}

