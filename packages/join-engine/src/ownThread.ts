import type { Worker } from 'node:worker_threads';
import { FacilityError, throwIfAborted } from '@afkit/core';
import { startWorker } from './execute/runTasks.ts';
import type { WorkerMessage } from './execute/runTasks.ts';
import type { JoinOptions } from './JoinOptions.ts';

/** A validation or a join for a worker thread of its own to run, with the options that can cross threads. */
export interface OwnThreadRequest {
  readonly type: 'join';
  readonly mode: 'validate' | 'run';
  readonly plan: unknown;
  readonly rowsPerWorker?: number;
  readonly spreadAbove?: number;
}

/**
 * Runs `validateJoin` or `runJoin` on a worker thread of its own (`JoinOptions.ownThread`), relaying its progress.
 * Cancelling ends that thread at once, with the file workers it started and every file it had open, so a cancel lands
 * even in the middle of a long step; whoever owns the output folder removes what it had written. A thread that
 * finished is kept a while for the next request (see {@link takeThread}).
 */
export async function inOwnThread(mode: OwnThreadRequest['mode'], plan: unknown, options: JoinOptions): Promise<unknown> {
  if (options.open) throw new FacilityError('invalid-input', 'A join with a custom open cannot run on a thread of its own.', { hint: 'Leave ownThread unset to read through a custom open.' });
  throwIfAborted(options.signal);
  const worker = takeThread();
  let succeeded = false;
  const listeners: { onAbort?: () => void; onMessage?: (message: WorkerMessage) => void; onError?: (error: Error) => void; onExit?: (code: number) => void } = {};
  try {
    const report = await new Promise<unknown>((resolve, reject) => {
      listeners.onAbort = () => reject(new FacilityError('cancelled', 'The join was cancelled.'));
      listeners.onMessage = (message) => {
        if (message.type === 'progress') options.onProgress?.(message.progress);
        else if (message.type === 'joined') resolve(message.report);
        else if (message.type === 'error') reject(FacilityError.fromJSON(message.error));
      };
      listeners.onError = (error) => reject(FacilityError.from(error));
      listeners.onExit = (code) => reject(new FacilityError('internal', `the join's thread exited with code ${code} before finishing`));
      options.signal?.addEventListener('abort', listeners.onAbort, { once: true });
      worker.on('message', listeners.onMessage).on('error', listeners.onError).on('exit', listeners.onExit);
      const { rowsPerWorker, spreadAbove } = options;
      const request: OwnThreadRequest = { type: 'join', mode, plan, ...(rowsPerWorker ? { rowsPerWorker } : {}), ...(spreadAbove !== undefined ? { spreadAbove } : {}) };
      worker.postMessage(request);
    }).catch(async (error: unknown) => {
      // Awaited, so that nothing of a cancelled or failed join still writes once the caller cleans up after it.
      await worker.terminate();
      throw error;
    });
    succeeded = true;
    return report;
  } finally {
    options.signal?.removeEventListener('abort', listeners.onAbort!);
    worker.off('message', listeners.onMessage!).off('error', listeners.onError!).off('exit', listeners.onExit!);
    if (succeeded) keepIdle(worker);
  }
}

/** How long a finished thread waits for the next request: starting one loads the engine, about 0.1 s of a validation. */
const IDLE_MS = 30_000;

let idle: { readonly worker: Worker; readonly timer: NodeJS.Timeout; readonly onExit: () => void } | undefined;

/** The idle thread, or a new one. */
function takeThread(): Worker {
  if (!idle) return startWorker();
  const { worker, timer, onExit } = idle;
  idle = undefined;
  clearTimeout(timer);
  worker.off('exit', onExit).off('error', ignore).ref();
  return worker;
}

/** Keeps a thread that finished a request for the next one, without keeping the process alive; one at most. */
function keepIdle(worker: Worker): void {
  if (idle) void takeThread().terminate();
  const timer = setTimeout(() => void takeThread().terminate(), IDLE_MS).unref();
  const onExit = () => {
    clearTimeout(timer);
    if (idle?.worker === worker) idle = undefined;
  };
  worker.on('exit', onExit).on('error', ignore).unref();
  idle = { worker, timer, onExit };
}

function ignore(): void {}
