// Bundles the facility's command-line entry for `npm start` and tests that run it as a process.
import { build } from 'esbuild';
import { JOIN_WORKER_ENTRY, nodeBundleOptions } from './bundleOptions.mjs';

await build({ ...nodeBundleOptions, entryPoints: { main: 'src/main.ts', ...JOIN_WORKER_ENTRY }, outdir: 'dist' });
