// Panel update cost: the real ClusterDashboard (virtualised workers table, ECharts charts, task stream, progress),
// bundled with esbuild and mounted in headless Chromium, updated with one 500-worker state per step.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { median, percentile } from '../lib/report.ts';

/** Median and 90th percentile ms per dashboard update (render, style and layout) with `workers` simulated workers. */
export async function panelUpdateMs(workers: number, updates: number): Promise<{ median: number; p90: number }> {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('./panelPage.tsx', import.meta.url))],
    bundle: true,
    write: false,
    format: 'iife',
    minify: true,
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    // Playwright gives the browser a fresh temporary profile of its own.
  });
  try {
    const page = await browser.newPage({ viewport: { width: 420, height: 900 } });
    await page.setContent('<!doctype html><html><body><div id="root" style="width:400px"></div></body></html>');
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
    const samples = await page.evaluate(([w, u]) => window.benchDashboard(w!, u!), [workers, updates]);
    return { median: median(samples), p90: percentile(samples, 90) };
  } finally {
    await browser.close();
  }
}
