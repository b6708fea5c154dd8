import { FacilityError, type SerializedFacilityError } from '../FacilityError.ts';
import { Subscribable, type Listener } from '../Subscribable.ts';

/** Timing of a {@link Poller}. */
export interface PollerTiming {
  /** Between successful polls. */
  readonly intervalMs: number;
  /** Upper bound of the backoff after failures (doubling from `intervalMs`). */
  readonly maxBackoffMs: number;
}

/** What a poller delivers: the last good value and, when the latest poll failed, why. */
export interface PollResult<T> {
  readonly value: T | undefined;
  readonly error?: SerializedFacilityError;
}

/**
 * Polls while anyone listens: a fixed interval while calls succeed, doubling backoff while they fail,
 * nothing at all when nobody listens. New listeners get the last result at once.
 */
export class Poller<T> extends Subscribable<PollResult<T>> {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private abort: AbortController | undefined;
  private last: PollResult<T> | undefined;
  private delay: number;

  constructor(
    private readonly fetchValue: (signal: AbortSignal) => Promise<T>,
    private readonly timing: PollerTiming,
  ) {
    super();
    this.delay = timing.intervalMs;
  }

  /** Polls now instead of at the next tick (after a create or scale). */
  refresh(): void {
    if (!this.hasListeners()) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.abort) void this.tick();
  }

  protected override onSubscribe(): void {
    this.delay = this.timing.intervalMs;
    void this.tick();
  }

  protected override onUnsubscribe(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.abort?.abort();
    this.abort = undefined;
  }

  protected override onListenerAdded(listener: Listener<PollResult<T>>): void {
    if (this.last) listener(this.last);
  }

  private async tick(): Promise<void> {
    const abort = new AbortController();
    this.abort = abort;
    try {
      const value = await this.fetchValue(abort.signal);
      if (abort.signal.aborted) return;
      this.delay = this.timing.intervalMs;
      this.last = { value };
    } catch (error) {
      if (abort.signal.aborted) return;
      this.delay = Math.min(this.delay * 2, this.timing.maxBackoffMs);
      this.last = { value: this.last?.value, error: FacilityError.from(error).toJSON() };
    } finally {
      if (this.abort === abort) this.abort = undefined;
    }
    this.emit(this.last);
    if (this.hasListeners()) this.timer = setTimeout(() => void this.tick(), this.delay);
  }
}
