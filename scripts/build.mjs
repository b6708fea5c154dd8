#!/usr/bin/env node
// Builds every bundle, in dependency order: each workspace's own "build" script (the local facility's bundle,
// the VS Code extension, the JupyterLab extension, then the JupyterLab application). Each script skips work
// that is already up to date, so this is cheap to run again.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const { workspaces } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
for (const workspace of workspaces) {
  const pkg = JSON.parse(readFileSync(join(root, workspace, 'package.json'), 'utf8'));
  if (!pkg.scripts?.build) continue;
  const started = Date.now();
  const run = spawnSync('npm', ['run', 'build', '--silent'], { cwd: join(root, workspace), stdio: 'inherit' });
  if (run.status !== 0) {
    console.error(`build: ${workspace} failed`);
    process.exit(run.status || 1);
  }
  console.log(`build: ${workspace} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
