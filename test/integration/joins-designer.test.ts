// The Join Designer in a real browser, without a host: the panel bundled with esbuild, mounted with an HttpFacility on
// a LocalFacility serving joins, and driven as a user would: design a join, validate, run, read the report, preview,
// histogram. Screenshots go to test-output/joins/.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { LocalFacility } from '@afkit/local-facility';
import { joinsFeature } from '../../packages/local-facility/src/joins/joinsFeature.ts';
import { CHROMIUM, launchChromium, type ChromiumSession } from '../lib/jupyterlabChromium.ts';
import { events, shuffled, tempDir, writeEvents } from './joinsTestData.ts';

const repo = resolve(fileURLToPath(import.meta.url), '../../..');
const screenshots = join(repo, 'test-output', 'joins');
const skip = existsSync(CHROMIUM) ? false : `needs Chromium at ${CHROMIUM} (apt-get install chromium)`;

const ENTRY = `
import { createElement } from 'react';
import { HttpFacility } from '@afkit/core';
import { mountPanel } from '@afkit/panel-kit';
import { JoinDesignerPanel } from '@afkit/join-designer';
const { url, token } = JSON.parse(document.body.dataset.facility);
const host = { host: 'browser', openPanel: async () => {}, insertCode: async () => false, showMessage: async () => {} };
mountPanel(document.getElementById('root'), createElement(JoinDesignerPanel), { facility: new HttpFacility({ url, token }), host });
`;

