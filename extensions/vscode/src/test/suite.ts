// The extension's own tests, run by VS Code inside the real extension host (extensionTestsPath): VS Code
// calls `run()` and reports its outcome as the test run's exit code. Bundled to out/test/suite.js.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Reachability } from '@afkit/core';
import type { AfkitApi } from '../AfkitApi.ts';
import { CommandIds } from '../CommandIds.ts';
import { VsCodeHostApi } from '../VsCodeHostApi.ts';
import { SUITE_TOKEN } from './suiteToken.ts';

const EXTENSION_ID = 'afkit.afkit-vscode';

async function activated(): Promise<{ extension: vscode.Extension<AfkitApi>; api: AfkitApi }> {
  const extension = vscode.extensions.getExtension<AfkitApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  const api = await extension.activate();
  return { extension, api };
}

function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function tabOpened(match: (tab: vscode.Tab) => boolean): Promise<vscode.Tab> {
  return new Promise((resolve) => {
    const listener = vscode.window.tabGroups.onDidChangeTabs((event) => {
      const tab = [...event.opened, ...event.changed].find(match);
      if (!tab) return;
      listener.dispose();
      resolve(tab);
    });
  });
}

const checks: [string, () => Promise<void>][] = [
  [
    'the extension activates and returns its API',
    async () => {
      const { extension, api } = await activated();
      assert.equal(extension.isActive, true);
      assert.equal(typeof api.facility, 'function');
    },
  ],
  [
    'its commands are registered',
    async () => {
      await activated();
      const registered = new Set(await vscode.commands.getCommands(true));
      for (const id of Object.values(CommandIds)) assert.ok(registered.has(id), `command ${id} is registered`);
      assert.ok(registered.has('afkit.clusters.focus') && registered.has('afkit.datasets.focus'), 'the two views are contributed');
    },
  ],
  [
    'the embedded local facility started and info() answers through the extension facility',
    async () => {
      const { api } = await activated();
      const facility = await api.facility();
      const info = await within(10_000, 'info()', facility.info());
      assert.equal(info.kind, 'local');
      assert.equal(info.name, 'Local facility');
      assert.match(info.version, /^\d+\.\d+\.\d+/);
      assert.match(info.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const reachable = await within(
        10_000,
        'a reachable state',
        new Promise<Reachability>((resolve) => {
          const stop = facility.subscribeReachability((state) => {
            if (state.state !== 'reachable') return;
            queueMicrotask(stop);
            resolve(state);
          });
        }),
      );
      assert.equal(reachable.state, 'reachable');
    },
  ],
  [
    'a live stream over WebSocket works from the extension host (Node 20 has no global WebSocket)',
    async () => {
      const { api } = await activated();
      const facility = await api.facility();
      const list = await within(
        10_000,
        'the live histogram list',
        new Promise<readonly unknown[]>((resolve) => {
          const stop = facility.hists.subscribeHistograms((histograms) => {
            queueMicrotask(stop);
            resolve(histograms);
          });
        }),
      );
      assert.ok(Array.isArray(list));
    },
  ],
  [
    'the facility URL setting is contributed, empty by default',
    async () => {
      const { extension } = await activated();
      const property = extension.packageJSON.contributes.configuration.properties['afkit.facility.url'];
      assert.equal(property.type, 'string');
      const inspected = vscode.workspace.getConfiguration().inspect<string>('afkit.facility.url');
      assert.equal(inspected?.defaultValue, '');
      assert.equal(vscode.workspace.getConfiguration().get('afkit.facility.url'), '');
    },
  ],
  [
    'the token command keeps the token in SecretStorage and writes no setting',
    async () => {
      const { api } = await activated();
      assert.equal(await vscode.commands.executeCommand(CommandIds.setFacilityToken, SUITE_TOKEN), true);
      assert.equal(await api.hasFacilityToken(), true);
      const inspected = vscode.workspace.getConfiguration().inspect('afkit.facility.url');
      assert.equal(inspected?.globalValue, undefined, 'no user setting was written');
      assert.equal(inspected?.workspaceValue, undefined, 'no workspace setting was written');
      assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('afkit')).includes(SUITE_TOKEN), 'the token is in no afkit setting');
      await vscode.commands.executeCommand(CommandIds.setFacilityToken, '');
      assert.equal(await api.hasFacilityToken(), false, 'an empty token removes it');
    },
  ],
  [
    'the Join Designer command opens an editor webview panel',
    async () => {
      await activated();
      await vscode.commands.executeCommand(CommandIds.openJoinDesigner);
      const isJoinDesigner = (t: vscode.Tab) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('afkit.joinDesigner');
      const allTabs = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs);
      // The tab model reaches the extension host a moment after the main thread opened the panel.
      const tab = allTabs().find(isJoinDesigner) ?? (await within(10_000, 'a Join Designer tab', tabOpened(isJoinDesigner)));
      assert.ok(tab, `a Join Designer tab is open (tabs: ${allTabs().map((t) => t.label).join(', ')})`);
      assert.equal(tab.label, 'Join Designer');
      // The tab object delivered by the event goes stale once the model refreshes: close the current one.
      await vscode.window.tabGroups.close(allTabs().filter(isJoinDesigner));
    },
  ],
  [
    "the host API inserts code into the active notebook as a new code cell, and says false without one",
    async () => {
      await activated();
      const host = new VsCodeHostApi();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      assert.equal(await host.insertCode('print(1)'), false, 'no notebook is open');
      const cell = new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'import awkward', 'python');
      const notebook = await vscode.workspace.openNotebookDocument('jupyter-notebook', new vscode.NotebookData([cell]));
      await vscode.window.showNotebookDocument(notebook);
      assert.equal(await host.insertCode('h = afkit_hist.get("pt")'), true);
      assert.equal(notebook.cellCount, 2);
      const inserted = notebook.cellAt(1);
      assert.equal(inserted.kind, vscode.NotebookCellKind.Code);
      assert.equal(inserted.document.getText(), 'h = afkit_hist.get("pt")');
      assert.equal(inserted.document.languageId, 'python');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    },
  ],
];

/** Runs every check in order; rejects (so the run exits non-zero) when any fails. */
export async function run(): Promise<void> {
  const failures: string[] = [];
  for (const [name, check] of checks) {
    try {
      await check();
      console.log(`afkit-suite ok: ${name}`);
    } catch (error) {
      failures.push(name);
      console.log(`afkit-suite FAILED: ${name}\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
  console.log(`afkit-suite: ${checks.length - failures.length} passed, ${failures.length} failed`);
  if (failures.length > 0) throw new Error(`${failures.length} afkit extension check(s) failed: ${failures.join('; ')}`);
}
