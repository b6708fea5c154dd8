import type { WebSocket } from 'ws';

/** How a {@link LatestOnlySender} paces one viewer. */
export interface Pacing {
  /** At most one message per this many ms. */
  readonly minIntervalMs: number;
  /** Wait while this many bytes are still queued for the viewer. */
  readonly maxBufferedBytes: number;
}

/**
 * Sends one viewer the latest state, never a backlog: a change only marks the viewer dirty, and the state
 * is read and sent when the socket has room. A slow viewer thus costs producers nothing and memory stays
 * bounded by one message per viewer.
 */
export class LatestOnlySender {
  private dirty = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastSent = 0;

  constructor(
    private readonly socket: WebSocket,
    private readonly read: () => unknown,
    private readonly pacing: Pacing = { minIntervalMs: 25, maxBufferedBytes: 4 * 1024 * 1024 },
  ) {}

  /** Something changed: send the new state as soon as the pacing allows. */
  markDirty(): void {
    this.dirty = true;
    this.schedule(0);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.dirty = false;
  }

  private schedule(delay: number): void {
    if (this.timer !== undefined) return;
    const wait = Math.max(delay, this.lastSent + this.pacing.minIntervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, Math.max(0, wait));
  }

  private flush(): void {
    if (!this.dirty || this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > this.pacing.maxBufferedBytes) {
      this.schedule(this.pacing.minIntervalMs);
      return;
    }
    let message: unknown;
    try {
      message = this.read();
    } catch {
      // The state is gone (e.g. the histogram was removed): the viewer learns it from the list stream.
      this.dirty = false;
      return;
    }
    this.dirty = false;
    this.lastSent = Date.now();
    this.socket.send(JSON.stringify(message));
  }
}
