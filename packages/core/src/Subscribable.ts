/** Stops a subscription; calling it twice is harmless. */
export type Unsubscribe = () => void;

/** Receives the values of a stream. */
export type Listener<T> = (value: T) => void;

/**
 * A tiny observable base: `subscribe` returns the unsubscribe function, and subclasses
 * start their work when the first listener arrives and stop it when the last one leaves.
 */
export class Subscribable<T> {
  private readonly listeners = new Set<Listener<T>>();

  subscribe(listener: Listener<T>): Unsubscribe {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.onSubscribe();
    this.onListenerAdded(listener);
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.onUnsubscribe();
    };
  }

  /** Whether anyone listens now. */
  hasListeners(): boolean {
    return this.listeners.size > 0;
  }

  protected emit(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }

  /** Called when the first listener subscribes. */
  protected onSubscribe(): void {}

  /** Called when the last listener unsubscribes. */
  protected onUnsubscribe(): void {}

  /** Called for every new listener, e.g. to replay the current state to it. */
  protected onListenerAdded(_listener: Listener<T>): void {}
}
