import type * as vscode from 'vscode';
import type { RpcEndpoint } from '@afkit/core';

/** The extension-host end of afkit's RPC bridge over one webview's message channel. */
export function webviewEndpoint(webview: vscode.Webview): RpcEndpoint {
  return {
    postMessage: (message) => void webview.postMessage(message),
    onMessage(handler) {
      const subscription = webview.onDidReceiveMessage(handler);
      return () => subscription.dispose();
    },
  };
}
