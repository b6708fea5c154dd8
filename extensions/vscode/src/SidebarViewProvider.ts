import type * as vscode from 'vscode';
import type { PanelId } from '@afkit/core';
import { attachPanel, type PanelDeps } from './attachPanel.ts';

/**
 * Provides a webview view of the "Analysis Facility" activity-bar container (Clusters, Datasets). Views are not
 * retained while hidden, so their live subscriptions stop with them; the page reconnects when shown again.
 */
export class SidebarViewProvider implements vscode.WebviewViewProvider {
  constructor(
    private readonly panel: PanelId,
    private readonly deps: PanelDeps,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    const attached = attachPanel(view.webview, { view: this.panel }, view.title ?? this.panel, this.deps);
    view.onDidDispose(() => attached.dispose());
  }
}
