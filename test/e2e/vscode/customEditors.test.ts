// Files opened from VS Code's workspace in afkit's custom editors (code-server with the afkit .vsix): an Arrow file
// opens in the Datasets browser on its tree and branches (read by the extension host's facility), and a hist-written
// `.uhi.json` file opens as histograms whose export equals the file's contents. Screenshots in test-output/vscode/.
import assert from 'node:assert/strict';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { Histogram, RegularAxis, readUHIFile, writeUHIFile } from '@afkit/hist-viewer';
import { HEP_DATA, skipWithoutData } from '@afkit/io/testing';
import { writeRows } from '../../../packages/join-engine/src/testing/testData.ts';
import { EXTENSION_VSIX, VSCODE_SCREENSHOTS, startCodeServer, vscodeSkip } from '../../lib/vscode.ts';
import { openBrowser, quickOpen, waitForWorkbench, webviewPanel } from '../../lib/vscodeWorkbench.ts';

const skip = vscodeSkip();

/** Opens a workspace file from Quick Open in the Datasets custom editor, once its branches are listed. */
async function openInDatasets(page: Page, file: string) {
  await quickOpen(page, file);
  const dataset = (await webviewPanel(page, 'Datasets', 120_000, file)).locator('section[aria-label="Datasets"]');
  await dataset.getByRole('list', { name: 'Branches' }).waitFor({ timeout: 60_000 });
  return dataset;
}

/** Saves a screenshot as test-output/vscode/custom-editor-<name>.png. */
const shot = (page: Page, name: string) => page.screenshot({ path: join(VSCODE_SCREENSHOTS, `custom-editor-${name}.png`) });

/**
 * Opens code-server's workbench on its workspace in Chromium and runs `steps` there; a failure leaves the screenshot
 * `custom-editor-<failure>.png`. Browser and server are closed however it ends.
 */
async function inWorkbench(server: Awaited<ReturnType<typeof startCodeServer>>, failure: string, steps: (page: Page) => Promise<void>): Promise<void> {
  const browser = await openBrowser();
  try {
    await browser.page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspace)}`);
    await waitForWorkbench(browser.page);
    await steps(browser.page);
  } catch (error) {
    await shot(browser.page, failure).catch(() => undefined);
    throw error;
  } finally {
    await browser.close();
    await server.stop();
  }
}

test('workspace files open in afkit custom editors: an Arrow file in Datasets, a UHI file as histograms', { skip, timeout: 300_000 }, async () => {
  await mkdir(VSCODE_SCREENSHOTS, { recursive: true });
  const server = await startCodeServer({ installVsix: EXTENSION_VSIX });
  const rows = Array.from({ length: 1234 }, (_, i) => ({ run: 1n, lumi: BigInt(1 + (i >> 8)), event: BigInt(1000 + i), x: i / 10, j: [i % 7, i % 3] }));
  writeRows(join(server.workspace, 'events.arrow'), rows, { run: 'uint32', lumi: 'uint32', event: 'uint64' });
  const pt = new Histogram([new RegularAxis(20, 0, 100, { metadata: { label: 'p_T [GeV]' } })]);
  pt.fill([Float64Array.from({ length: 500 }, (_, i) => (i * 37) % 100)]);
  const eta = new Histogram([new RegularAxis(10, -2.5, 2.5)]);
  eta.fill([Float64Array.from({ length: 300 }, (_, i) => -2.5 + ((i * 13) % 50) / 10)]);
  const uhiText = writeUHIFile({ muon_pt: pt, muon_eta: eta });
  await writeFile(join(server.workspace, 'muons.uhi.json'), uhiText);
  await inWorkbench(server, 'failure', async (page) => {
    const dataset = await openInDatasets(page, 'events.arrow');
    assert.match(await dataset.getByLabel('Dataset summary').innerText(), /1,234\s+entries .* 1 of 1 files readable/);
    assert.match(await dataset.getByRole('list', { name: 'Branches' }).innerText(), /luminosityBlock[\s\S]*event[\s\S]*\bx\b/);
    await shot(page, 'arrow');

    await quickOpen(page, 'muons.uhi.json');
    const hists = (await webviewPanel(page, 'muons.uhi.json', 60_000)).locator('section[aria-label="muons.uhi.json"]');
    const first = hists.getByRole('option', { name: /muon_pt/ });
    await first.waitFor({ timeout: 30_000 });
    assert.match(await first.innerText(), /1D · 20 bins · double/);
    assert.equal(await first.getAttribute('aria-selected'), 'true', 'the first histogram is drawn at once');
    await hists.locator('canvas').first().waitFor({ state: 'visible', timeout: 15_000 });
    await shot(page, 'uhi');

    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), hists.getByRole('button', { name: 'Export UHI JSON' }).click()]);
    const exported = readUHIFile(await readFile(await download.path(), 'utf8'));
    assert.deepEqual(Array.from(exported.get('muon_pt')!.values()), Array.from(readUHIFile(uhiText).get('muon_pt')!.values()), 'the drawn histogram is the file’s');
  });
});

// ZSTD baskets decode with @foxglove/wasm-zstd, which reads its WebAssembly from beside the bundle: the .vsix must carry it.
test('a ZSTD-compressed ROOT file opens in Datasets from the workspace', { skip: skip || skipWithoutData, timeout: 300_000 }, async () => {
  await mkdir(VSCODE_SCREENSHOTS, { recursive: true });
  const server = await startCodeServer({ installVsix: EXTENSION_VSIX });
  await copyFile(join(HEP_DATA, 'uproot-HZZ-zstd.root'), join(server.workspace, 'hzz-zstd.root'));
  await inWorkbench(server, 'root-zstd-failure', async (page) => {
    const dataset = await openInDatasets(page, 'hzz-zstd.root');
    assert.match(await dataset.getByLabel('Dataset summary').innerText(), /2,421\s+entries .* 1 of 1 files readable/);
    assert.match(await dataset.getByRole('list', { name: 'Branches' }).innerText(), /Jet\s+6 branches · counter NJet/);
    await shot(page, 'root-zstd');
  });
});
