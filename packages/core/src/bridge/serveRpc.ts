import { FacilityError } from '../FacilityError.ts';
import type { Unsubscribe } from '../Subscribable.ts';
import type { RpcEndpoint } from './RpcEndpoint.ts';
import { mapArguments } from './mapArguments.ts';
import { RPC_TAG, isFunctionSlot, isRpcMessage, isSignalSlot, type CallMessage, type RpcMessage } from './wire.ts';

const FORBIDDEN_SEGMENTS = new Set(['constructor', '__proto__', 'prototype', 'toJSON']);

/** Options of {@link serveRpc}. */
export interface ServeRpcOptions {
  /** Must match the channel the other side connects with. */
  readonly channel: string;
}

/**
 * Serves `target` to a {@link connectRpc} proxy on the other side of `endpoint`: resolves each call's
 * method path on it, runs it, and sends back its result, its error (with its code), callbacks and
 * subscription values. Returns a function that stops serving and ends every running call.
 */
export function serveRpc(target: object, endpoint: RpcEndpoint, options: ServeRpcOptions): Unsubscribe {
  const { channel } = options;
  const running = new Map<number, { abort: AbortController; unsubscribe?: Unsubscribe }>();

  const post = (message: Omit<RpcMessage, 'tag' | 'channel'>): void => {
    endpoint.postMessage({ tag: RPC_TAG, channel, ...message });
  };
  const postError = (id: number, error: unknown): void => {
    post({ kind: 'error', id, error: FacilityError.from(error).toJSON() } as Omit<RpcMessage, 'tag' | 'channel'>);
  };

  const stopListening = endpoint.onMessage((raw) => {
    if (!isRpcMessage(raw, channel)) return;
    if (raw.kind === 'call') void handleCall(raw);
    else if (raw.kind === 'cancel') {
      const entry = running.get(raw.id);
      if (entry?.unsubscribe) {
        running.delete(raw.id);
        entry.unsubscribe();
      }
      entry?.abort.abort();
    }
  });

  async function handleCall(message: CallMessage): Promise<void> {
    const { id } = message;
    const abort = new AbortController();
    const entry: { abort: AbortController; unsubscribe?: Unsubscribe } = { abort };
    running.set(id, entry);
    try {
      const { fn, self } = resolveMethod(target, message.path);
      const args = message.args.map((arg) =>
        mapArguments(arg, (leaf) => {
          if (isFunctionSlot(leaf)) {
            const slot = leaf.$afkitFunction;
            return (...callbackArgs: unknown[]) => {
              if (running.has(id)) post({ kind: 'callback', id, slot, args: callbackArgs } as Omit<RpcMessage, 'tag' | 'channel'>);
            };
          }
          if (isSignalSlot(leaf)) return abort.signal;
          return leaf;
        }),
      );
      const result = fn.apply(self, args);
      if (message.mode === 'subscription') {
        if (typeof result !== 'function') throw new FacilityError('internal', `${message.path.join('.')} did not return an unsubscribe function.`);
        if (running.has(id)) entry.unsubscribe = result as Unsubscribe;
        else (result as Unsubscribe)();
        return;
      }
      const value = await result;
      if (running.delete(id)) post({ kind: 'result', id, value } as Omit<RpcMessage, 'tag' | 'channel'>);
    } catch (error) {
      if (running.delete(id)) postError(id, error);
    }
  }

  return () => {
    stopListening();
    for (const entry of running.values()) {
      entry.abort.abort();
      entry.unsubscribe?.();
    }
    running.clear();
  };
}

function resolveMethod(target: object, path: readonly string[]): { fn: (...args: unknown[]) => unknown; self: unknown } {
  let self: unknown = undefined;
  let current: unknown = target;
  for (const segment of path) {
    if (FORBIDDEN_SEGMENTS.has(segment) || segment.startsWith('_') || current === null || typeof current !== 'object') {
      throw new FacilityError('not-found', `No method ${path.join('.')} on the facility.`);
    }
    self = current;
    current = (current as Record<string, unknown>)[segment];
  }
  if (typeof current !== 'function' || path.length === 0) {
    throw new FacilityError('not-found', `No method ${path.join('.')} on the facility.`, {
      hint: 'The panel and the facility may come from different afkit versions.',
    });
  }
  return { fn: current as (...args: unknown[]) => unknown, self };
}
