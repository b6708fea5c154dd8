// Clusters as a user meets them in VS Code (code-server with the afkit .vsix): the extension host's embedded
// facility runs a real Dask cluster; the Clusters webview creates it (a bad value refused with the facility's reason),
// scales it, shows its dashboard, inserts the client code into an open notebook, and stops it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { EXTENSION_VSIX, VSCODE_SCREENSHOTS, startCodeServer, vscodeSkip, type CodeServer } from '../../lib/vscode.ts';
import { openBrowser, sidebarViewPanel, waitForWorkbench, type BrowserPage } from '../../lib/vscodeWorkbench.ts';

const skip = vscodeSkip(existsSync('/usr/bin/dask-scheduler') ? [] : ['Dask is not installed (apt-get install python3-distributed)']);

/** Dask processes of one cluster (their command lines hold its state folder, named after the cluster). */
function daskProcesses(cluster: string): string[] {
  return execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).split('\n').filter((l) => /dask-(scheduler|worker)/.test(l) && l.includes(cluster));
}

describe('Clusters in VS Code', { skip, timeout: 300_000 }, () => {
  let server: CodeServer;
  let browser: BrowserPage;
  let page: Page;
  let panel: Locator;
  let cluster = '';
  const shot = (name: string) => page.screenshot({ path: join(VSCODE_SCREENSHOTS, `clusters-${name}.png`) });
  const workers = (): Locator => panel.locator('[data-testid="workers"]').first();

  before(async () => {
    await mkdir(VSCODE_SCREENSHOTS, { recursive: true });
    server = await startCodeServer({ installVsix: EXTENSION_VSIX });
    const notebook = { cells: [{ cell_type: 'code', source: ['# analysis'], metadata: {}, outputs: [], execution_count: null }], metadata: { language_info: { name: 'python' } }, nbformat: 4, nbformat_minor: 5 };
    writeFileSync(join(server.workspace, 'analysis.ipynb'), JSON.stringify(notebook));
    browser = await openBrowser();
    page = browser.page;
    await page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspace)}`);
    await waitForWorkbench(page);
  });

  after(async () => {
    await browser?.close();
    // Stopping code-server stops the extension host and its facility, which stops every Dask process.
    await server?.stop();
    if (cluster) {
      for (let i = 0; i < 50 && daskProcesses(cluster).length > 0; i++) await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(daskProcesses(cluster), [], 'no Dask process outlives VS Code');
    }
  });

  it('creates a cluster from the form, refusing a bad value with the facility reason', async () => {
    await page.locator('.part.activitybar a.action-label[aria-label^="Analysis Facility"]').click({ timeout: 120_000 });
    const frame = await sidebarViewPanel(page, 'Clusters');
    panel = frame.locator('section[aria-label="Clusters"]');
    await panel.locator('.afkit-facility-state', { hasText: 'connected' }).waitFor({ timeout: 30_000 });
    await panel.getByRole('button', { name: 'New cluster' }).click();
    await panel.locator('input[name="workers"]').fill('999');
    await panel.getByRole('button', { name: 'Create cluster' }).click();
    await panel.getByText('workers must be <= 64, got 999').waitFor({ timeout: 30_000 });
    await panel.locator('input[name="workers"]').fill('1');
    await panel.locator('input[name="worker_memory"]').fill('0.5');
    await panel.getByRole('button', { name: 'Create cluster' }).click();
    await panel.locator('.afkit-badge', { hasText: 'running' }).waitFor({ timeout: 60_000 });
    await workers().filter({ hasText: /^1$/ }).waitFor({ timeout: 60_000 });
    cluster = (await panel.locator('.afkit-cluster-head strong').first().getAttribute('title')) ?? '';
    assert.match(cluster, /^[0-9a-f]{32}$/);
    assert.equal(daskProcesses(cluster).length, 2);
    await shot('created');
  });

  it('scales it to 2 workers and shows its dashboard', async () => {
    await panel.getByLabel('Workers', { exact: true }).fill('2');
    await panel.getByRole('button', { name: 'Scale', exact: true }).click();
    await workers().filter({ hasText: /^2$/ }).waitFor({ timeout: 60_000 });
    await panel.getByRole('button', { name: 'Dashboard' }).click();
    await panel.getByText(/2 workers ·/).waitFor({ timeout: 30_000 });
    await shot('dashboard');
    await panel.getByRole('button', { name: '← Clusters' }).click();
  });

  it('inserts the client code into the open notebook', async () => {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('analysis.ipynb');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'analysis.ipynb' }).first().waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    const notebook = page.locator('.notebook-editor');
    await notebook.getByText('# analysis').first().waitFor({ timeout: 30_000 });
    await panel.getByRole('button', { name: 'Insert into notebook' }).click();
    await panel.getByText('Inserted.').waitFor({ timeout: 15_000 });
    await notebook.getByText(/Client\("tcp:\/\/127\.0\.0\.1:\d+"\)/).first().waitFor({ timeout: 15_000 });
    await shot('notebook');
  });

  it('stops it, and its processes are gone', async () => {
    await panel.getByRole('button', { name: 'Stop' }).click();
    await panel.locator('.afkit-badge', { hasText: 'stopped' }).waitFor({ timeout: 60_000 });
    for (let i = 0; i < 50 && daskProcesses(cluster).length > 0; i++) await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(daskProcesses(cluster), []);
    await shot('stopped');
  });
});
