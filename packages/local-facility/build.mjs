// Bundles the facility's command-line entry for `npm start` and tests that run it as a process.
import { build } from 'esbuild';
import { WORKER_ENTRIES, nodeBundleOptions } from './bundleOptions.mjs';

await build({ ...nodeBundleOptions, entryPoints: { main: 'src/main.ts', ...WORKER_ENTRIES }, outdir: 'dist' });
