import { FacilityError } from '../FacilityError.ts';
import type { Unsubscribe } from '../Subscribable.ts';
import type { RpcEndpoint } from './RpcEndpoint.ts';
import { mapArguments } from './mapArguments.ts';
import { RPC_TAG, isRpcMessage, type CallMessage, type FunctionSlot, type RpcMessage, type SignalSlot } from './wire.ts';

/** A connected proxy: `remote` behaves like the served object; `dispose` ends every call and subscription. */
export interface RpcConnection<T> {
  readonly remote: T;
  dispose(): void;
}

/** Options of {@link connectRpc}. */
export interface ConnectRpcOptions {
  /** Separates several served objects on one endpoint (e.g. `facility` and `host`). */
  readonly channel: string;
  /** Where errors of subscriptions go, since a subscription has no Promise to reject. */
  readonly onSubscriptionError?: (error: FacilityError, path: readonly string[]) => void;
}

interface Pending {
  readonly path: readonly string[];
  readonly callbacks: Map<number, (...args: unknown[]) => void>;
  readonly resolve?: (value: unknown) => void;
  readonly reject?: (error: FacilityError) => void;
  readonly release: () => void;
}

/**
 * Makes a proxy for an object served with {@link serveRpc} on the other side of `endpoint`.
 * It is generic: any method path works, so adding a method to `Facility` needs no bridge code.
 * Methods named `subscribe…` return an unsubscribe function at once; all others return a Promise.
 */
export function connectRpc<T extends object>(endpoint: RpcEndpoint, options: ConnectRpcOptions): RpcConnection<T> {
  const { channel } = options;
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let disposed = false;

  const post = (message: Omit<RpcMessage, 'tag' | 'channel'>): void => {
    endpoint.postMessage({ tag: RPC_TAG, channel, ...message });
  };

  const stopListening = endpoint.onMessage((raw) => {
    if (!isRpcMessage(raw, channel)) return;
    const entry = pending.get(raw.id);
    if (!entry) return;
    switch (raw.kind) {
      case 'callback':
        entry.callbacks.get(raw.slot)?.(...raw.args);
        break;
      case 'result':
        if (entry.resolve) finish(raw.id)?.resolve?.(raw.value);
        break;
      case 'error': {
        const error = FacilityError.fromJSON(raw.error);
        if (entry.reject) finish(raw.id)?.reject?.(error);
        else {
          finish(raw.id);
          (options.onSubscriptionError ?? defaultSubscriptionError)(error, entry.path);
        }
        break;
      }
      default:
        break;
    }
  });

  function finish(id: number): Pending | undefined {
    const entry = pending.get(id);
    if (!entry) return undefined;
    pending.delete(id);
    entry.release();
    return entry;
  }

  function encode(args: readonly unknown[]): { args: unknown[]; callbacks: Map<number, (...a: unknown[]) => void>; signals: AbortSignal[] } {
    const callbacks = new Map<number, (...a: unknown[]) => void>();
    const signals: AbortSignal[] = [];
    const encoded = args.map((arg) =>
      mapArguments(arg, (leaf) => {
        if (typeof leaf === 'function') {
          const slot = callbacks.size;
          callbacks.set(slot, leaf as (...a: unknown[]) => void);
          return { $afkitFunction: slot } satisfies FunctionSlot;
        }
        if (isAbortSignal(leaf)) {
          signals.push(leaf);
          return { $afkitSignal: true } satisfies SignalSlot;
        }
        return leaf;
      }),
    );
    return { args: encoded, callbacks, signals };
  }

  function call(path: readonly string[], args: readonly unknown[]): unknown {
    const mode: CallMessage['mode'] = path[path.length - 1]?.startsWith('subscribe') ? 'subscription' : 'promise';
    if (disposed) {
      const error = new FacilityError('unreachable', 'The connection to the facility has been closed.', { hint: 'Reload the panel.' });
      if (mode === 'subscription') throw error;
      return Promise.reject(error);
    }
    const id = nextId++;
    const { args: encoded, callbacks, signals } = encode(args);

    if (mode === 'subscription') {
      pending.set(id, { path, callbacks, release: () => {} });
      post({ kind: 'call', id, path, args: encoded, mode } as Omit<CallMessage, 'tag' | 'channel'>);
      const unsubscribe: Unsubscribe = () => {
        if (!pending.has(id)) return;
        finish(id);
        if (!disposed) post({ kind: 'cancel', id } as Omit<RpcMessage, 'tag' | 'channel'>);
      };
      return unsubscribe;
    }

    const aborted = signals.find((s) => s.aborted);
    if (aborted) return Promise.reject(new FacilityError('cancelled', 'The operation was cancelled.'));
    return new Promise((resolve, reject) => {
      // Settle at once, so a panel reacts to Cancel even when the serving side is slow to stop.
      const onAbort = (): void => {
        if (!pending.has(id)) return;
        post({ kind: 'cancel', id } as Omit<RpcMessage, 'tag' | 'channel'>);
        finish(id)?.reject?.(new FacilityError('cancelled', 'The operation was cancelled.'));
      };
      for (const signal of signals) signal.addEventListener('abort', onAbort, { once: true });
      pending.set(id, {
        path,
        callbacks,
        resolve,
        reject,
        release: () => signals.forEach((s) => s.removeEventListener('abort', onAbort)),
      });
      post({ kind: 'call', id, path, args: encoded, mode } as Omit<CallMessage, 'tag' | 'channel'>);
    });
  }

  const remote = makeProxy([], call) as T;
  return {
    remote,
    dispose() {
      if (disposed) return;
      disposed = true;
      stopListening();
      for (const [id, entry] of [...pending]) {
        finish(id);
        entry.reject?.(new FacilityError('unreachable', 'The connection to the facility was closed.', { hint: 'Reload the panel.' }));
      }
    },
  };
}

function makeProxy(path: readonly string[], call: (path: readonly string[], args: readonly unknown[]) => unknown): unknown {
  // A function target lets the same proxy be both a namespace (`facility.clusters`) and a method (`…scale()`).
  return new Proxy(function rpcTarget() {}, {
    get(_target, key) {
      // `then` must stay undefined so that awaiting the proxy itself does not look like a call.
      if (typeof key !== 'string' || key === 'then') return undefined;
      return makeProxy([...path, key], call);
    },
    apply(_target, _this, args: unknown[]) {
      return call(path, args);
    },
  });
}

function isAbortSignal(value: unknown): value is AbortSignal {
  return typeof AbortSignal !== 'undefined' && value instanceof AbortSignal;
}

function defaultSubscriptionError(error: FacilityError, path: readonly string[]): void {
  console.error(`afkit: subscription ${path.join('.')} failed: ${error.message}`);
}
