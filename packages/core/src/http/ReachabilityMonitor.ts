import { FacilityError } from '../FacilityError.ts';
import type { Reachability } from '../Facility.ts';
import { Subscribable, type Listener } from '../Subscribable.ts';

/** Timing of a {@link ReachabilityMonitor}. */
export interface ReachabilityTiming {
  /** Between checks while reachable. */
  readonly intervalMs: number;
  /** First retry delay while unreachable; doubles up to `maxBackoffMs`. */
  readonly minBackoffMs: number;
  readonly maxBackoffMs: number;
}

const DEFAULT_TIMING: ReachabilityTiming = { intervalMs: 5_000, minBackoffMs: 1_000, maxBackoffMs: 30_000 };

/**
 * Checks a facility while anyone listens: steady polling while it answers, backing off while it does not,
 * and nothing at all once the last listener leaves (a hidden panel costs no requests).
 */
export class ReachabilityMonitor extends Subscribable<Reachability> {
  private state: Reachability = { state: 'checking', checkedAt: Date.now() };
  private timer: ReturnType<typeof setTimeout> | undefined;
  private backoffMs: number;
  private inFlight: AbortController | undefined;
  private readonly timing: ReachabilityTiming;

  constructor(
    private readonly probe: (signal: AbortSignal) => Promise<unknown>,
    timing: Partial<ReachabilityTiming> = {},
  ) {
    super();
    this.timing = { ...DEFAULT_TIMING, ...timing };
    this.backoffMs = this.timing.minBackoffMs;
  }

  /** The last known state. */
  get current(): Reachability {
    return this.state;
  }

  /** Checks now, e.g. after the user pressed "Retry". */
  async checkNow(): Promise<Reachability> {
    clearTimeout(this.timer);
    this.inFlight?.abort();
    const controller = new AbortController();
    this.inFlight = controller;
    let next: Reachability;
    try {
      await this.probe(controller.signal);
      next = { state: 'reachable', checkedAt: Date.now() };
      this.backoffMs = this.timing.minBackoffMs;
    } catch (error) {
      if (controller.signal.aborted) return this.state;
      next = { state: 'unreachable', checkedAt: Date.now(), error: FacilityError.from(error, 'unreachable').toJSON() };
    }
    if (this.inFlight !== controller) return this.state;
    this.inFlight = undefined;
    this.set(next);
    this.schedule();
    return next;
  }

  protected override onSubscribe(): void {
    void this.checkNow();
  }

  protected override onUnsubscribe(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.inFlight?.abort();
    this.inFlight = undefined;
  }

  protected override onListenerAdded(listener: Listener<Reachability>): void {
    listener(this.state);
  }

  private schedule(): void {
    if (!this.hasListeners()) return;
    let delay = this.timing.intervalMs;
    if (this.state.state === 'unreachable') {
      delay = this.backoffMs;
      this.backoffMs = Math.min(this.backoffMs * 2, this.timing.maxBackoffMs);
    }
    this.timer = setTimeout(() => void this.checkNow(), delay);
  }

  private set(next: Reachability): void {
    const changed = next.state !== this.state.state || next.error?.message !== this.state.error?.message;
    this.state = next;
    if (changed) this.emit(next);
  }
}
