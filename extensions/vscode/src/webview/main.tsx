/// <reference types="vscode-webview" />
// The script of every afkit webview: connects to the extension host's Facility and HostApi over the RPC
// bridge and mounts the panel or file view the page's `data-view` attribute names.
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import { FACILITY_CHANNEL, HOST_CHANNEL, connectRpc, type Facility, type HostApi } from '@afkit/core';
import { mountPanel } from '@afkit/panel-kit';
import { keepScroll, type WebviewState } from './keepScroll.ts';
import { contentElement, readContent } from './panelElement.tsx';
import { remoteHostApi } from './remoteHostApi.ts';
import { vscodeEndpoint } from './vscodeEndpoint.ts';
import './webview.css';

const vscode = acquireVsCodeApi<WebviewState>();
const root = document.getElementById('root');
if (!root) throw new Error('afkit: this page has no #root element');
const content = readContent(root);

const endpoint = vscodeEndpoint(vscode);
const facility = connectRpc<Facility>(endpoint, { channel: FACILITY_CHANNEL });
const host = connectRpc<HostApi>(endpoint, { channel: HOST_CHANNEL });
root.replaceChildren();
const unmount = mountPanel(root, contentElement(content), { facility: facility.remote, host: remoteHostApi(host.remote) });
const stopScroll = keepScroll(root, vscode);

window.addEventListener('pagehide', () => {
  stopScroll();
  unmount();
  facility.dispose();
  host.dispose();
});
