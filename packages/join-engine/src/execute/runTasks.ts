import type { Worker } from 'node:worker_threads';
import { FacilityError, throwIfAborted } from '@afkit/core';
import type { JoinProgress, OpenTable } from '../JoinOptions.ts';
import type { OwnThreadRequest } from '../ownThread.ts';
import { openTableWriter, startBundledWorker } from '@afkit/io';
import type { ScanJob, ScanJobRunner } from '../validate/ScanJob.ts';
import type { FileResult, FileTask } from './FileTask.ts';
import { joinFile } from './joinFile.ts';
import { spreadFile } from './spreadFile.ts';
import type { SpreadTask } from './spreadFile.ts';

/** How tasks read, report rows done and are cancelled. */
export interface TaskRunOptions {
  readonly open: OpenTable;
  readonly signal?: AbortSignal;
  readonly onRows?: (rows: number) => void;
  /** Workers started ahead with these options (see {@link startTaskWorkers}); the pool uses them and closes them all. */
  readonly started?: readonly PoolWorker[];
}

/**
 * Messages a task worker is posted: a file task, the spread of a friend file, a step of the key scan, or a whole
 * validation or join (see `ownThread`).
 */
export type WorkerRequest = { readonly type: 'task'; readonly task: FileTask } | { readonly type: 'spread'; readonly task: SpreadTask } | ScanJob | OwnThreadRequest;

/** Messages a task worker posts. */
export type WorkerMessage =
  | { readonly type: 'rows'; readonly rows: number }
  | { readonly type: 'done'; readonly result?: FileResult }
  | { readonly type: 'answered'; readonly answer: boolean }
  | { readonly type: 'progress'; readonly progress: JoinProgress }
  | { readonly type: 'joined'; readonly report: unknown }
  | { readonly type: 'error'; readonly error: ReturnType<FacilityError['toJSON']> };

/**
 * Runs the spreads of friend files, then the file tasks (which read the spreads' spill files), in this thread when
 * `workers` is 1, else on a pool of up to `workers` worker threads, each taking the next task when it finishes one.
 * Workers open files with `@afkit/io` themselves; a custom `open` runs in this thread only.
 */
export async function runTasks(spreads: readonly SpreadTask[], tasks: readonly FileTask[], workers: number, options: TaskRunOptions): Promise<FileResult[]> {
  const results: FileResult[] = new Array(tasks.length);
  const most = Math.max(spreads.length, tasks.length);
  const inThread = workers <= 1 || most <= 1;
  const started = [...(options.started ?? [])];
  if (inThread) await Promise.all(started.splice(0).map((w) => w.close()));
  const lanes = inThread ? [undefined] : Array.from({ length: Math.min(workers, most) }, () => started.pop() ?? new PoolWorker(options));
  let failed = false;
  const stage = async <T, R>(items: readonly T[], run: (worker: PoolWorker | undefined, item: T) => Promise<R>, into: R[]) => {
    let next = 0;
    const lane = async (worker: PoolWorker | undefined) => {
      try {
        while (!failed && next < items.length) {
          const i = next++;
          throwIfAborted(options.signal);
          into[i] = await run(worker, items[i]!);
        }
      } catch (error) {
        failed = true;
        throw error;
      }
    };
    await Promise.all(lanes.map(lane));
  };
  try {
    await stage(spreads, (worker, task) => (worker ? worker.spread(task) : spreadFile(task, options)), []);
    await stage(tasks, (worker, task) => (worker ? worker.run(task) : runHere(task, options)), results);
  } finally {
    // On failure the other lanes stop too, at once: a task left running would go on writing output after the join
    // has failed (and after its caller has removed that output).
    await Promise.all([...lanes, ...started].map((w) => w?.close()));
  }
  return results;
}

/**
 * Starts the worker threads that {@link runTasks} will use for `tasks` tasks on `workers` workers (none when they run
 * in this thread), so that they load the engine while this thread still scans keys. Hand them to runTasks with the
 * same options, or close them.
 */
