import * as vscode from 'vscode';
import { FACILITY_CHANNEL, HOST_CHANNEL, serveRpc, type HostApi, type Unsubscribe } from '@afkit/core';
import type { FacilityHost } from './FacilityHost.ts';
import type { WebviewContent } from './WebviewContent.ts';
import { messageHtml, panelHtml } from './webviewHtml.ts';
import { webviewEndpoint } from './webviewEndpoint.ts';

/** What every afkit webview needs from the extension. */
export interface PanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly facilityHost: FacilityHost;
  readonly hostApi: HostApi;
}

/** The webview options of every afkit panel: scripts on, local resources limited to the bundles. */
export function panelWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')] };
}

/**
 * Makes `webview` show `content` (a panel or a file): serves the facility and the host API to it over the RPC bridge, then loads
 * the page (in that order, so the panel's first call finds a server). When the facility is replaced the
 * page reloads against the new one. Disposing stops serving.
 */
export function attachPanel(webview: vscode.Webview, content: WebviewContent, title: string, deps: PanelDeps): vscode.Disposable {
  webview.options = panelWebviewOptions(deps.extensionUri);
  const endpoint = webviewEndpoint(webview);
  const stopHost = serveRpc(deps.hostApi, endpoint, { channel: HOST_CHANNEL });
  let stopFacility: Unsubscribe | undefined;
  let generation = 0;
  let disposed = false;

  const load = async (): Promise<void> => {
    const mine = ++generation;
    stopFacility?.();
    stopFacility = undefined;
    try {
      const facility = await deps.facilityHost.facility();
      if (disposed || mine !== generation) return;
      stopFacility = serveRpc(facility, endpoint, { channel: FACILITY_CHANNEL });
      webview.html = panelHtml(webview, deps.extensionUri, content, title);
    } catch (error) {
      if (disposed || mine !== generation) return;
      webview.html = messageHtml(webview, deps.extensionUri, title, `The facility could not start: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  void load();
  const onChange = deps.facilityHost.onDidChange(() => void load());

  return new vscode.Disposable(() => {
    disposed = true;
    onChange.dispose();
    stopFacility?.();
    stopHost();
  });
}
