import type { HostApi } from '@afkit/core';

/**
 * The `HostApi` panels get in a webview. The bridge carries method calls only, so the `host` property is
 * answered here and each method forwards to the extension host's implementation.
 */
export function remoteHostApi(remote: HostApi): HostApi {
  return {
    host: 'vscode',
    openPanel: (panel, argument) => remote.openPanel(panel, argument),
    insertCode: (code) => remote.insertCode(code),
    showMessage: (level, message) => remote.showMessage(level, message),
  };
}
