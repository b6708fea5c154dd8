import type { Unsubscribe } from '../Subscribable.ts';

/**
 * One side of a message channel: a MessagePort, a VS Code webview, or the webview's own `acquireVsCodeApi()`.
 * Messages are structured-cloned, so binary payloads (ArrayBuffer, typed arrays) travel as bytes, never as JSON.
 */
export interface RpcEndpoint {
  postMessage(message: unknown): void;
  onMessage(handler: (message: unknown) => void): Unsubscribe;
}
