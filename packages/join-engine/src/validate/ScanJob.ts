import { distinctInRuns } from '../keys/distinctInRuns.ts';
import { matchPair } from './matchPair.ts';
import type { PairJob } from './matchPair.ts';

/** Rows [0, rows) of key lanes to prove distinct run by run (see `distinctInRuns`). Plain data over shared memory. */
export interface DistinctJob {
  readonly lanes: Uint32Array;
  readonly width: number;
  readonly rows: number;
  readonly runLanes: number;
}

/** One of the key scan's heavy steps, as plain data so that a worker thread can run it; its answer is a yes or a no. */
export type ScanJob = { readonly type: 'match'; readonly job: PairJob } | { readonly type: 'distinct'; readonly job: DistinctJob };

/** Runs scan jobs, in this thread or on worker threads. */
export type ScanJobRunner = (job: ScanJob) => Promise<boolean>;

/** A scan job's answer, worked out in this thread. */
export function runScanJob(job: ScanJob): boolean {
  if (job.type === 'match') return matchPair(job.job);
  const { lanes, width, rows, runLanes } = job.job;
  return distinctInRuns(lanes, width, rows, runLanes);
}

/** Runs each scan job in this thread. */
export const runScanJobsHere: ScanJobRunner = async (job) => runScanJob(job);
