// The foundation, as a user meets it in JupyterLab: the Analysis Facility sidebar shows the Clusters and
// Datasets panels talking to a real local facility, the palette opens the Join Designer and Histograms,
// a notebook runs Python, and when the facility goes away the panels say so.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { writeFile } from 'node:fs/promises';
import { LocalFacility } from '@afkit/local-facility';
import { CHROMIUM } from '../../lib/jupyterlabChromium.ts';
import { runFromPalette, startJupyterLab, waitForJupyterLab, waitForText, type JupyterLabSession } from '../../lib/jupyterlab.ts';

const repo = resolve(fileURLToPath(import.meta.url), '../../../..');
const missing = [
  [join(repo, 'hosts/jupyterlab/build/static/index.html'), 'npm run build -w @afkit/jupyterlab-host'],
  [join(repo, 'extensions/jupyterlab/afkit_jupyterlab/labextension/package.json'), 'npm run build -w afkit-jupyterlab'],
  [CHROMIUM, 'apt-get install chromium'],
  ['/usr/lib/python3/dist-packages/jupyterlab_server', 'apt-get install python3-jupyterlab-server python3-ipykernel'],
].filter(([path]) => !existsSync(path!));
const skip = missing.length > 0 ? `needs ${missing.map(([, fix]) => fix).join('; ')}` : false;

// A name no code path could show by accident: the panels must have read it from the facility.
const facilityName = `Local facility ${process.pid}`;

