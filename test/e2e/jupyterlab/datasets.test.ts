// The Datasets panel as a user meets it in JupyterLab's Analysis Facility sidebar, against a local facility serving
// its generated sample NanoAOD files: open them as a dataset, expand a file's tree, filter branches, preview a jagged
// branch (values visible in the cells), histogram a branch over the dataset. Screenshots in test-output/jupyterlab/.
import { existsSync, mkdirSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Locator } from 'playwright-core';
import { LocalFacility } from '@afkit/local-facility';
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
  let facility: LocalFacility;
  let server: JupyterLabServer;
  let chromium: ChromiumSession;
  let panel: Locator;
  const shot = (name: string) => chromium.page.screenshot({ path: join(SCREENSHOT_DIR, `datasets-${name}.png`), timeout: 15_000 });

  before(async () => {
    const port = await freePort();
    // The shared session helper starts a facility without features; this one serves datasets (sample only).
    facility = await LocalFacility.start({
      allowedOrigins: [`http://127.0.0.1:${port}`],
      name: 'Datasets e2e facility',
      stateDir: state,
      features: [datasetsFeature({ roots: [] })],
    });
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
    rmSync(state, { recursive: true, force: true });
  });

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
});
