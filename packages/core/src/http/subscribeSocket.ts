import { FacilityError } from '../FacilityError.ts';
import type { Unsubscribe } from '../Subscribable.ts';
import { decodeBinaryMessage } from './binaryMessage.ts';
import type { HttpTarget } from './httpRequest.ts';

/** Options of {@link subscribeSocket}. */
export interface SocketSubscription<T> {
  /** Each message, parsed. */
  readonly onMessage: (message: T) => void;
  /**
   * Ask for binary messages (`?binary=1`): typed arrays inside them arrive as typed arrays, without JSON's cost
   * (see {@link decodeBinaryMessage}). Text messages are still read as JSON.
   */
  readonly binary?: boolean;
  /** Told when the stream breaks (it reconnects by itself) and when it is back. */
  readonly onError?: (error: FacilityError | undefined) => void;
  readonly minBackoffMs?: number;
  readonly maxBackoffMs?: number;
}

/**
 * A live JSON (or binary, see {@link SocketSubscription.binary}) stream from a facility WebSocket route that reconnects with backoff until unsubscribed, and
 * acknowledges each message once handled (flow control). The token travels as `?token=` because browsers
 * cannot set headers on WebSockets.
 */
export function subscribeSocket<T>(target: HttpTarget, path: string, subscription: SocketSubscription<T>): Unsubscribe {
  const Socket = target.WebSocket ?? (globalThis as { WebSocket?: HttpTarget['WebSocket'] }).WebSocket;
  if (!Socket) throw new FacilityError('unsupported', 'This runtime has no WebSocket; pass one to HttpFacility.', { where: path });
  const url = new URL(`${target.url.replace(/^http/, 'ws')}${path}`);
  if (target.token) url.searchParams.set('token', target.token);
  if (subscription.binary) url.searchParams.set('binary', '1');
  const minBackoff = subscription.minBackoffMs ?? 500;
  const maxBackoff = subscription.maxBackoffMs ?? 15_000;
  let backoff = minBackoff;
  let socket: WebSocket | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const connect = (): void => {
    const ws = new Socket(url.toString());
    ws.binaryType = 'arraybuffer';
    socket = ws;
    ws.onopen = () => {
      backoff = minBackoff;
      subscription.onError?.(undefined);
    };
    ws.onmessage = (event: MessageEvent) => {
      let message: T;
      try {
        message = (event.data instanceof ArrayBuffer ? decodeBinaryMessage(event.data, path) : JSON.parse(String(event.data))) as T;
      } catch (error) {
        subscription.onError?.(FacilityError.is(error) ? error : new FacilityError('bad-response', 'The facility sent a message that is not JSON.', { where: path }));
        return;
      }
      subscription.onMessage(message);
      // Ready for the next one: the facility sends the latest state only after this, so a busy view never
      // builds up a backlog of stale states.
      if (ws.readyState === ws.OPEN) ws.send('ack');
    };
    ws.onclose = (event: CloseEvent) => {
      if (stopped) return;
      const reason = event.reason ? `: ${event.reason}` : '';
      subscription.onError?.(
        new FacilityError('unreachable', `The live stream from ${target.url} closed${reason}; reconnecting.`, { where: path }),
      );
      timer = setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, maxBackoff);
    };
    // Errors are followed by a close, which reconnects; nothing else to do here.
    ws.onerror = () => {};
  };
  connect();
  return () => {
    stopped = true;
    clearTimeout(timer);
    socket?.close();
  };
}
