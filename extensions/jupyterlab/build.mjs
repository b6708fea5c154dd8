// Builds the prebuilt (federated) JupyterLab extension in two steps:
// 1. esbuild bundles src/ with the afkit panels (and the CSS they import) into lib/index.js + lib/index.css,
//    leaving JupyterLab, Lumino and React to the host;
// 2. @jupyter/builder turns lib/ into afkit_jupyterlab/labextension, sharing those packages with
//    JupyterLab through module federation (versions from @jupyterlab/core-meta).
// Step 2 is skipped when step 1 produced the same bundle as last time (pass --force to rebuild).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const lib = join(here, 'lib');
const pkg = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));
const outputDir = join(here, pkg.jupyterlab.outputDir);

const started = performance.now();
await build({
  entryPoints: { index: join(here, 'src', 'index.ts') },
  outdir: lib,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  // Shared with JupyterLab at run time: one React, one Lumino, one application.
  external: ['@jupyterlab/*', '@lumino/*', 'react', 'react/*', 'react-dom', 'react-dom/*'],
  define: { 'process.env.NODE_ENV': '"production"' },
  loader: { '.svg': 'text' },
  legalComments: 'none',
  minify: true,
  logLevel: 'warning',
});

const inputs = ['index.js', 'index.css'].map(file => join(lib, file)).filter(existsSync);
const stamp = createHash('sha256')
  .update(readFileSync(join(here, 'package.json')))
  .update(inputs.map(file => readFileSync(file)).join('\0'))
  .update(readFileSync(join(here, 'schema', 'plugin.json')))
  .digest('hex');
const stampFile = join(lib, 'labextension.stamp');
if (!process.argv.includes('--force') && existsSync(join(outputDir, 'package.json')) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
  console.log('afkit-jupyterlab: the prebuilt extension is up to date');
  process.exit(0);
}

execFileSync(
  process.execPath,
  [
    require.resolve('@jupyter/builder/lib/build-labextension.js'),
    '--core-package-file',
    require.resolve('@jupyterlab/core-meta/core.package.json'),
    here,
  ],
  { stdio: 'inherit', cwd: here },
);
writeFileSync(stampFile, stamp);
console.log(`afkit-jupyterlab: built the prebuilt extension in ${((performance.now() - started) / 1000).toFixed(1)} s`);
