#!/usr/bin/env node
// Bundles the extension (Node, CJS, `vscode` external), the webview script and styles (browser), and the
// extension's own test suite (run by VS Code through extensionTestsPath) with esbuild.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const production = !process.argv.includes('--dev');
const node = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // ws's optional native speed-ups: required inside try/catch, absent on purpose.
  external: ['vscode', 'bufferutil', 'utf-8-validate'],
  // ESM dependencies call createRequire(import.meta.url), which CJS output leaves empty: point it at the bundle.
  define: { 'import.meta.url': '__afkitImportMetaUrl' },
  banner: { js: "var __afkitImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  sourcemap: production ? false : 'inline',
  logLevel: 'warning',
};

await Promise.all([
  build({ ...node, entryPoints: [join(here, 'src/extension.ts')], outfile: join(here, 'dist/extension.js'), minify: production }),
  build({ ...node, entryPoints: [join(here, 'src/test/suite.ts')], outfile: join(here, 'out/test/suite.js') }),
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
