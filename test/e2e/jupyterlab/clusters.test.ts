// Clusters as a user meets them in JupyterLab: create a real Dask cluster from the panel (a bad value is refused
// with the facility's reason), scale it, open its dashboard, insert the client code into a notebook and run it so the
// kernel connects and computes, then stop it; no Dask process is left.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Locator } from 'playwright-core';
import { LocalFacility, clustersFeature } from '@afkit/local-facility';
import { CHROMIUM } from '../../lib/jupyterlabChromium.ts';
import { SCREENSHOT_DIR, freePort, launchChromium, runFromPalette, startJupyterLabServer, waitForJupyterLab, waitForText, type ChromiumSession, type JupyterLabServer } from '../../lib/jupyterlab.ts';

const repo = resolve(fileURLToPath(import.meta.url), '../../../..');
const missing = [
  [join(repo, 'hosts/jupyterlab/build/static/index.html'), 'npm run build -w @afkit/jupyterlab-host'],
  [join(repo, 'extensions/jupyterlab/afkit_jupyterlab/labextension/package.json'), 'npm run build -w afkit-jupyterlab'],
  [CHROMIUM, 'apt-get install chromium'],
  ['/usr/lib/python3/dist-packages/jupyterlab_server', 'apt-get install python3-jupyterlab-server python3-ipykernel'],
  ['/usr/bin/dask-scheduler', 'apt-get install python3-distributed'],
].filter(([path]) => !existsSync(path!));
const skip = missing.length > 0 ? `needs ${missing.map(([, fix]) => fix).join('; ')}` : false;

function daskProcesses(stateDir: string): string[] {
  return execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).split('\n').filter((l) => /dask-(scheduler|worker)/.test(l) && l.includes(stateDir));
}

describe('Clusters in JupyterLab', { skip, timeout: 300_000 }, () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'afkit-e2e-clusters-'));
  const registryDir = mkdtempSync(join(tmpdir(), 'afkit-e2e-pids-'));
  let facility: LocalFacility;
  let server: JupyterLabServer;
  let chromium: ChromiumSession;
  let panel: Locator;
  const shot = (name: string) => chromium.page.screenshot({ path: join(SCREENSHOT_DIR, `clusters-${name}.png`), timeout: 15_000 });
  const workers = (): Locator => panel.locator('[data-testid="workers"]').first();

  before(async () => {
    const port = await freePort();
    facility = await LocalFacility.start({ allowedOrigins: [`http://127.0.0.1:${port}`], name: 'Clusters e2e facility', stateDir, features: [clustersFeature({ registryDir })] });
    server = await startJupyterLabServer({ port, facilityUrl: facility.url, facilityToken: facility.token });
    chromium = await launchChromium({ width: 1440, height: 1100 });
    await chromium.page.goto(server.labUrl, { timeout: 60_000 });
    await waitForJupyterLab(chromium.page);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
  });

  after(async () => {
    await chromium?.close();
    await server?.stop();
    await facility?.close();
    assert.deepEqual(daskProcesses(stateDir), [], 'no Dask process outlives the facility');
    rmSync(stateDir, { recursive: true, force: true });
    rmSync(registryDir, { recursive: true, force: true });
  });

  it('creates a cluster from the form, refusing a bad value with the facility reason', async () => {
    const { page } = chromium;
    await page.locator('.jp-SideBar.jp-mod-left li[data-id="afkit-sidebar"]').click({ timeout: 10_000 });
    panel = page.locator('#afkit-clusters');
    await waitForText(panel, 'Clusters e2e facility');
    await panel.getByRole('button', { name: 'New cluster' }).click();
    await panel.locator('input[name="workers"]').fill('999');
    await panel.getByRole('button', { name: 'Create cluster' }).click();
    await waitForText(panel, 'workers must be <= 64, got 999');
    await shot('refused');
    await panel.locator('input[name="workers"]').fill('1');
    await panel.locator('input[name="worker_memory"]').fill('0.5');
    await panel.getByRole('button', { name: 'Create cluster' }).click();
    await waitForText(panel.locator('.afkit-badge'), 'running', 60_000);
    await waitForText(workers(), /^1$/, 60_000);
    await shot('created');
  });

  it('scales it to 2 workers', async () => {
    await panel.getByLabel('Workers', { exact: true }).fill('2');
    await panel.getByRole('button', { name: 'Scale', exact: true }).click();
    await waitForText(workers(), /^2$/, 60_000);
  });

  it('opens its dashboard', async () => {
    await panel.getByRole('button', { name: 'Dashboard' }).click();
    await waitForText(panel, /2 workers ·/, 30_000);
    await panel.getByRole('table', { name: 'Workers' }).waitFor({ timeout: 10_000 });
    await shot('dashboard');
    await panel.getByRole('button', { name: '← Clusters' }).click();
  });

  it('inserts the client code into a notebook, whose kernel connects and computes', async () => {
    const { page } = chromium;
    await runFromPalette(page, 'New Notebook', 'Notebook Operations');
    const kernelDialog = page.locator('.jp-Dialog');
    await waitForText(kernelDialog, 'Select Kernel', 20_000);
    await kernelDialog.locator('.jp-mod-accept').click({ timeout: 10_000 });
    const notebook = page.locator('.jp-NotebookPanel').last();
    await notebook.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]').waitFor({ state: 'attached', timeout: 60_000 });

    await panel.getByRole('button', { name: 'Insert into notebook' }).click();
    await waitForText(panel, 'Inserted.');
    const inserted = notebook.locator('.jp-Cell .cm-content').nth(1);
    await waitForText(inserted, /client = Client\("tcp:\/\/127\.0\.0\.1:\d+"\)/);
    await inserted.click();
    await page.keyboard.press('Shift+Enter');
    const next = notebook.locator('.jp-Cell .cm-content').nth(2);
    await next.click({ timeout: 10_000 });
    await page.keyboard.type('print(client.submit(sum, [1, 2, 3]).result() * 7, "computed on the cluster")');
    await page.keyboard.press('Shift+Enter');
    try {
      await waitForText(notebook.locator('.jp-OutputArea-output'), '42 computed on the cluster', 90_000);
    } finally {
      await shot('notebook');
    }
  });

  it('stops it, and no Dask process remains', async () => {
    await panel.getByRole('button', { name: 'Stop' }).click();
    await waitForText(panel.locator('.afkit-badge'), 'stopped', 60_000);
    await shot('stopped');
    assert.deepEqual(daskProcesses(stateDir), []);
  });
});
