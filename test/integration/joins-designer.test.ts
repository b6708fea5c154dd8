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
import { designAndValidate, runAndInspect, showDuplicates, writeDesignerData } from './joinsDesignerSteps.ts';
import { serveFiles, tempDir, writeEvents, type EventRow, type FileServer } from './joinsTestData.ts';

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
  let rows: EventRow[][];
  let facility: LocalFacility;
  let server: Server;
  let chromium: ChromiumSession;
  let page: Page;
  let files: FileServer;

  before(async () => {
    rows = writeDesignerData(dir);
    files = await serveFiles(dir);
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
    await files?.close();
    await facility?.close();
    await new Promise((ok) => server?.close(ok));
    rmSync(dir, { recursive: true, force: true });
  });

  it('designs a join with suggested keys and a friend, and shows its validation report', async () => {
    await designAndValidate(page.locator('#root'), dir);
    await page.screenshot({ path: join(screenshots, 'designer-validation.png'), fullPage: true });
  });

  it('runs it and shows the join report with its proof, a preview with exact 64-bit keys and jagged cells, and a histogram', async () => {
    await runAndInspect(page.locator('#root'), rows);
    await page.screenshot({ path: join(screenshots, 'designer-report-preview.png'), fullPage: true });
  });

  it('shows duplicate keys as an error and refuses to run', async () => {
    await showDuplicates(page.locator('#root'), dir, rows);
    await page.screenshot({ path: join(screenshots, 'designer-duplicates.png'), fullPage: true });
  });

  it('cancels a running join from its progress bar, and says no output was kept', async () => {
    const panel = page.locator('#root');
    writeEvents(join(dir, 'remote_0.arrow'), rows[0]!, { batchRows: 30 });
    writeEvents(join(dir, 'remote_1.arrow'), rows[1]!, { batchRows: 30 });
    const parked = files.hold('remote_1.arrow');
    const tagger = panel.getByRole('group', { name: 'Friend tagger' });
    await tagger.getByLabel(/files \(paths or globs/).fill(`${files.url}/remote_0.arrow\n${files.url}/remote_1.arrow`);
    await tagger.getByRole('button', { name: 'Check' }).click();
    await tagger.getByText('✓ 2 files').waitFor({ timeout: 10_000 });
    await panel.getByRole('button', { name: 'Run join' }).click();
    await parked;
    const progress = panel.getByRole('status').filter({ has: page.getByRole('progressbar') });
    await progress.waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(screenshots, 'designer-running.png'), fullPage: true });
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await panel.getByText('Cancelled: no output was kept.').waitFor({ timeout: 10_000 });
    assert.equal(await panel.getByRole('region', { name: 'Join report' }).count(), 0);
  });
});
