// Bundles the facility's command-line entry for `npm start` and tests that run it as a process.
import { build } from 'esbuild';

await build({
  // Join worker threads load join-task-worker.mjs beside the main bundle (join-engine's TASK_WORKER_BUNDLE).
  entryPoints: { main: 'src/main.ts', 'join-task-worker': '@afkit/join-engine/taskWorker' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  // Packages that load native code or .wasm files next to themselves stay outside the bundle.
  external: ['@duckdb/*', 'parquet-wasm', 'jsroot', 'bufferutil', 'utf-8-validate'],
  // apache-arrow declares "sideEffects": false, yet its Node entry patches stream support (toNodeStream) onto its
  // classes at load; honouring the annotation drops that patch and join outputs fail to write.
  ignoreAnnotations: true,
  banner: { js: "import { createRequire as __afkitRequire } from 'node:module'; const require = __afkitRequire(import.meta.url);" },
  logLevel: 'warning',
});
