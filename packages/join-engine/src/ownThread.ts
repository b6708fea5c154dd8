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
}

/**
 * Runs `validateJoin` or `runJoin` on a worker thread of its own (`JoinOptions.ownThread`), relaying its progress.
 * Cancelling ends that thread at once, with the file workers it started and every file it had open, so a cancel lands
 * even in the middle of a long step; whoever owns the output folder removes what it had written.
 */
export async function inOwnThread(mode: OwnThreadRequest['mode'], plan: unknown, options: JoinOptions): Promise<unknown> {
  if (options.open) throw new FacilityError('invalid-input', 'A join with a custom open cannot run on a thread of its own.', { hint: 'Leave ownThread unset to read through a custom open.' });
  throwIfAborted(options.signal);
  const worker = startWorker();
  let onAbort = () => undefined as void;
  try {
    return await new Promise<unknown>((resolve, reject) => {
      onAbort = () => reject(new FacilityError('cancelled', 'The join was cancelled.'));
      options.signal?.addEventListener('abort', onAbort, { once: true });
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'progress') options.onProgress?.(message.progress);
        else if (message.type === 'joined') resolve(message.report);
        else if (message.type === 'error') reject(FacilityError.fromJSON(message.error));
      });
      worker.on('error', (error) => reject(FacilityError.from(error)));
      worker.on('exit', (code) => reject(new FacilityError('internal', `the join's thread exited with code ${code} before finishing`)));
      const request: OwnThreadRequest = { type: 'join', mode, plan, ...(options.rowsPerWorker ? { rowsPerWorker: options.rowsPerWorker } : {}) };
      worker.postMessage(request);
    });
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    // Awaited, so that nothing of a cancelled join still writes once the caller cleans up after it.
    await worker.terminate();
  }
}
