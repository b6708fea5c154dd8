// The Datasets panel itself, host-free: the real panel bundled with esbuild, mounted with mountPanel in Debian's
// Chromium, talking through HttpFacility to a real LocalFacility serving generated sample data. A user's story:
// pick a folder, open it as a dataset (one corrupt file), open a file, filter branches, preview jagged and 64-bit
// values, histogram a branch; then the facility goes away. Screenshots go to test-output/datasets/.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { LocalFacility } from '@afkit/local-facility';
import { CHROMIUM, launchChromium, type ChromiumSession } from '../lib/jupyterlabChromium.ts';
import { datasetsFeature, SAMPLE_FIRST_EVENT, writeSampleDataset } from '../../packages/local-facility/src/datasets/index.ts';
import { filterBranches, histogramOf, openFile, openFolderAsDataset, previewJaggedAndEvent } from './datasetsBrowserSteps.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCREENSHOTS = join(REPO, 'test-output', 'datasets');
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is absent (apt-get install chromium)`;

const ENTRY = `
import { createElement } from 'react';
import { HttpFacility } from '@afkit/core';
import { mountPanel } from '@afkit/panel-kit';
import { DatasetsPanel } from '@afkit/dataset-browser';
const { url, token } = window.AFKIT;
const host = { host: 'browser', openPanel: async () => {}, insertCode: async () => false, showMessage: async () => {} };
// ?file=… plays a host opening one file (VS Code's custom editor, JupyterLab's "Open with afkit").
const initialFile = new URLSearchParams(location.search).get('file') ?? undefined;
mountPanel(document.getElementById('root'), createElement(DatasetsPanel, { initialFile }), { facility: new HttpFacility({ url, token }), host });
`;

let work: string;
let facility: LocalFacility;
let page: Page;
let chromium: ChromiumSession;
let server: Server;
let origin: string;
let files: string[];

before(async () => {
  if (skip) return;
  work = await mkdtemp(join(tmpdir(), 'afkit-datasets-ui-'));
  files = await writeSampleDataset(join(work, 'data', 'nano'), { files: 2, entries: 30_000, batchSize: 5_000 });
  const whole = await readFile(files[0]!);
  await writeFile(join(work, 'data', 'nano', 'corrupt.arrow'), whole.subarray(0, 4_000));
  const bundle = await build({
    stdin: { contents: ENTRY, resolveDir: REPO, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'esm',
    outdir: '/bundle',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const js = bundle.outputFiles.find((f) => f.path.endsWith('.js'))!.text;
  const css = bundle.outputFiles.find((f) => f.path.endsWith('.css'))?.text ?? '';
  server = createServer((request, response) => {
    if (request.url?.startsWith('/main.js')) response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(js);
    else if (request.url?.startsWith('/main.css')) response.writeHead(200, { 'Content-Type': 'text/css' }).end(css);
    else response.writeHead(200, { 'Content-Type': 'text/html' }).end(page_html());
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  facility = await LocalFacility.start({
    allowedOrigins: [origin],
    stateDir: join(work, 'state'),
    features: [datasetsFeature({ roots: [{ id: 'data', label: 'Test data', path: join(work, 'data') }], sample: false })],
  });
  function page_html(): string {
    return `<!doctype html><html><head><link rel="stylesheet" href="/main.css"><script>window.AFKIT=${JSON.stringify({ url: facility.url, token: facility.token })}</script></head>
<body style="margin:0;height:100vh"><div id="root"></div><script type="module" src="/main.js"></script></body></html>`;
  }
  chromium = await launchChromium({ width: 1280, height: 1000 });
  page = chromium.page;
  await page.goto(origin);
  await mkdir(SCREENSHOTS, { recursive: true });
});

after(async () => {
  await chromium?.close();
  await facility?.close();
  server?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

const panel = () => page.locator('#root');
const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), timeout: 15_000 });

test('open a folder as a dataset: totals, and the corrupt file marked with its error', { skip }, async () => {
  await openFolderAsDataset(panel(), { source: 'Test data', folders: ['nano'], files: 3, summary: /60,000\s+entries .* 2 of 3 files readable/ });
  const corrupt = page.getByRole('listitem').filter({ hasText: 'corrupt.arrow' });
  assert.match(await corrupt.getByRole('alert').innerText(), /corrupt\.arrow.*(truncated|corrupt)/s);
  await shot('1-dataset');
});

test('open a file, see its tree, filter branches by name and by documentation', { skip }, async () => {
  await openFile(panel(), 'nano_sample_0.arrow', /19 branches · 30,000 entries/);
  await filterBranches(panel());
  await shot('2-filtered');
});

test('preview a jagged and a 64-bit branch: values visible in the cells, exact', { skip }, async () => {
  await previewJaggedAndEvent(panel(), SAMPLE_FIRST_EVENT);
  await shot('3-preview');
});

test('histogram a branch over the whole dataset, with progress, to the end', { skip }, async () => {
  await histogramOf(panel(), 'Muon_pt', /60,000 of 60,000 entries .* done/, /over the dataset \(2 files\)/);
  await shot('4-histogram');
});

test('a host opening one file (initialFile) lands on its tree and branches', { skip }, async () => {
  await page.goto(`${origin}/?file=${encodeURIComponent(files[1]!)}`);
  await panel().getByRole('list', { name: 'Branches' }).waitFor({ timeout: 20_000 });
  assert.match(await panel().getByLabel('Dataset summary').innerText(), /30,000\s+entries .* 1 of 1 files readable/);
  assert.match(await panel().locator('.afkit-ds-heading').innerText(), /nano_sample_1\.arrow/);
  await shot('5-initial-file');
});

test('in a narrow sidebar the panel stacks; when the facility goes away, errors say what to do', { skip }, async () => {
  await page.setViewportSize({ width: 360, height: 900 });
  const navBox = await page.locator('.afkit-ds-nav').boundingBox();
  const detailBox = await page.locator('.afkit-ds-detail').boundingBox();
  assert.ok(navBox && detailBox && detailBox.y > navBox.y + navBox.height - 1, 'details sit below the navigator');
  await shot('6-narrow');
  await facility.close();
  await page.getByRole('button', { name: '← Sources' }).click();
  const alert = page.getByRole('alert').first();
  await alert.waitFor({ timeout: 20_000 });
  assert.match(await alert.innerText(), /Cannot reach the facility[\s\S]*(running|npm start)/);
  await shot('7-facility-down');
});
