// The Datasets panel as a user meets it in JupyterLab's Analysis Facility sidebar, against a local facility serving
// its generated sample NanoAOD files: open them as a dataset, expand a file's tree, filter branches, preview a jagged
// branch (values visible in the cells), histogram a branch over the dataset; then "Open with afkit" from the file
// browser on an Arrow file and a UHI file of the notebook folder. Screenshots in test-output/jupyterlab/.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Locator } from 'playwright-core';
import { Histogram, RegularAxis, writeUHIFile } from '@afkit/hist-viewer';
import { LocalFacility } from '@afkit/local-facility';
import { writeRows } from '../../../packages/join-engine/src/testing/testData.ts';
import { datasetsFeature, SAMPLE_FIRST_EVENT } from '../../../packages/local-facility/src/datasets/index.ts';
import { filterBranches, histogramOf, openFile, openFolderAsDataset, previewJaggedAndEvent } from '../../integration/datasetsBrowserSteps.ts';
import { CHROMIUM } from '../../lib/jupyterlabChromium.ts';
import { SCREENSHOT_DIR, freePort, launchChromium, startJupyterLabServer, waitForJupyterLab, waitForText, type ChromiumSession, type JupyterLabServer } from '../../lib/jupyterlab.ts';

const repo = resolve(fileURLToPath(import.meta.url), '../../../..');
const missing = [
  [join(repo, 'hosts/jupyterlab/build/static/index.html'), 'npm run build -w @afkit/jupyterlab-host'],
  [join(repo, 'extensions/jupyterlab/afkit_jupyterlab/labextension/package.json'), 'npm run build -w afkit-jupyterlab'],
  [CHROMIUM, 'apt-get install chromium'],
  ['/usr/lib/python3/dist-packages/jupyterlab_server', 'apt-get install python3-jupyterlab-server python3-ipykernel'],
].filter(([path]) => !existsSync(path!));
const skip = missing.length > 0 ? `needs ${missing.map(([, fix]) => fix).join('; ')}` : false;

describe('Datasets panel in JupyterLab', { skip, timeout: 240_000 }, () => {
  const state = mkdtempSync(join(tmpdir(), 'afkit-datasets-lab-'));
  const notebooks = mkdtempSync(join(tmpdir(), 'afkit-datasets-lab-notebooks-'));
  let facility: LocalFacility;
  let server: JupyterLabServer;
  let chromium: ChromiumSession;
  let panel: Locator;
  const shot = (name: string) => chromium.page.screenshot({ path: join(SCREENSHOT_DIR, `datasets-${name}.png`), timeout: 15_000 });

  before(async () => {
    const port = await freePort();
    // The shared session helper starts a facility without features; this one serves datasets: the sample and the
    // notebook folder, which holds an Arrow file and a UHI file to open from the file browser.
    writeRows(join(notebooks, 'events.arrow'), Array.from({ length: 777 }, (_, i) => ({ run: 1n, lumi: 1n, event: BigInt(i), x: i, j: [i % 4] })), { run: 'uint32', lumi: 'uint32', event: 'uint64' });
    const pt = new Histogram([new RegularAxis(25, 0, 50)]);
    pt.fill([Float64Array.from({ length: 400 }, (_, i) => (i * 7) % 50)]);
    writeFileSync(join(notebooks, 'muons.uhi.json'), writeUHIFile({ muon_pt: pt }));
    facility = await LocalFacility.start({
      allowedOrigins: [`http://127.0.0.1:${port}`],
      name: 'Datasets e2e facility',
      stateDir: state,
      features: [datasetsFeature({ roots: [notebooks] })],
    });
    server = await startJupyterLabServer({ port, facilityUrl: facility.url, facilityToken: facility.token, notebookDir: notebooks });
    chromium = await launchChromium({ width: 1440, height: 1100 });
    await chromium.page.goto(server.labUrl, { timeout: 60_000 });
    await waitForJupyterLab(chromium.page);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
  });

  after(async () => {
    await chromium?.close();
    await server?.stop();
    await facility?.close();
    rmSync(state, { recursive: true, force: true });
    rmSync(notebooks, { recursive: true, force: true });
  });

  const openWithAfkit = async (file: string): Promise<Locator> => {
    const { page } = chromium;
    const item = page.locator('.jp-DirListing-item', { hasText: file });
    // Clicking the file browser's tab while it is open would fold it away.
    if (!(await item.isVisible())) await page.locator('.jp-SideBar.jp-mod-left li[data-id="filebrowser"]').click({ timeout: 10_000 });
    await item.click({ button: 'right', timeout: 15_000 });
    await page.locator('.lm-Menu-item', { hasText: 'Open with afkit' }).click({ timeout: 10_000 });
    return page.locator(`[id="afkit-file-${encodeURIComponent(file)}"]`);
  };

  it('shows the sample source in the sidebar and opens the sample files as a dataset', async () => {
    const { page } = chromium;
    await page.locator('.jp-SideBar.jp-mod-left li[data-id="afkit-sidebar"]').click({ timeout: 10_000 });
    panel = page.locator('#afkit-datasets');
    await waitForText(panel, 'Datasets e2e facility');
    await openFolderAsDataset(panel, { source: 'Sample NanoAOD', files: 3, summary: /60,000\s+entries .* 3 of 3 files readable/ });
    await shot('dataset');
  });

  it('expands a file, filters branches, previews a jagged branch', async () => {
    await openFile(panel, 'nano_sample_0.arrow', /19 branches · 20,000 entries/);
    await filterBranches(panel);
    await previewJaggedAndEvent(panel, SAMPLE_FIRST_EVENT);
    await panel.getByRole('table').scrollIntoViewIfNeeded();
    await shot('preview');
  });

  it('histograms a branch over the dataset', async () => {
    await histogramOf(panel, 'Jet_pt', /60,000 of 60,000 entries .* done/, /over the dataset \(3 files\)/);
    await panel.getByRole('region', { name: 'Histogram of Jet_pt' }).scrollIntoViewIfNeeded();
    await shot('histogram');
  });

  it('"Open with afkit" opens an Arrow file of the file browser in the Datasets browser, and a UHI file as histograms', async () => {
    const dataset = await openWithAfkit('events.arrow');
    await dataset.getByRole('list', { name: 'Branches' }).waitFor({ timeout: 30_000 });
    assert.match(await dataset.getByLabel('Dataset summary').innerText(), /777\s+entries .* 1 of 1 files readable/);
    assert.match(await dataset.getByRole('list', { name: 'Branches' }).innerText(), /luminosityBlock[\s\S]*event/);
    await shot('open-with-arrow');

    const hists = await openWithAfkit('muons.uhi.json');
    const item = hists.getByRole('option', { name: /muon_pt/ });
    await item.waitFor({ timeout: 15_000 });
    assert.match(await item.innerText(), /1D · 25 bins · double/);
    assert.equal(await item.getAttribute('aria-selected'), 'true');
    await hists.locator('canvas').first().waitFor({ state: 'visible', timeout: 15_000 });
    await shot('open-with-uhi');
  });
});