export function startTaskWorkers(tasks: number, workers: number, options: TaskRunOptions): PoolWorker[] {
  return workers <= 1 || tasks <= 1 ? [] : Array.from({ length: Math.min(workers, tasks) }, () => new PoolWorker(options));
}

/**
 * A {@link ScanJobRunner} that runs each scan job on the least busy of the given workers (started ahead, still owned by
 * the caller), after the jobs already given to it; with `here` while there are none.
 */
export function scanJobsOn(workers: readonly PoolWorker[], here: ScanJobRunner): ScanJobRunner {
  const queues = new Map<PoolWorker, { jobs: number; last: Promise<unknown> }>();
  return (job) => {
    if (workers.length === 0) return here(job);
    for (const w of workers) if (!queues.has(w)) queues.set(w, { jobs: 0, last: Promise.resolve() });
    const [worker, queue] = [...queues].reduce((a, b) => (b[1].jobs < a[1].jobs ? b : a));
    queue.jobs++;
    const result = queue.last.then(() => worker.ask(job)).finally(() => queue.jobs--);
    queue.last = result.catch(() => undefined);
    return result;
  };
}

function runHere(task: FileTask, options: TaskRunOptions): Promise<FileResult> {
  const { plan } = task;
  return joinFile(task, {
    open: options.open,
    openWriter: (path, schema) => openTableWriter(plan.output.format, path, schema, { tree: plan.output.tree }),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onRows ? { onRows: options.onRows } : {}),
  });
}

/** One worker thread of the pool, running one task or scan job at a time; aborting the signal terminates it. */
export class PoolWorker {
  private readonly worker = startWorker();
  private pending: { resolve: (r: unknown) => void; reject: (e: unknown) => void } | undefined;
  private failure: unknown;

  constructor(private readonly options: TaskRunOptions) {
    this.worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'rows') options.onRows?.(message.rows);
      else if (message.type === 'done') this.settle(undefined, message.result);
      else if (message.type === 'answered') this.settle(undefined, message.answer);
      else if (message.type === 'error') this.settle(FacilityError.fromJSON(message.error));
    });
    this.worker.on('error', (error) => this.settle(FacilityError.from(error)));
    this.worker.on('exit', (code) => this.settle(new FacilityError('internal', `join worker exited with code ${code} before finishing`)));
    options.signal?.addEventListener('abort', this.abort, { once: true });
  }

  run(task: FileTask): Promise<FileResult> {
    return this.request({ type: 'task', task }) as Promise<FileResult>;
  }

  /** Spreads a friend file (see `spreadFile`). */
  async spread(task: SpreadTask): Promise<void> {
    await this.request({ type: 'spread', task });
  }

  ask(job: ScanJob): Promise<boolean> {
    return this.request(job) as Promise<boolean>;
  }

  private request(message: WorkerRequest): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(message);
    });
  }

  async close(): Promise<void> {
    this.options.signal?.removeEventListener('abort', this.abort);
    this.failure ??= new FacilityError('internal', 'join worker closed');
    await this.worker.terminate();
  }

  private readonly abort = () => {
    this.settle(new FacilityError('cancelled', 'The join was cancelled.'));
    void this.worker.terminate();
  };

  private settle(error: unknown, result?: unknown): void {
    const pending = this.pending;
    this.pending = undefined;
    if (error) this.failure ??= error;
    if (!pending) return;
    if (error) pending.reject(error);
    else pending.resolve(result!);
  }
}

/** Starts a task worker: `taskWorker.ts` from source, its bundle `TASK_WORKER_BUNDLE` in host builds. */
export function startWorker(): Worker {
  return startBundledWorker(import.meta.url, './taskWorker.ts', TASK_WORKER_BUNDLE);
}

/** File name (without extension) that host builds give the bundle of `taskWorker.ts`, next to their main bundle. */
export const TASK_WORKER_BUNDLE = 'join-task-worker';
