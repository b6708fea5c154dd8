import { availableParallelism } from 'node:os';
import { isMainThread } from 'node:worker_threads';
import type { Worker } from 'node:worker_threads';
import { startBundledWorker } from '../threads/startBundledWorker.ts';

/** File name (without extension) that host builds give the bundle of `decodeWorker.ts`, next to their main bundle. */
export const DECODE_WORKER_BUNDLE = 'io-decode-worker';
/** More threads than this gain little: a batch rarely holds enough slow baskets to keep more busy. */
const MAX_THREADS = 3;
/** A thread with nothing to do for this long ends, returning its memory (xz's dictionary among it). */
const IDLE_MS = 30_000;
/** After this many threads died while working, the pool stops starting new ones: something kills them (memory, most likely). */
const MAX_DEATHS = 3;

/** One compressed basket payload to decompress into `size` bytes. */
export interface DecodeJob {
  readonly payload: Uint8Array;
  readonly size: number;
}

/** A request to a decode thread. */
export interface DecodeRequest {
  readonly id: number;
  readonly jobs: readonly DecodeJob[];
}

/** What a decode thread says: it is ready (its codecs loaded), or the payloads of a request (null where one failed). */
export type DecodeReply = { readonly type: 'ready' } | { readonly type: 'decompressed'; readonly id: number; readonly raws: readonly (Uint8Array | null)[] };

/** Starts a decode thread: `decodeWorker.ts` from source, its bundle `DECODE_WORKER_BUNDLE` in host builds. */
export function startDecodeWorker(): Worker {
  return startBundledWorker(import.meta.url, './decodeWorker.ts', DECODE_WORKER_BUNDLE);
}

/** One decode thread and the requests it has yet to answer. */
class DecodeThread {
  ready = false;
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (raws: readonly (Uint8Array | null)[]) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private idle?: NodeJS.Timeout;
  private ending = false;

  constructor(
    start: () => Worker,
    onGone: (thread: DecodeThread, reason: string | undefined, wasReady: boolean) => void,
    onAnswered: (payloads: number) => void,
  ) {
    this.worker = start();
    // Never what keeps a process alive: referenced only while a request waits for it.
    this.worker.unref();
    this.worker.on('message', (reply: DecodeReply) => {
      if (reply.type === 'ready') {
        this.ready = true;
        this.idleFromNow();
        return;
      }
      const request = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) this.idleFromNow();
      onAnswered(reply.raws.length);
      request?.resolve(reply.raws);
    });
    let ended = false;
    const gone = (reason: string) => {
      // 'error' and then 'exit' both come when a thread fails: the first says why.
      if (ended) return;
      ended = true;
      const wasReady = this.ready;
      this.ready = false;
      clearTimeout(this.idle);
      for (const request of this.pending.values()) request.reject(new Error(reason));
      this.pending.clear();
      onGone(this, this.ending ? undefined : reason, wasReady);
    };
    this.worker.on('error', (error) => gone(`the decode thread failed: ${error.message}`));
    this.worker.on('exit', (code) => gone(`the decode thread exited with code ${code}`));
  }

  /** Decompresses `jobs` on this thread; their payloads' memory moves to it. Rejects if the thread dies first. */
  decompress(jobs: readonly DecodeJob[]): Promise<readonly (Uint8Array | null)[]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      // Posted first: a payload that cannot move throws here, before the thread is held for an answer.
      this.worker.postMessage({ id, jobs } satisfies DecodeRequest, jobs.map((j) => j.payload.buffer as ArrayBuffer));
      clearTimeout(this.idle);
      this.worker.ref();
      this.pending.set(id, { resolve, reject });
    });
  }

  private idleFromNow(): void {
    this.worker.unref();
    clearTimeout(this.idle);
    this.idle = setTimeout(() => {
      this.ending = true;
      this.ready = false;
      void this.worker.terminate();
    }, IDLE_MS).unref();
  }
}

/**
 * Threads that decompress ROOT baskets beside the thread that reads, as ROOT's implicit multithreading and uproot's
 * decompression executor do: LZMA, afkit's slowest codec, decodes at about 50 MB/s. Threads start on first need and
 * report ready once their codecs are loaded; until then, and for good if they cannot start (a host build without the
 * worker bundle), reads decompress in their own thread. A thread that dies takes its requests with it; their baskets
 * are then decompressed by the reader, and a new thread starts for later batches, up to the third death.
 */
export class DecodePool {
  private threads: DecodeThread[] = [];
  /** Why the threads cannot start, once one failed before it was ready. */
  private failure?: string;
  /** Threads that died after they were ready. */
  private deaths = 0;
  /** Payloads the threads have answered for, for diagnostics and tests. */
  answered = 0;

  constructor(
    readonly size: number,
    private readonly start: () => Worker = startDecodeWorker,
  ) {}

  /** The threads ready to take jobs now. Starts any missing, without waiting for them. */
  available(): DecodeThread[] {
    if (this.failure) return [];
    while (this.threads.length < this.size) {
      const gone = (thread: DecodeThread, reason: string | undefined, wasReady: boolean) => {
        this.threads = this.threads.filter((t) => t !== thread);
        if (reason && !wasReady) this.failure ??= reason;
        if (reason && wasReady && ++this.deaths >= MAX_DEATHS) this.failure ??= `${this.deaths} decode threads died (the last: ${reason})`;
      };
      try {
        this.threads.push(new DecodeThread(this.start, gone, (payloads) => void (this.answered += payloads)));
      } catch (error) {
        // A start that throws at once (no worker support, an unresolvable entry) fails the pool as a failed load does.
        this.failure = `the decode thread could not start: ${error instanceof Error ? error.message : String(error)}`;
        return [];
      }
    }
    return this.threads.filter((t) => t.ready);
  }

  /** Why the pool's threads cannot start, if they cannot; for diagnostics and tests. */
  get unavailable(): string | undefined {
    return this.failure;
  }
}

let shared: DecodePool | undefined;

/**
 * The process's decode pool, for reads on the main thread of a machine with more than one core; undefined elsewhere: a
 * read on a worker thread is already one of several reads running in parallel (the join engine's file workers).
 */
export function sharedDecodePool(): DecodePool | undefined {
  if (!isMainThread) return undefined;
  const size = Math.min(MAX_THREADS, availableParallelism() - 1);
  if (size < 1) return undefined;
  return (shared ??= new DecodePool(size));
}
