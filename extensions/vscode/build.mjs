#!/usr/bin/env node
// Bundles the extension (Node, CJS, `vscode` external), the webview script and styles (browser), and the
// extension's own test suite (run by VS Code through extensionTestsPath) with esbuild.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
/** Must match FacilityHost's AFKIT_CLI_BUNDLE. */
const AFKIT_CLI_BUNDLE = 'afkit-cli.js';

const here = dirname(fileURLToPath(import.meta.url));
const production = !process.argv.includes('--dev');
const node = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Optional native speed-ups, loaded inside try/catch and absent from the package on purpose: ws's, and lz4-napi (io
  // decodes LZ4 baskets in JavaScript without it). @foxglove/wasm-zstd requires its .wasm only in browsers; in Node it
  // reads it from beside the bundle, where this build copies it.
  external: ['vscode', 'bufferutil', 'utf-8-validate', 'lz4-napi', './wasm-zstd.wasm'],
  // ESM dependencies call createRequire(import.meta.url), which CJS output leaves empty: point it at the bundle.
  // import.meta.resolve serves only join-engine's run-from-source branch, never taken in a bundle.
  define: { 'import.meta.url': '__afkitImportMetaUrl', 'import.meta.resolve': 'undefined' },
  banner: { js: "var __afkitImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  sourcemap: production ? false : 'inline',
  // apache-arrow declares "sideEffects": false, yet its Node entry patches stream support (toNodeStream) onto its
  // classes at load; honouring the annotation drops that patch and join outputs fail to write.
  ignoreAnnotations: true,
  logLevel: 'warning',
};

// io's ZSTD decoder (@foxglove/wasm-zstd, bundled) loads its WebAssembly from beside the JavaScript that holds it:
// beside the bundles here.
mkdirSync(join(here, 'dist'), { recursive: true });
copyFileSync(join(dirname(require.resolve('@foxglove/wasm-zstd')), 'wasm-zstd.wasm'), join(here, 'dist/wasm-zstd.wasm'));

await Promise.all([
  build({ ...node, entryPoints: [join(here, 'src/extension.ts')], outfile: join(here, 'dist/extension.js'), minify: production }),
  build({ ...node, entryPoints: [join(here, 'src/test/suite.ts')], outfile: join(here, 'out/test/suite.js') }),
  // Join worker threads load this bundle (the name is join-engine's TASK_WORKER_BUNDLE).
  build({ ...node, entryPoints: [require.resolve('@afkit/join-engine/taskWorker')], outfile: join(here, 'dist/join-task-worker.js'), minify: production }),
  // Threads that decompress ROOT baskets for the extension host's reads load this one (io's DECODE_WORKER_BUNDLE).
  build({ ...node, entryPoints: [require.resolve('@afkit/io/decodeWorker')], outfile: join(here, 'dist/io-decode-worker.js'), minify: production }),
  // The `afkit` command that Slurm array tasks of the embedded facility's large joins run (FacilityHost).
  build({ ...node, entryPoints: [require.resolve('@afkit/local-facility/cli')], outfile: join(here, `dist/${AFKIT_CLI_BUNDLE}`), minify: production }),
  build({
    entryPoints: { webview: join(here, 'src/webview/main.tsx') },
    outdir: join(here, 'dist'),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    jsx: 'automatic',
    minify: production,
    sourcemap: false,
    define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"' },
    loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.svg': 'dataurl' },
    logLevel: 'warning',
  }),
]);
