import { basename } from 'node:path';
import * as vscode from 'vscode';
import { attachPanel, type PanelDeps } from './attachPanel.ts';
import type { WebviewContent } from './WebviewContent.ts';

/** View types of the custom editors (package.json `contributes.customEditors` names the same). */
export const CUSTOM_EDITORS = { datasetFile: 'afkit.datasetFile', uhiFile: 'afkit.uhiFile' } as const;

/**
 * Registers afkit's read-only custom editors: ROOT, Parquet and Arrow files open in the Datasets browser (the facility
 * reads them, so large files never pass through the editor), and `.uhi.json` files open as histograms.
 */
export function registerCustomEditors(deps: PanelDeps): vscode.Disposable[] {
  const options = { webviewOptions: { retainContextWhenHidden: true }, supportsMultipleEditorsPerDocument: true };
  return [
    vscode.window.registerCustomEditorProvider(
      CUSTOM_EDITORS.datasetFile,
      readonlyEditor(deps, async (uri) => ({ view: 'dataset-file', argument: { path: uri.fsPath } })),
      options,
    ),
    vscode.window.registerCustomEditorProvider(
      CUSTOM_EDITORS.uhiFile,
      readonlyEditor(deps, async (uri) => ({ view: 'uhi-file', argument: { name: basename(uri.path), text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) } })),
      options,
    ),
  ];
}

function readonlyEditor(deps: PanelDeps, content: (uri: vscode.Uri) => Promise<WebviewContent>): vscode.CustomReadonlyEditorProvider {
  return {
    openCustomDocument: (uri) => ({ uri, dispose: () => {} }),
    async resolveCustomEditor(document, webviewPanel) {
      webviewPanel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'afkit.svg');
      const attached = attachPanel(webviewPanel.webview, await content(document.uri), basename(document.uri.path), deps);
      webviewPanel.onDidDispose(() => attached.dispose());
    },
  };
}
