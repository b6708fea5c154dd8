import type { RpcEndpoint } from '@afkit/core';

/** The webview end of afkit's RPC bridge: posts through `acquireVsCodeApi()`, listens on `window`. */
export function vscodeEndpoint(api: { postMessage(message: unknown): void }): RpcEndpoint {
  return {
    postMessage: (message) => api.postMessage(message),
    onMessage(handler) {
      const listener = (event: MessageEvent): void => handler(event.data);
      window.addEventListener('message', listener);
      return () => window.removeEventListener('message', listener);
    },
  };
}
