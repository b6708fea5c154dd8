// The Join Designer as a user meets it in JupyterLab: opened from the command palette against a local facility that
// serves joins, a join designed on files written here, validated, run, its report read and its output previewed.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Locator } from 'playwright-core';
import { LocalFacility } from '@afkit/local-facility';
import { joinsFeature } from '../../../packages/local-facility/src/joins/joinsFeature.ts';
import { designAndValidate, runAndInspect, showDuplicates, writeDesignerData } from '../../integration/joinsDesignerSteps.ts';
import { tempDir, type EventRow } from '../../integration/joinsTestData.ts';
import { CHROMIUM } from '../../lib/jupyterlabChromium.ts';
import { SCREENSHOT_DIR, freePort, launchChromium, runFromPalette, startJupyterLabServer, waitForJupyterLab, waitForText, type ChromiumSession, type JupyterLabServer } from '../../lib/jupyterlab.ts';

const repo = resolve(fileURLToPath(import.meta.url), '../../../..');
const missing = [
  [join(repo, 'hosts/jupyterlab/build/static/index.html'), 'npm run build -w @afkit/jupyterlab-host'],
  [join(repo, 'extensions/jupyterlab/afkit_jupyterlab/labextension/package.json'), 'npm run build -w afkit-jupyterlab'],
  [CHROMIUM, 'apt-get install chromium'],
  ['/usr/lib/python3/dist-packages/jupyterlab_server', 'apt-get install python3-jupyterlab-server python3-ipykernel'],
].filter(([path]) => !existsSync(path!));
const skip = missing.length > 0 ? `needs ${missing.map(([, fix]) => fix).join('; ')}` : false;

describe('Join Designer in JupyterLab', { skip, timeout: 240_000 }, () => {
  const dir = tempDir();
  let rows: EventRow[][];
  let facility: LocalFacility;
  let server: JupyterLabServer;
  let chromium: ChromiumSession;
  let panel: Locator;
  const shot = (name: string) => chromium.page.screenshot({ path: join(SCREENSHOT_DIR, `joins-${name}.png`), timeout: 15_000 });

  before(async () => {
    rows = writeDesignerData(dir);
    const port = await freePort();
    // The shared session helper starts a facility without features; the Join Designer needs one serving joins.
    facility = await LocalFacility.start({ allowedOrigins: [`http://127.0.0.1:${port}`], name: 'Joins e2e facility', features: [joinsFeature()] });
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
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens from the palette and shows the facility', async () => {
    await runFromPalette(chromium.page, 'Open Join Designer', 'Analysis Facility');
    panel = chromium.page.locator('#jp-main-dock-panel #afkit-join-designer');
    await panel.waitFor({ state: 'visible', timeout: 10_000 });
    await waitForText(panel, 'Joins e2e facility');
  });

  it('designs a join and shows the validation report', async () => {
    await designAndValidate(panel, dir);
    await shot('validation');
  });

  it('runs it and shows the report with its proof and a preview', async () => {
    await runAndInspect(panel, rows);
    await panel.getByRole('table', { name: 'Joined output preview' }).scrollIntoViewIfNeeded();
    await shot('report-preview');
  });

  it('lists duplicate keys as an error', async () => {
    await showDuplicates(panel, dir, rows);
    await panel.getByRole('region', { name: 'Validation report' }).scrollIntoViewIfNeeded();
    await shot('duplicates');
  });
});
