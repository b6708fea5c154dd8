// Join benchmark: afkit's runJoin beside DuckDB's hash join (2 threads) on the same generated rows.
// `npm run bench -- join [--quick]`: 10 M primary rows (1 M with --quick); keys run u32, luminosityBlock u32, event u64;
// friend columns x (float64) and jets (jagged float32). Each side runs in its own process (peak memory = VmHWM rise),
// from a bundle built as the facility's is (engine and join worker bundled, no TypeScript loader at run time).
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withHugePages } from '../../packages/local-facility/bin/hugePages.mjs';
import { WORKER_ENTRIES, nodeBundleOptions } from '../../packages/local-facility/bundleOptions.mjs';
import { median, quick, reportBench } from '../lib/report.ts';
import { CASES, generate } from './generate.ts';

const rows = quick ? 1_000_000 : 10_000_000;
const runs = quick ? 1 : 3;
const here = dirname(fileURLToPath(import.meta.url));
// Both sides run with the malloc setting that `npm start` gives the facility (transparent huge pages for large arrays).
const sideEnv = withHugePages(process.env);
const dir = mkdtempSync(join(tmpdir(), 'afkit-bench-join-'));
// Inside the repository, so that the bundle finds the packages it leaves external (DuckDB's native module) at run time.
const bundleDir = join(here, '..', '..', 'node_modules', '.cache', 'afkit-bench-join');
try {
  await build({ ...nodeBundleOptions, entryPoints: { side: join(here, 'side.ts'), ...WORKER_ENTRIES }, outdir: bundleDir });
  const t0 = performance.now();
  const cases = generate(dir, rows);
  console.log(`# join: generated ${rows} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  for (const name of CASES) {
    const files = cases[name];
    const specPath = join(dir, `${name}.json`);
    writeFileSync(specPath, JSON.stringify({ ...files, kind: 'left', out: join(dir, `out-${name}`), duckdbFile: join(dir, `${name}.duckdb`) }));
    const side = (which: 'afkit' | 'duckdb' | 'duckdb-load') => {
      const run = spawnSync(process.execPath, ['--expose-gc', join(bundleDir, 'side.mjs'), which, specPath, String(runs)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: sideEnv });
      if (run.status !== 0) throw new Error(`${which} ${name} failed (exit ${run.status})`);
      return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { ms: number[]; peakMB: number };
    };
    const afkit = side('afkit');
    side('duckdb-load');
    const duck = side('duckdb');
    const note = `${rows} primary rows in ${files.primary.length} files, friend ${files.friendRows} rows in ${files.friend.length} files; left join; afkit: runJoin end to end (key scan, verified join, Arrow IPC files written; on a thread of its own with 2 file workers; bundled and run as the facility runs it); DuckDB: CREATE TEMP TABLE AS join of tables in a DuckDB file, 2 threads; median of ${runs}; peak memory = VmHWM rise over RSS before the join (DuckDB: its cold first run)`;
    reportBench({ area: 'join', name, afkit: rows / (median(afkit.ms) / 1000), anchor: rows / (median(duck.ms) / 1000), unit: 'rows/s', better: 'higher', note });
    reportBench({ area: 'join', name: `${name}_peak_mb`, afkit: afkit.peakMB, anchor: duck.peakMB, unit: 'MB', better: 'lower' });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  rmSync(bundleDir, { recursive: true, force: true });
}
