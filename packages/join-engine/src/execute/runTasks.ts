import { Worker } from 'node:worker_threads';
import { FacilityError, throwIfAborted } from '@afkit/core';
import type { OpenTable } from '../JoinOptions.ts';
import { openWriter } from '../output/openWriter.ts';
import type { FileResult, FileTask } from './FileTask.ts';
import { joinFile } from './joinFile.ts';

/** How tasks read, report rows done and are cancelled. */
export interface TaskRunOptions {
  readonly open: OpenTable;
  readonly signal?: AbortSignal;
  readonly onRows?: (rows: number) => void;
}

/** Messages a task worker posts. */
export type WorkerMessage =
  | { readonly type: 'rows'; readonly rows: number }
  | { readonly type: 'done'; readonly result: FileResult }
  | { readonly type: 'error'; readonly error: ReturnType<FacilityError['toJSON']> };

/**
 * Runs file tasks, in this thread when `workers` is 1, else on up to `workers` worker threads (one task each at a time).
 * Workers open files with `@afkit/io` themselves; a custom `open` therefore runs in this thread only.
 */
export async function runTasks(tasks: readonly FileTask[], workers: number, options: TaskRunOptions): Promise<FileResult[]> {
  const results: FileResult[] = new Array(tasks.length);
  const inThread = workers <= 1 || tasks.length <= 1;
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) {
      const i = next++;
      throwIfAborted(options.signal);
      results[i] = inThread ? await runHere(tasks[i]!, options) : await runInWorker(tasks[i]!, options);
    }
  };
  await Promise.all(Array.from({ length: inThread ? 1 : Math.min(workers, tasks.length) }, lane));
  return results;
}

function runHere(task: FileTask, options: TaskRunOptions): Promise<FileResult> {
  const { plan } = task;
  return joinFile(task, {
    open: options.open,
    openWriter: (path, schema) => openWriter(plan.output.format, path, schema, plan.output.tree ?? 'Friends'),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onRows ? { onRows: options.onRows } : {}),
  });
}

function runInWorker(task: FileTask, options: TaskRunOptions): Promise<FileResult> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(task);
    let settled = false;
    const finish = (error: unknown, result?: FileResult) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', abort);
      void worker.terminate();
      if (error) reject(error);
      else resolve(result!);
    };
    const abort = () => finish(new FacilityError('cancelled', 'The join was cancelled.'));
    options.signal?.addEventListener('abort', abort, { once: true });
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'rows') options.onRows?.(message.rows);
      else if (message.type === 'done') finish(undefined, message.result);
      else finish(FacilityError.fromJSON(message.error));
    });
    worker.on('error', (error) => finish(FacilityError.from(error)));
    worker.on('exit', (code) => finish(new FacilityError('internal', `join worker exited with code ${code} before finishing`)));
  });
}

/**
 * Starts a worker on `taskWorker.ts`. The package ships TypeScript source, run through tsx, whose loader hooks do not
 * reach worker threads by themselves: the worker registers them before importing its entry.
 */
function startWorker(task: FileTask): Worker {
  const entry = new URL('./taskWorker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(code, { eval: true, workerData: task });
}