describe('JupyterLab host with the afkit extension', { skip, timeout: 240_000 }, () => {
  let lab: JupyterLabSession;

  before(async () => {
    lab = await startJupyterLab({ facilityName });
  });

  after(async () => {
    await lab?.close();
  });

  it('shows Clusters and Datasets in the Analysis Facility sidebar with the facility name', async () => {
    const { page } = lab;
    await page.locator('.jp-SideBar.jp-mod-left li[data-id="afkit-sidebar"]').click({ timeout: 10_000 });
    const sidebar = page.locator('#afkit-sidebar');
    await waitForText(sidebar, 'Analysis Facility');
    for (const id of ['afkit-clusters', 'afkit-datasets']) {
      const panel = page.locator(`#${id}`);
      await waitForText(panel, facilityName);
      await waitForText(panel, 'connected');
      // This facility serves no features: each panel says what it lacks once, instead of failing call after call.
      await waitForText(panel, `does not serve ${id.slice('afkit-'.length)}`);
    }
    const sections = await sidebar.locator('.lm-AccordionPanel-title').allTextContents();
    assert.deepEqual(sections.map(title => title.trim()), ['Clusters', 'Datasets']);
    await lab.screenshot('sidebar');
  });

  it('opens the Join Designer and Histograms from the command palette, under "Analysis Facility"', async () => {
    const { page } = lab;
    for (const [label, id, tab] of [
      ['Open Join Designer', 'afkit-join-designer', 'Join Designer'],
      ['Open Histograms', 'afkit-histograms', 'Histograms'],
    ] as const) {
      await runFromPalette(page, label, 'Analysis Facility');
      const widget = page.locator(`#jp-main-dock-panel #${id}`);
      await widget.waitFor({ state: 'visible', timeout: 10_000 });
      await waitForText(widget, facilityName);
      await waitForText(page.locator('#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current'), tab);
      await lab.screenshot(id);
    }
  });

  it('reveals a sidebar panel with its palette command', async () => {
    const { page } = lab;
    await page.locator('.jp-SideBar.jp-mod-left li[data-id="filebrowser"]').click({ timeout: 10_000 });
    await page.locator('#afkit-sidebar').waitFor({ state: 'hidden', timeout: 10_000 });
    await runFromPalette(page, 'Show Datasets', 'Analysis Facility');
    await page.locator('#afkit-datasets').waitFor({ state: 'visible', timeout: 10_000 });
  });

  it('runs Python in a notebook (kernel and contents work against Debian jupyter_server)', async () => {
    const { page } = lab;
    await runFromPalette(page, 'New Notebook', 'Notebook Operations');
    // JupyterLab asks which kernel to start; its default is the ipykernel of Debian's Python.
    const kernelDialog = page.locator('.jp-Dialog');
    await waitForText(kernelDialog, 'Select Kernel', 20_000);
    assert.equal(JSON.parse(await kernelDialog.locator('select').inputValue({ timeout: 5_000 })).name, 'python3');
    await kernelDialog.locator('.jp-mod-accept').click({ timeout: 10_000 });
    const notebook = page.locator('.jp-NotebookPanel').last();
    await notebook.waitFor({ state: 'visible', timeout: 20_000 });
    // The kernel must have started before the cell runs; the toolbar's indicator says when it is idle.
    await notebook.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]').waitFor({ state: 'attached', timeout: 60_000 });
    const editor = notebook.locator('.jp-Cell .cm-content').first();
    await editor.click({ timeout: 10_000 });
    await page.keyboard.type('print(6 * 7, "from the kernel")');
    await waitForText(editor, 'from the kernel', 5_000);
    await page.keyboard.press('Shift+Enter');
    try {
      await waitForText(notebook.locator('.jp-OutputArea-output'), '42 from the kernel', 60_000);
    } finally {
      await lab.screenshot('notebook');
    }
  });

  it('gives panels a host API that inserts code into the active notebook, shows messages and opens panels', async () => {
    const { page } = lab;
    // The IAfkitHost service the panels get, taken from the running extension through module federation.
    const inserted = await page.evaluate(async () => {
      type Host = { insertCode(code: string): Promise<boolean>; showMessage(level: string, text: string): Promise<void>; openPanel(panel: string): Promise<void> };
      const scope = window as unknown as {
        _JUPYTERLAB: Record<string, { get(module: string): Promise<() => { IAfkitHost: unknown }> }>;
        jupyterapp: { resolveRequiredService(token: unknown): Promise<Host> };
      };
      const extension = (await scope._JUPYTERLAB['afkit-jupyterlab']!.get('./index'))();
      const host = await scope.jupyterapp.resolveRequiredService(extension.IAfkitHost);
      const result = await host.insertCode('afkit_inserted = 6 * 7');
      await host.showMessage('info', 'afkit host message');
      await host.openPanel('histograms');
      return result;
    });
    try {
      assert.equal(inserted, true);
      await waitForText(page.locator('#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current'), 'Histograms');
      await waitForText(page.locator('.Toastify'), 'afkit host message');
      // The notebook is behind the Histograms tab now, so read its cells without asking them to be visible.
      const cells = await page.locator('.jp-NotebookPanel .jp-CodeCell .cm-content').allTextContents();
      // Below the active cell: the empty one that Shift+Enter left after the first.
      assert.deepEqual(cells, ['print(6 * 7, "from the kernel")', '', 'afkit_inserted = 6 * 7']);
    } finally {
      await lab.screenshot('host-api');
    }
  });

  it('says the facility is unreachable once it stops', async () => {
    const { page } = lab;
    // Independent of the earlier tests: no dialog left in the way of the palette.
    if (await page.locator('.jp-Dialog').isVisible()) await page.keyboard.press('Escape');
    await lab.stopFacility();
    // Every panel re-checks on its own every few seconds.
    await runFromPalette(page, 'Show Clusters', 'Analysis Facility');
    await waitForText(page.locator('#afkit-clusters'), 'unreachable', 30_000);
    await runFromPalette(page, 'Open Join Designer', 'Analysis Facility');
    await waitForText(page.locator('#afkit-join-designer'), 'unreachable', 30_000);
    await lab.screenshot('facility-unreachable');
  });

  it('talks to the facility named in Settings, reading its token file through the server', async () => {
    const { page, server } = lab;
    const other = await LocalFacility.start({ allowedOrigins: [server.origin], name: `Configured facility ${process.pid}` });
    try {
      await writeFile(join(server.notebookDir, 'facility.token'), `${other.token}\n`, { mode: 0o600 });
      const raw = JSON.stringify({ facility: { url: other.url, tokenFile: 'facility.token' } });
      const saved = await fetch(`${server.origin}/lab/api/settings/afkit-jupyterlab:plugin`, {
        method: 'PUT',
        body: JSON.stringify({ raw }),
        signal: AbortSignal.timeout(10_000),
      });
      assert.equal(saved.status, 204, await saved.text());
      await page.reload({ timeout: 30_000 });
      await waitForJupyterLab(page, 60_000);
      // The restored layout takes the focus while it settles, which would close the modal palette.
      await page.evaluate(() => (window as unknown as { jupyterapp: { commands: { execute(id: string): Promise<unknown> } } }).jupyterapp.commands.execute('afkit:open-clusters'));
      await waitForText(page.locator('#afkit-clusters'), `Configured facility ${process.pid}`);
      await waitForText(page.locator('#afkit-clusters'), 'connected');
      await lab.screenshot('configured-facility');
    } finally {
      await other.close();
    }
  });
});