describe('Join Designer in Chromium', { skip, timeout: 120_000 }, () => {
  const dir = tempDir();
  const rows = [events(150, 0), events(150, 150)];
  let facility: LocalFacility;
  let server: Server;
  let chromium: ChromiumSession;
  let page: Page;

  before(async () => {
    rows.forEach((r, i) => writeEvents(join(dir, `nano_${i}.arrow`), r));
    rows.forEach((r, i) => writeEvents(join(dir, `tagger_${i}.arrow`), shuffled(r, 11 + i).filter((_, k) => k % 10 !== 0)));
    writeEvents(join(dir, 'dup.arrow'), [...rows[0]!, rows[0]![7]!]);
    const bundle = join(dir, 'bundle');
    writeFileSync(join(dir, 'entry.tsx'), ENTRY);
    await build({ entryPoints: [join(dir, 'entry.tsx')], bundle: true, outdir: bundle, format: 'esm', platform: 'browser', absWorkingDir: repo, nodePaths: [join(repo, 'node_modules')], logLevel: 'error', define: { 'process.env.NODE_ENV': '"production"' } });
    server = createServer(async (request, response) => {
      const path = new URL(request.url ?? '/', 'http://x').pathname;
      if (path === '/') {
        response.writeHead(200, { 'Content-Type': 'text/html' });
        response.end(`<!doctype html><html><head><link rel="stylesheet" href="/entry.css"></head><body data-facility='${JSON.stringify({ url: facility.url, token: facility.token })}'><div id="root" style="height:100vh"></div><script type="module" src="/entry.js"></script></body></html>`);
        return;
      }
      const file = join(bundle, path.slice(1));
      if (!existsSync(file)) return void response.writeHead(404).end();
      response.writeHead(200, { 'Content-Type': path.endsWith('.css') ? 'text/css' : 'text/javascript' });
      response.end(await readFile(file));
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    facility = await LocalFacility.start({ allowedOrigins: [origin], name: 'Join test facility', features: [joinsFeature()] });
    chromium = await launchChromium({ width: 1280, height: 1600 });
    page = chromium.page;
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(origin);
    await page.getByText('Join test facility').waitFor({ timeout: 20_000 }).catch((e: Error) => {
      throw new Error(`${e.message}\npage errors: ${errors.join('\n')}`);
    });
    mkdirSync(screenshots, { recursive: true });
  });

  after(async () => {
    await chromium?.close();
    await facility?.close();
    await new Promise((ok) => server?.close(ok));
    rmSync(dir, { recursive: true, force: true });
  });

  it('designs a join with suggested keys and a friend, and shows its validation report', async () => {
    await page.getByLabel('Primary files (paths or globs, one per line)').fill(join(dir, 'nano_*.arrow'));
    await page.getByRole('button', { name: 'Check' }).first().click();
    await page.getByText('✓ 2 files (arrow), 150 rows in the first, 5 columns').waitFor({ timeout: 10_000 });
    assert.equal(await page.getByRole('button', { name: 'Suggested: run, luminosityBlock, event' }).getAttribute('aria-pressed'), 'true');

    await page.getByRole('button', { name: '+ Add friend dataset' }).click();
    const friend = page.getByRole('group', { name: 'Friend friend1' });
    await friend.getByLabel('Friend name').fill('tagger');
    const tagger = page.getByRole('group', { name: 'Friend tagger' });
    await tagger.getByLabel(/files \(paths or globs/).fill(join(dir, 'tagger_*.arrow'));
    await tagger.getByRole('button', { name: 'Check' }).click();
    await tagger.getByText('✓ 2 files').waitFor({ timeout: 10_000 });
    await tagger.getByLabel('Search columns').fill('x');
    assert.deepEqual(await tagger.locator('.afkit-jd-columnlist code').allTextContents(), ['x'], 'the search narrows the list; keys are not offered');
    await tagger.getByLabel('Search columns').fill('');
    await tagger.getByRole('button', { name: 'Add all 2 shown' }).click();
    await tagger.getByPlaceholder('tagger_').fill('tag_');
    await tagger.getByLabel('Rename j').fill('tag_jets');

    await page.getByRole('button', { name: 'Validate' }).click();
    const validation = page.getByRole('region', { name: 'Validation report' });
    await validation.getByText('subset', { exact: true }).waitFor({ timeout: 15_000 });
    const cells = await validation.locator('tbody tr').first().locator('td').allTextContents();
    assert.deepEqual(cells.slice(2), ['270', '270', '0', '100%', '90.0%']);
    await validation.getByText('✓ The join can run.').waitFor();
    await page.screenshot({ path: join(screenshots, 'designer-validation.png'), fullPage: true });
  });

  it('runs it and shows the join report with its proof, a preview with exact 64-bit keys and jagged cells, and a histogram', async () => {
    await page.getByRole('button', { name: 'Run join' }).click();
    const report = page.getByRole('region', { name: 'Join report' });
    await report.waitFor({ timeout: 30_000 });
    const cells = await report.locator('tbody tr').first().locator('td').allTextContents();
    assert.deepEqual(cells.slice(0, 6), ['tagger', '270', '30', '0', '300', '2']);
    assert.equal(cells[6], '✓ 270 of 270 attached rows verified');

    const preview = page.getByRole('table', { name: 'Joined output preview' });
    await preview.waitFor({ timeout: 10_000 });
    assert.deepEqual(await preview.getByRole('columnheader').allTextContents(), ['#', 'run', 'luminosityBlock', 'event', 'tag_x', 'tag_jets']);
    const first = await preview.getByRole('row').nth(1).getByRole('cell').allTextContents();
    const expected = rows[0]![0]!;
    assert.equal(first[2], String(expected.event), 'event 2^63 shown exactly');
    const second = await preview.getByRole('row').nth(2).getByRole('cell').allTextContents();
    assert.match(second.at(-1)!, /^\[1, null\]$|^\[1\]$|^null$/, 'a jagged cell is shown as a list');
    assert.ok((await page.locator('.afkit-jd-preview-row').count()) < 100, 'only visible rows are rendered');
    await page.getByRole('img', { name: /Histogram of/ }).waitFor();
    assert.ok((await page.locator('.afkit-jd-hist-chart rect').count()) === 40);
    await page.getByRole('button', { name: 'Copy Python' }).click();
    const snippet = page.getByLabel('Python snippet');
    await snippet.waitFor();
    assert.match((await snippet.textContent()) ?? '', /for primary_path, tagger_path in zip\(primary_files, tagger_files\):/);
    await page.screenshot({ path: join(screenshots, 'designer-report-preview.png'), fullPage: true });
  });

  it('shows duplicate keys as an error and refuses to run', async () => {
    const tagger = page.getByRole('group', { name: 'Friend tagger' });
    await tagger.getByLabel(/files \(paths or globs/).fill(join(dir, 'dup.arrow'));
    await tagger.getByRole('button', { name: 'Check' }).click();
    await tagger.getByText('✓ 1 file').waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Validate' }).click();
    const validation = page.getByRole('region', { name: 'Validation report' });
    const alert = validation.getByRole('alert');
    await alert.waitFor({ timeout: 15_000 });
    assert.match((await alert.textContent()) ?? '', new RegExp(`tagger: run=2 luminosityBlock=10 event=${rows[0]![7]!.event} ×2`));
    assert.equal(await page.getByRole('button', { name: 'Run join' }).isDisabled(), true);
    await page.screenshot({ path: join(screenshots, 'designer-duplicates.png'), fullPage: true });
  });
});
