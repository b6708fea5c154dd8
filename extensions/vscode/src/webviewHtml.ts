import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { WebviewContent } from './WebviewContent.ts';

/** The page of a webview that mounts `content` from the webview bundle, under a strict nonce-based CSP. */
export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, content: WebviewContent, title: string): string {
  const nonce = randomBytes(18).toString('base64');
  const argument = 'argument' in content ? ` data-argument="${escapeHtml(JSON.stringify(content.argument))}"` : '';
  return page(webview, extensionUri, title, nonce, [
    `<div id="root" data-view="${content.view}"${argument}><vscode-progress-ring aria-label="Loading"></vscode-progress-ring></div>`,
    `<script nonce="${nonce}" src="${asset(webview, extensionUri, 'webview.js')}"></script>`,
  ]);
}

/** A script-less page that says why a panel cannot show, e.g. the local facility failed to start. */
export function messageHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string, message: string): string {
  return page(webview, extensionUri, title, randomBytes(18).toString('base64'), [`<p role="alert">${escapeHtml(message)}</p>`]);
}

function asset(webview: vscode.Webview, extensionUri: vscode.Uri, name: string): string {
  return webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', name)).toString();
}

function page(webview: vscode.Webview, extensionUri: vscode.Uri, title: string, nonce: string, body: readonly string[]): string {
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  return [
    '<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
    `<title>${escapeHtml(title)}</title>`,
    `<link rel="stylesheet" href="${asset(webview, extensionUri, 'webview.css')}">`,
    '</head><body>',
    ...body,
    '</body></html>',
  ].join('\n');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
