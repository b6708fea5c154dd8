import * as vscode from 'vscode';
import { attachPanel, panelWebviewOptions, type PanelDeps } from './attachPanel.ts';

/** The panels that open as editor tabs, with their webview view types and titles. */
export const EDITOR_PANELS = {
  'join-designer': { viewType: 'afkit.joinDesigner', title: 'Join Designer' },
  histograms: { viewType: 'afkit.histograms', title: 'Histograms' },
} as const;

/** A panel that opens as an editor tab. */
export type EditorPanelId = keyof typeof EDITOR_PANELS;

/**
 * Opens the editor-tab panels (one tab each, revealed when already open) and revives them after a window
 * reload through a `WebviewPanelSerializer`.
 */
export class EditorPanels implements vscode.Disposable {
  private readonly open = new Map<EditorPanelId, vscode.WebviewPanel>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly deps: PanelDeps) {
    for (const [panel, { viewType }] of Object.entries(EDITOR_PANELS) as [EditorPanelId, (typeof EDITOR_PANELS)[EditorPanelId]][]) {
      this.disposables.push(
        vscode.window.registerWebviewPanelSerializer(viewType, {
          deserializeWebviewPanel: async (webviewPanel) => this.adopt(panel, webviewPanel),
        }),
      );
    }
  }

  /** Opens `panel` in the active editor group, or reveals its tab. */
  show(panel: EditorPanelId): void {
    const existing = this.open.get(panel);
    if (existing) {
      existing.reveal();
      return;
    }
    const { viewType, title } = EDITOR_PANELS[panel];
    // Retained while hidden: a half-designed join or a live histogram must survive switching tabs, and the
    // panels keep that state in React, not in webview state.
    const webviewPanel = vscode.window.createWebviewPanel(viewType, title, vscode.ViewColumn.Active, {
      ...panelWebviewOptions(this.deps.extensionUri),
      retainContextWhenHidden: true,
    });
    this.adopt(panel, webviewPanel);
  }

  dispose(): void {
    for (const webviewPanel of this.open.values()) webviewPanel.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private adopt(panel: EditorPanelId, webviewPanel: vscode.WebviewPanel): void {
    webviewPanel.iconPath = vscode.Uri.joinPath(this.deps.extensionUri, 'media', 'afkit.svg');
    const attached = attachPanel(webviewPanel.webview, { view: panel }, EDITOR_PANELS[panel].title, this.deps);
    this.open.set(panel, webviewPanel);
    webviewPanel.onDidDispose(() => {
      attached.dispose();
      if (this.open.get(panel) === webviewPanel) this.open.delete(panel);
    });
  }
}
