import type { SerializedFacilityError } from '../FacilityError.ts';

/** Every bridge message carries this tag, so it can share a channel with a host's own messages. */
export const RPC_TAG = 'afkit-rpc';

/** Stands in, inside call arguments, for a function the other side may call back. */
export interface FunctionSlot {
  readonly $afkitFunction: number;
}

/** Stands in, inside call arguments, for an AbortSignal; aborting it sends a `cancel`. */
export interface SignalSlot {
  readonly $afkitSignal: true;
}

/** Caller to callee: invoke a method found by its path on the served object. */
export interface CallMessage {
  readonly tag: typeof RPC_TAG;
  readonly channel: string;
  readonly kind: 'call';
  readonly id: number;
  readonly path: readonly string[];
  readonly args: readonly unknown[];
  /** `subscription`: the method returns an unsubscribe function; `promise`: it returns a value or a Promise. */
  readonly mode: 'promise' | 'subscription';
}

/** Caller to callee: abort a call, or end a subscription. */
export interface CancelMessage {
  readonly tag: typeof RPC_TAG;
  readonly channel: string;
  readonly kind: 'cancel';
  readonly id: number;
}

/** Callee to caller: a function argument of call `id` was invoked. */
export interface CallbackMessage {
  readonly tag: typeof RPC_TAG;
  readonly channel: string;
  readonly kind: 'callback';
  readonly id: number;
  readonly slot: number;
  readonly args: readonly unknown[];
}

/** Callee to caller: call `id` settled (for a subscription: it started). */
export interface ResultMessage {
  readonly tag: typeof RPC_TAG;
  readonly channel: string;
  readonly kind: 'result';
  readonly id: number;
  readonly value: unknown;
}

/** Callee to caller: call `id` failed, or the subscription broke. */
export interface ErrorMessage {
  readonly tag: typeof RPC_TAG;
  readonly channel: string;
  readonly kind: 'error';
  readonly id: number;
  readonly error: SerializedFacilityError;
}

/** Any message of the bridge. */
export type RpcMessage = CallMessage | CancelMessage | CallbackMessage | ResultMessage | ErrorMessage;

const KINDS = new Set(['call', 'cancel', 'callback', 'result', 'error']);

/** Validates at the edge that a message received from the other side is one of ours, on our channel. */
export function isRpcMessage(value: unknown, channel: string): value is RpcMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  return m.tag === RPC_TAG && m.channel === channel && typeof m.kind === 'string' && KINDS.has(m.kind) && Number.isInteger(m.id);
}

export function isFunctionSlot(value: unknown): value is FunctionSlot {
  return typeof value === 'object' && value !== null && typeof (value as FunctionSlot).$afkitFunction === 'number';
}

export function isSignalSlot(value: unknown): value is SignalSlot {
  return typeof value === 'object' && value !== null && (value as SignalSlot).$afkitSignal === true;
}
