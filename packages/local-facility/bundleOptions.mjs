// esbuild options for bundles that run afkit's engines in Node.js as the facility ships them: the facility's own
// build, and the benchmarks that measure its bundled code rather than TypeScript sources run through tsx.

/**
 * The bundles that worker threads load from beside the bundle that starts them: join-engine's TASK_WORKER_BUNDLE (join
 * workers) and io's DECODE_WORKER_BUNDLE (threads that decompress ROOT baskets for reads on the main thread).
 */
export const WORKER_ENTRIES = { 'join-task-worker': '@afkit/join-engine/taskWorker', 'io-decode-worker': '@afkit/io/decodeWorker' };

/** @type {import('esbuild').BuildOptions} */
export const nodeBundleOptions = {
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  // Packages that load native code or .wasm files next to themselves stay outside the bundle.
  external: ['@duckdb/*', 'parquet-wasm', 'jsroot', 'lz4-napi', '@foxglove/wasm-zstd', 'bufferutil', 'utf-8-validate'],
  // apache-arrow declares "sideEffects": false, yet its Node entry patches stream support (toNodeStream) onto its
  // classes at load; honouring the annotation drops that patch and join outputs fail to write.
  ignoreAnnotations: true,
  banner: { js: "import { createRequire as __afkitRequire } from 'node:module'; const require = __afkitRequire(import.meta.url);" },
  logLevel: 'warning',
};
