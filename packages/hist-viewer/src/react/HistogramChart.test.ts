// The chart in a real browser: HistogramChart bundled with esbuild, rendered by React in Debian's Chromium
// under dark-theme CSS variables; live updates, log axis, exports. Screenshots go to test-output/hist/.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { readUHIFile } from '../index.ts';

const CHROMIUM = '/usr/bin/chromium';
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const SCREENSHOTS = join(REPO, 'test-output', 'hist');
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is absent (apt-get install chromium)`;

const ENTRY = `
import { createElement, createRef } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { Histogram, RegularAxis } from '@afkit/hist-viewer';
import { HistogramChart } from '@afkit/hist-viewer/react';
const h = new Histogram([new RegularAxis(100, -4, 4, { metadata: { label: 'p_T [GeV]' } })], { storage: 'weighted' });
let seed = 1;
const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
const gauss = (n) => Float64Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(random())) * Math.cos(2 * Math.PI * random()));
const ref = createRef();
const root = createRoot(document.getElementById('root'));
let props = { experiment: { experiment: 'CMS', status: 'Preliminary', luminosity: 138, energy: 13 } };
const render = () => flushSync(() => root.render(createElement(HistogramChart, { ref, histograms: [{ name: 'data', histogram: h }], style: { height: 420 }, ...props })));
window.chart = {
  fill(n, times) { for (let i = 0; i < times; i++) { h.fill(gauss(n)); render(); } },
  set(p) { props = { ...props, ...p }; render(); },
  redraws: () => ref.current.redraws(),
  png: () => ref.current.exportPNG(1),
  svg: () => ref.current.exportSVG(),
  uhi: () => ref.current.exportUHI(),
  total: () => h.sum(),
  show2D() {
    const h2 = new Histogram([new RegularAxis(200, -4, 4, { metadata: { label: 'x [cm]' } }), new RegularAxis(200, -4, 4, { metadata: { label: 'y [cm]' } })]);
    h2.fill([gauss(100000), gauss(100000)]);
    props = { ...props, histograms: [{ name: 'xy', histogram: h2 }], logY: false };
    render();
  },
};
render();
`;

const PAGE = `<!doctype html><html><head><style>
  body { margin: 0; background: #1e1e1e; }
  #root { --afkit-fg: #dddddd; --afkit-bg: #1e1e1e; --afkit-accent: #ff8800; --afkit-border: #444444; --afkit-font: sans-serif; width: 800px; }
</style></head><body><div id="root"></div><script type="module" src="/main.js"></script></body></html>`;

const frame = (page: Page): Promise<void> => page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));

describe('HistogramChart in Chromium', { skip }, () => {
  let server: Server;
  let browser: Browser;
  let page: Page;

  before(async () => {
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
    server = createServer((req, res) => {
      if (req.url === '/main.js') res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(js);
      else res.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 820, height: 480 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForSelector('#root canvas');
    assert.deepEqual(errors, []);
    await mkdir(SCREENSHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  });

  it('coalesces a burst of live updates into one redraw and shows the final contents', async () => {
    await frame(page);
    const before = await page.evaluate(() => (window as unknown as { chart: { redraws(): number } }).chart.redraws());
    await page.evaluate(() => (window as unknown as { chart: { fill(n: number, t: number): void } }).chart.fill(2000, 50));
    await frame(page);
    const after = await page.evaluate(() => (window as unknown as { chart: { redraws(): number } }).chart.redraws());
    assert.ok(after - before >= 1 && after - before <= 2, `50 updates in one task drew ${after - before} frames`);
    assert.equal(await page.evaluate(() => (window as unknown as { chart: { total(): number } }).chart.total()), 100_000);
    await page.screenshot({ path: join(SCREENSHOTS, 'live-1d-dark.png') });
  });

  it('draws on the host background from the CSS variables', async () => {
    const pixel = await page.evaluate(() => {
      const canvas = document.querySelector('#root canvas') as HTMLCanvasElement;
      return Array.from(canvas.getContext('2d')!.getImageData(3, 3, 1, 1).data);
    });
    assert.deepEqual(pixel.slice(0, 3), [0x1e, 0x1e, 0x1e]);
  });

  it('switches to a log axis and exports PNG, SVG and UHI JSON that hist can load', async () => {
    await page.evaluate(() => (window as unknown as { chart: { set(p: object): void } }).chart.set({ logY: true, ratio: false }));
    await frame(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'live-1d-log.png') });
    const png = await page.evaluate(() => (window as unknown as { chart: { png(): string } }).chart.png());
    assert.match(png, /^data:image\/png;base64,/);
    const bytes = Buffer.from(png.split(',')[1]!, 'base64');
    assert.equal(bytes.subarray(1, 4).toString(), 'PNG');
    await writeFile(join(SCREENSHOTS, 'export.png'), bytes);
    const svg = await page.evaluate(() => (window as unknown as { chart: { svg(): string } }).chart.svg());
    assert.match(svg, /^<svg/);
    assert.match(svg, />CMS</);
    await writeFile(join(SCREENSHOTS, 'export.svg'), svg);
    const uhi = await page.evaluate(() => (window as unknown as { chart: { uhi(): string } }).chart.uhi());
    const back = readUHIFile(uhi).get('data')!;
    assert.equal(back.sum(), 100_000);
    assert.equal(back.kind, 'weighted');
  });

  it('draws a 2D histogram as a colour-mapped image with a colour scale, a bin tooltip and an SVG export', async () => {
    await page.evaluate(() => (window as unknown as { chart: { show2D(): void } }).chart.show2D());
    await frame(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'live-2d-dark.png') });
    // the grid spans x 72…704 and y 40…348 of the 800×420 chart: its centre holds the peak, its corner nothing
    const pixelAt = (x: number, y: number): Promise<number[]> =>
      page.evaluate(([px, py]) => Array.from((document.querySelector('#root canvas') as HTMLCanvasElement).getContext('2d')!.getImageData(px!, py!, 1, 1).data), [x, y]);
    const centre = await pixelAt(388, 194);
    assert.ok(centre[1]! > 120 && centre[2]! < 200, `the peak is drawn in the upper viridis colours, got rgba(${centre.join(', ')})`);
    assert.deepEqual((await pixelAt(80, 48)).slice(0, 3), [0x1e, 0x1e, 0x1e], 'empty bins stay blank');
    await page.mouse.move(388, 194);
    await page.waitForFunction(() => /x \[cm\] \[-?0(\.\d+)?, -?0(\.\d+)?\)\s*y \[cm\] \[-?0(\.\d+)?, -?0(\.\d+)?\)\s*\d+ ± \d/.test(document.getElementById('root')!.innerText), undefined, { timeout: 5_000 });
    const svg = await page.evaluate(() => (window as unknown as { chart: { svg(): string } }).chart.svg());
    assert.match(svg, /<image[^>]*href="data:image\/png;base64,/);
    assert.match(svg, />y \[cm\]</);
  });
});
