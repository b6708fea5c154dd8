import type { WebSocket } from 'ws';

/** How a {@link LatestOnlySender} paces one viewer. */
export interface Pacing {
  /** At most one message per this many ms. */
  readonly minIntervalMs: number;
  /** Wait while this many bytes are still queued for the viewer. */
  readonly maxBufferedBytes: number;
}

/** A viewer that has not acknowledged a state within this long is sent the next one anyway. */
const ACK_TIMEOUT_MS = 2_000;

/**
 * Sends one viewer the latest state, never a backlog: a change only marks the viewer dirty, and the state
 * is read and sent once the viewer acknowledged the previous one (the text message `ack`) and the socket
 * has room. A slow viewer thus costs producers nothing, sees the newest state as soon as it is ready for
 * one, and memory stays bounded by one message per viewer.
 */
export class LatestOnlySender {
  private dirty = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastSent = 0;
  private awaitingAckSince: number | undefined;

  /**
   * `read` gives the state to send; `encode` makes it a message: JSON text by default, or a binary frame
   * (encodeBinaryMessage) for viewers that asked for one.
   */
  constructor(
    private readonly socket: WebSocket,
    private readonly read: () => unknown,
    private readonly encode: (state: unknown) => string | Uint8Array = (state) => JSON.stringify(state),
    private readonly pacing: Pacing = { minIntervalMs: 10, maxBufferedBytes: 4 * 1024 * 1024 },
  ) {
    socket.on('message', (data) => {
      if (String(data) !== 'ack') return;
      this.awaitingAckSince = undefined;
      clearTimeout(this.timer);
      this.timer = undefined;
      if (this.dirty) this.schedule(0);
    });
  }

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
    if (this.awaitingAckSince !== undefined && Date.now() - this.awaitingAckSince < ACK_TIMEOUT_MS) {
      this.schedule(ACK_TIMEOUT_MS - (Date.now() - this.awaitingAckSince));
      return;
    }
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
    this.awaitingAckSince = this.lastSent;
    this.socket.send(this.encode(message));
  }
}
