/// <reference types="vscode-webview" />
// The script of every afkit webview: connects to the extension host's Facility and HostApi over the RPC
// bridge and mounts the panel named by the page's `data-panel` attribute.
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import { FACILITY_CHANNEL, HOST_CHANNEL, connectRpc, type Facility, type HostApi } from '@afkit/core';
import { mountPanel } from '@afkit/panel-kit';
import { keepScroll, type WebviewState } from './keepScroll.ts';
import { isPanelId, panelElement } from './panelElement.tsx';
import { remoteHostApi } from './remoteHostApi.ts';
import { vscodeEndpoint } from './vscodeEndpoint.ts';
import './webview.css';

const vscode = acquireVsCodeApi<WebviewState>();
const root = document.getElementById('root');
const panel = root?.dataset.panel;
if (!root || !isPanelId(panel)) throw new Error(`afkit: this page names no known panel (${String(panel)})`);

const endpoint = vscodeEndpoint(vscode);
const facility = connectRpc<Facility>(endpoint, { channel: FACILITY_CHANNEL });
const host = connectRpc<HostApi>(endpoint, { channel: HOST_CHANNEL });
root.replaceChildren();
const unmount = mountPanel(root, panelElement(panel), { facility: facility.remote, host: remoteHostApi(host.remote) });
const stopScroll = keepScroll(root, vscode);

window.addEventListener('pagehide', () => {
  stopScroll();
  unmount();
  facility.dispose();
  host.dispose();
});
