// The Histograms panel in JupyterLab, filling live from a real Dask computation: the example
// examples/dask_live_histogram.py publishes partial histograms to the facility JupyterLab uses; the panel
// lists the histogram, draws it, shows its partial count and sequence number grow to the final one; the
// y axis is switched to log and the chart exported as a PNG download. Screenshots in test-output/jupyterlab/.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Locator } from 'playwright-core';
import { HttpFacility } from '@afkit/core';
import { fromUHI } from '@afkit/hist-viewer';
import { LocalFacility, defaultFeatures } from '@afkit/local-facility';
import { CHROMIUM } from '../../lib/jupyterlabChromium.ts';
import { SCREENSHOT_DIR, freePort, launchChromium, runFromPalette, startJupyterLabServer, waitForJupyterLab, waitForText, type ChromiumSession, type JupyterLabServer } from '../../lib/jupyterlab.ts';

const repo = resolve(fileURLToPath(import.meta.url), '../../../..');
const PYTHON = '/usr/bin/python3';
const CHUNKS = 10;
const missing = [
  [join(repo, 'hosts/jupyterlab/build/static/index.html'), 'npm run build -w @afkit/jupyterlab-host'],
  [join(repo, 'extensions/jupyterlab/afkit_jupyterlab/labextension/package.json'), 'npm run build -w afkit-jupyterlab'],
  [CHROMIUM, 'apt-get install chromium'],
  ['/usr/lib/python3/dist-packages/jupyterlab_server', 'apt-get install python3-jupyterlab-server python3-ipykernel'],
  ['/usr/lib/python3/dist-packages/distributed', 'apt-get install python3-distributed python3-numpy'],
].filter(([path]) => !existsSync(path!));
const skip = missing.length > 0 ? `needs ${missing.map(([, fix]) => fix).join('; ')}` : false;

describe('Histograms panel in JupyterLab, filled live by Dask', { skip, timeout: 240_000 }, () => {
  let facility: LocalFacility;
  let server: JupyterLabServer;
  let chromium: ChromiumSession;
  let dask: ChildProcess | undefined;
  let panel: Locator;
  const shot = (name: string) => chromium.page.screenshot({ path: join(SCREENSHOT_DIR, `histograms-${name}.png`), timeout: 15_000 });

  before(async () => {
    const port = await freePort();
    facility = await LocalFacility.start({ allowedOrigins: [`http://127.0.0.1:${port}`], name: 'Histograms e2e facility', features: defaultFeatures() });
    server = await startJupyterLabServer({ port, facilityUrl: facility.url, facilityToken: facility.token });
    chromium = await launchChromium({ width: 1440, height: 1000 });
    await chromium.page.goto(server.labUrl, { timeout: 60_000 });
    await waitForJupyterLab(chromium.page);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
  });

  after(async () => {
    if (dask && dask.exitCode === null) dask.kill('SIGTERM');
    await chromium?.close();
    await server?.stop();
    await facility?.close();
  });

  it('opens the Histograms panel from the palette, empty before anything is published', async () => {
    await runFromPalette(chromium.page, 'Open Histograms', 'Analysis Facility');
    panel = chromium.page.locator('#afkit-histograms');
    await waitForText(panel, 'No live histograms yet');
  });

  it('lists, draws and follows a histogram while Dask tasks publish partials, to the final state', async () => {
    let stderr = '';
    let stdout = '';
    // the same facility the JupyterLab page uses, as its terminals would have it
    dask = spawn(PYTHON, [join(repo, 'examples/dask_live_histogram.py'), '--chunks', String(CHUNKS), '--size', '50000', '--delay', '1.0', '--print-total'], {
      env: { ...process.env, AFKIT_FACILITY_URL: facility.url, AFKIT_FACILITY_TOKEN: facility.token, PYTHONUNBUFFERED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    dask.stdout!.on('data', (d) => (stdout += d));
    dask.stderr!.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((r) => dask!.on('exit', r));

    const item = panel.getByRole('option', { name: /dimuon_mass/ });
    await item.waitFor({ state: 'visible', timeout: 90_000 }).catch(async (e) => {
      throw new Error(`${(e as Error).message}\n--- dask ---\n${stderr.slice(-3000)}`);
    });
    await item.click();
    const live = panel.locator('.afkit-hists-live');
    await waitForText(panel, /dimuon_mass: \d+ partials, #\d+/);
    await panel.locator('canvas').first().waitFor({ state: 'visible', timeout: 15_000 });

    // every state the panel showed while the computation ran, polled until the last partial is in
    const seen: number[] = [];
    const deadline = Date.now() + 90_000;
    for (;;) {
      const match = /(\d+) partials, #(\d+)/.exec((await live.textContent({ timeout: 5_000 })) ?? '');
      const seq = match ? Number(match[2]) : 0;
      if (seq !== seen.at(-1)) seen.push(seq);
      if (seq === CHUNKS) break;
      if (Date.now() > deadline) throw new Error(`the panel stopped at #${seq}; saw ${seen.join(', ')}\n--- dask ---\n${stderr.slice(-3000)}`);
      if (seen.length === 2) await shot('filling');
      await new Promise((r) => setTimeout(r, 150));
    }
    assert.ok(seen.length >= 2 && seen[0]! < CHUNKS, `the panel showed intermediate states before the final one (saw #${seen.join(', #')})`);
    assert.deepEqual([...seen].sort((a, b) => a - b), seen, 'the sequence only grows');
    assert.match((await live.textContent()) ?? '', new RegExp(`dimuon_mass: ${CHUNKS} partials, #${CHUNKS}`));
    assert.match((await item.textContent()) ?? '', new RegExp(`${CHUNKS} partials · #${CHUNKS}`));

    assert.equal(await exited, 0, `the Dask example failed:\n${stderr.slice(-3000)}`);
    const { total } = JSON.parse(stdout.trim().split('\n').at(-1)!) as { total: number[] };
    const snapshot = await new HttpFacility({ url: facility.url, token: facility.token }).hists.snapshot('dimuon_mass');
    assert.deepEqual(Array.from(fromUHI(snapshot.histogram).values()), total, 'the final state is the single-pass histogram exactly');
    await shot('final');
  });

  it('switches the y axis to log and exports a PNG download', async () => {
    const { page } = chromium;
    const logY = panel.getByRole('checkbox', { name: 'log y' });
    const chart = panel.locator('canvas').first();
    const linear = await chart.screenshot({ timeout: 10_000 });
    await logY.check({ timeout: 5_000 });
    assert.equal(await logY.isChecked(), true);
    // the final state no longer changes, so a different picture is the log axis (canvas text is not in the DOM)
    await new Promise((r) => setTimeout(r, 300));
    assert.notDeepEqual(await chart.screenshot({ timeout: 10_000 }), linear, 'the chart was redrawn with a log y axis');
    await shot('log');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), panel.getByRole('button', { name: 'Export PNG' }).click()]);
    assert.equal(download.suggestedFilename(), 'dimuon_mass.png');
    const path = join(SCREENSHOT_DIR, 'histograms-export.png');
    await download.saveAs(path);
    const png = await readFile(path);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'the download is a PNG');
    assert.ok(png.length > 5_000, `the PNG holds a drawn chart (${png.length} bytes)`);
  });
});
