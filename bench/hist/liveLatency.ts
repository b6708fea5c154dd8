// Live latency: from a publish (afkit's client: HTTP POST of the UHI state as one binary message, storage as flat
// typed arrays, to the local facility) to the frame painted in
// Chromium, for a 1,000-bin 1D and a 500x500 2D histogram updated 20 times a second. Reports the median
// (and the 95th percentile, frames per second and where the time went as notes); anchors are the 50 ms
// and 100 ms budgets. Run by bench/hist/index.ts, or alone: `node --import tsx bench/hist/liveLatency.ts [--quick]`.
import { createServer } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { Histogram, RegularAxis, toUHI } from '@afkit/hist-viewer';
import { HttpFacility } from '@afkit/core';
import { LocalFacility, defaultFeatures } from '@afkit/local-facility';
import type { LiveSample } from './livePage.ts';
import { median, percentile, quick, reportBench } from '../lib/report.ts';
import { normals, seededRandom } from '../../packages/hist-viewer/src/testing/seededRandom.ts';

const RATE_HZ = 20;
// --quick: 3 s per case instead of 10, so the whole hist area stays within a minute
const SECONDS = quick ? 3 : 10;
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

interface Case {
  readonly name: 'live_latency_1d' | 'live_latency_2d';
  readonly budgetMs: number;
  readonly make: () => Histogram;
  readonly fill: (h: Histogram, x: Float64Array, y: Float64Array) => void;
}

const CASES: Case[] = [
  { name: 'live_latency_1d', budgetMs: 50, make: () => new Histogram([new RegularAxis(1000, -4, 4)]), fill: (h, x) => h.fill(x) },
  { name: 'live_latency_2d', budgetMs: 100, make: () => new Histogram([new RegularAxis(500, -4, 4), new RegularAxis(500, -4, 4)]), fill: (h, x, y) => h.fill([x, y]) },
];

/** Measures and reports `hist.live_latency_1d` and `hist.live_latency_2d`. */
export async function measureLiveLatency(): Promise<void> {
  const outDir = await mkdtemp(join(tmpdir(), 'afkit-bench-live-'));
  await build({
    entryPoints: [fileURLToPath(new URL('./livePage.ts', import.meta.url))],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    outfile: join(outDir, 'page.js'),
    logLevel: 'warning',
    loader: { '.css': 'empty' },
  });
  const html = '<!doctype html><html><body style="margin:0"><div id="chart" style="width:900px;height:600px"></div><script src="page.js"></script></body></html>';
  const pageJs = await import('node:fs/promises').then((fs) => fs.readFile(join(outDir, 'page.js')));
  const pageServer = createServer((req, res) => {
    if (req.url?.startsWith('/page.js')) res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(pageJs);
    else res.writeHead(200, { 'Content-Type': 'text/html' }).end(html);
  });
  await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
  const pageOrigin = `http://127.0.0.1:${(pageServer.address() as { port: number }).port}`;

  const facility = await LocalFacility.start({ features: defaultFeatures(), allowedOrigins: [pageOrigin] });
  const producer = new HttpFacility({ url: facility.url, token: facility.token });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const random = seededRandom(42);
    for (const spec of CASES) {
      const page = await browser.newPage({ viewport: { width: 900, height: 600 } });
      page.on('pageerror', (error) => console.error(`# page error: ${error.message}`));
      page.on('console', (message) => message.type() === 'error' && console.error(`# page: ${message.text()}`));
      await page.goto(`${pageOrigin}/#${new URLSearchParams({ url: facility.url, token: facility.token, name: spec.name })}`);
      const histogram = spec.make();
      const updates = RATE_HZ * SECONDS;
      const started = Date.now();
      for (let i = 0; i < updates; i++) {
        spec.fill(histogram, normals(random, 2000), normals(random, 2000));
        // stamped once the producer has its document, at the POST: the producer's own serialisation is not the publish
        const document = toUHI(histogram, { flatStorage: true });
        const uhi = { ...document, metadata: { ...document.metadata, sent_at: Date.now() } };
        await producer.hists.publish(spec.name, uhi as never, { mode: 'replace' });
        const wait = started + ((i + 1) * 1000) / RATE_HZ - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      // each POST waits for the facility's reply, so a slow facility lowers the rate actually published
      const publishRate = updates / ((Date.now() - started) / 1000);
      await page.waitForFunction((n) => (window as unknown as { afkitLatency: { seq: number }[] }).afkitLatency.at(-1)?.seq === n, updates, { timeout: 30_000 });
      const samples = await page.evaluate(() => (window as unknown as { afkitLatency: LiveSample[] }).afkitLatency);
      await page.close();
      const latencies = samples.map((s) => s.paintedAt - s.sentAt);
      const stage = (f: (s: LiveSample) => number): string => median(samples.map(f)).toFixed(1);
      const span = (samples.at(-1)!.paintedAt - samples[0]!.paintedAt) / 1000;
      const fps = (samples.length - 1) / span;
      const med = median(latencies);
      reportBench({
        area: 'hist',
        name: spec.name,
        afkit: med,
        anchor: spec.budgetMs,
        unit: 'ms',
        better: 'lower',
        note:
            `publish (POST) → painted in Chromium, ${updates} updates paced at ${RATE_HZ}/s for ${SECONDS} s${quick ? ' (--quick; 10 s in a full run)' : ''}, ${publishRate.toFixed(1)}/s achieved; p95 ${percentile(latencies, 95).toFixed(1)} ms; ` +
            `${samples.length} states drawn, ${fps.toFixed(1)} frames/s sustained (states coalesced when they arrive faster than drawn); ` +
            `medians: producer binary POST + facility + WebSocket (binary frame) + decode ${stage((s) => s.receivedAt - s.sentAt)} ms, fromUHI ${stage((s) => s.decodedAt - s.receivedAt)} ms, chart to paint ${stage((s) => s.paintedAt - s.decodedAt)} ms; load average ${loadavg()[0]!.toFixed(1)}`,
      });
    }
  } finally {
    await browser.close();
    await facility.close();
    pageServer.close();
    await rm(outDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await measureLiveLatency();
