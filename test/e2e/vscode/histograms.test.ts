// The Histograms panel in VS Code (code-server, the real workbench and extension host, afkit installed from
// its .vsix), filling live from a real Dask computation. The extension is pointed at a facility this test
// runs, as a user points it at their site's: the setting afkit.facility.url and the token through the "Set
// Facility Token" command; examples/dask_live_histogram.py publishes partials to that facility. The panel
// lists the histogram, draws it, shows its partial count and sequence number grow to the final one; the y
// axis is switched to log and the chart exported as PNG. Screenshots in test-output/vscode/.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { HttpFacility } from '@afkit/core';
import { fromUHI } from '@afkit/hist-viewer';
import { LocalFacility, defaultFeatures } from '@afkit/local-facility';
import { EXTENSION_VSIX, REPO_ROOT, VSCODE_SCREENSHOTS, startCodeServer, vscodeSkip } from '../../lib/vscode.ts';
import { openBrowser, runCommand, waitForWorkbench, webviewPanel } from '../../lib/vscodeWorkbench.ts';

const PYTHON = '/usr/bin/python3';
const CHUNKS = 10;
const skip = vscodeSkip(existsSync('/usr/lib/python3/dist-packages/distributed') ? [] : ['Dask is not installed: apt-get install python3-distributed python3-numpy']);

test('Histograms in VS Code: a histogram filled live by Dask, log y, PNG export', { skip, timeout: 300_000 }, async () => {
  await mkdir(VSCODE_SCREENSHOTS, { recursive: true });
  const facility = await LocalFacility.start({ name: 'Histograms e2e facility', features: defaultFeatures() });
  const server = await startCodeServer({ installVsix: EXTENSION_VSIX });
  const browser = await openBrowser();
  let dask: ChildProcess | undefined;
  const shot = (page: Page, name: string) => page.screenshot({ path: join(VSCODE_SCREENSHOTS, `histograms-${name}.png`) });
  try {
    const settingsFile = join(server.userDataDir, 'User', 'settings.json');
    const settings = JSON.parse(await readFile(settingsFile, 'utf8')) as Record<string, unknown>;
    await writeFile(settingsFile, JSON.stringify({ ...settings, 'afkit.facility.url': facility.url }, null, 2));

    const { page } = browser;
    await page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspace)}`);
    await waitForWorkbench(page);
    // on a busy machine the workbench takes a while to list the extension (and with it its commands)
    await page.locator('.part.activitybar .action-label[aria-label^="Analysis Facility"]').waitFor({ timeout: 120_000 });
    // the token goes in through the password box of the extension's command, as a user types it
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.fill('>Analysis Facility: Set Facility Token', { timeout: 30_000 });
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Set Facility Token' }).first().waitFor({ state: 'visible', timeout: 60_000 });
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget', { hasText: 'afkit.facility.url' }).waitFor({ state: 'visible', timeout: 30_000 });
    await input.fill(facility.token);
    await page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden', timeout: 10_000 });

    await runCommand(page, 'Analysis Facility: Open Histograms');
    await page.locator('.tabs-container .tab', { hasText: 'Histograms' }).waitFor({ timeout: 60_000 });
    const frame = await webviewPanel(page, 'Histograms', 60_000);
    const panel = frame.locator('section[aria-label="Histograms"]');
    await panel.getByText('Histograms e2e facility').first().waitFor({ timeout: 60_000 });
    await panel.getByText('No live histograms yet').waitFor({ timeout: 30_000 });

    let stdout = '';
    let stderr = '';
    dask = spawn(PYTHON, [join(REPO_ROOT, 'examples/dask_live_histogram.py'), '--chunks', String(CHUNKS), '--size', '50000', '--delay', '1.0', '--print-total'], {
      env: { ...process.env, AFKIT_FACILITY_URL: facility.url, AFKIT_FACILITY_TOKEN: facility.token, PYTHONUNBUFFERED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    dask.stdout!.on('data', (d) => (stdout += d));
    dask.stderr!.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((r) => dask!.on('exit', r));

    const item = panel.getByRole('option', { name: /dimuon_mass/ });
    await item.waitFor({ state: 'visible', timeout: 90_000 }).catch((e: Error) => {
      throw new Error(`${e.message}\n--- dask ---\n${stderr.slice(-3000)}`);
    });
    await item.click();
    const live = panel.locator('.afkit-hists-live');
    await live.getByText(/dimuon_mass: \d+ partials, #\d+/).waitFor({ timeout: 30_000 });
    const chart = panel.locator('canvas').first();
    await chart.waitFor({ state: 'visible', timeout: 15_000 });

    // every state the panel showed while the computation ran, polled until the last partial is in
    const seen: number[] = [];
    const deadline = Date.now() + 90_000;
    for (;;) {
      const match = /(\d+) partials, #(\d+)/.exec((await live.textContent({ timeout: 5_000 })) ?? '');
      const seq = match ? Number(match[2]) : 0;
      if (seq !== seen.at(-1)) seen.push(seq);
      if (seq === CHUNKS) break;
      if (Date.now() > deadline) throw new Error(`the panel stopped at #${seq}; saw ${seen.join(', ')}\n--- dask ---\n${stderr.slice(-3000)}`);
      if (seen.length === 2) await shot(page, 'filling');
      await new Promise((r) => setTimeout(r, 150));
    }
    assert.ok(seen.length >= 2 && seen[0]! < CHUNKS, `the panel showed intermediate states before the final one (saw #${seen.join(', #')})`);
    assert.deepEqual([...seen].sort((a, b) => a - b), seen, 'the sequence only grows');
    assert.match((await item.textContent()) ?? '', new RegExp(`${CHUNKS} partials · #${CHUNKS}`));
    assert.equal(await exited, 0, `the Dask example failed:\n${stderr.slice(-3000)}`);
    const { total } = JSON.parse(stdout.trim().split('\n').at(-1)!) as { total: number[] };
    const snapshot = await new HttpFacility({ url: facility.url, token: facility.token }).hists.snapshot('dimuon_mass');
    assert.deepEqual(Array.from(fromUHI(snapshot.histogram).values()), total, 'the final state is the single-pass histogram exactly');
    await shot(page, 'final');

    const logY = panel.getByRole('checkbox', { name: 'log y' });
    const linear = await chart.screenshot({ timeout: 10_000 });
    await logY.check({ timeout: 5_000 });
    assert.equal(await logY.isChecked(), true);
    await new Promise((r) => setTimeout(r, 300));
    assert.notDeepEqual(await chart.screenshot({ timeout: 10_000 }), linear, 'the chart was redrawn with a log y axis');
    await shot(page, 'log');

    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), panel.getByRole('button', { name: 'Export PNG' }).click()]);
    assert.equal(download.suggestedFilename(), 'dimuon_mass.png');
    const path = join(VSCODE_SCREENSHOTS, 'histograms-export.png');
    await download.saveAs(path);
    const png = await readFile(path);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'the download is a PNG');
    assert.ok(png.length > 5_000, `the PNG holds a drawn chart (${png.length} bytes)`);
  } catch (error) {
    await shot(browser.page, 'failure').catch(() => undefined);
    throw error;
  } finally {
    if (dask && dask.exitCode === null) dask.kill('SIGTERM');
    await browser.close();
    await server.stop();
    await facility.close();
  }
});
