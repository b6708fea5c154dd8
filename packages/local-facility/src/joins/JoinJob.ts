import { FacilityError, type JoinJobWire, type JoinProgressEvent, type JoinRunSummary, type JsonObject } from '@afkit/core';

/** The work of a job: given its signal and progress callback, produce the result (a validation or join report). */
export type JoinWork = (signal: AbortSignal, onProgress: (progress: JoinProgressEvent) => void) => Promise<JsonObject>;

/**
 * One validation or run on the facility: its state, latest progress and result, a change counter that long polls wait
 * on, and the controller whose abort reaches the engine.
 */
export class JoinJob {
  readonly startedAt = Date.now();
  /** Settles (never rejects) once the work has stopped. */
  readonly settled: Promise<void>;
  private readonly controller = new AbortController();
  private readonly waiters = new Set<() => void>();
  private state: JoinRunSummary['state'] = 'running';
  private seq = 0;
  private progress: JoinProgressEvent | undefined;
  private result: JsonObject | undefined;
  private error: FacilityError | undefined;
  private finishedAt: number | undefined;

  constructor(
    readonly id: string,
    readonly kind: JoinJobWire['kind'],
    readonly outputDir: string,
    readonly friends: readonly string[],
    /** The resolved plan, as JSON. */
    readonly plan: JsonObject,
    work: JoinWork,
  ) {
    this.settled = work(this.controller.signal, (progress) => this.change(() => (this.progress = progress))).then(
      (result) => this.change(() => ((this.state = 'succeeded'), (this.result = result))),
      (error: unknown) =>
        this.change(() => {
          this.error = this.controller.signal.aborted ? new FacilityError('cancelled', `The join ${this.kind} was cancelled.`) : FacilityError.from(error);
          this.state = this.error.code === 'cancelled' ? 'cancelled' : 'failed';
        }),
    );
  }

  /** The result, once succeeded. */
  get output(): JsonObject | undefined {
    return this.result;
  }

  /** Asks the engine to stop; the job turns `cancelled` once it has. */
  cancel(): void {
    this.controller.abort();
  }

  /** Resolves when the job changes after `since`, after `waitMs`, or when `signal` aborts, whichever is first. */
  async changedSince(since: number, waitMs: number, signal: AbortSignal): Promise<void> {
    if (this.seq > since || this.state !== 'running') return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, waitMs);
      signal.addEventListener('abort', done, { once: true });
      this.waiters.add(done);
    });
  }

  /** The job as its summary (for run lists). */
  summary(): JoinRunSummary {
    return {
      id: this.id,
      state: this.state,
      startedAt: this.startedAt,
      ...(this.finishedAt === undefined ? {} : { finishedAt: this.finishedAt }),
      outputDir: this.outputDir,
      friends: this.friends,
      ...(this.progress ? { progress: this.progress } : {}),
      ...(this.error ? { error: this.error.toJSON() } : {}),
    };
  }

  /** The job as it goes over HTTP, result included. */
  wire(): JoinJobWire {
    return { ...this.summary(), kind: this.kind, seq: this.seq, plan: this.plan, ...(this.result ? { result: this.result } : {}) };
  }

  private change(apply: () => unknown): void {
    apply();
    if (this.state !== 'running') this.finishedAt ??= Date.now();
    this.seq++;
    for (const wake of [...this.waiters]) wake();
  }
}
