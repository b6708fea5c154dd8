#!/usr/bin/env node
// `npm test`: type-check, build, unit tests beside the code, then end-to-end tests in real hosts (test/).
// `--unit` runs only the first three. Node's own test runner prints the closing summary CI reads.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const unitOnly = process.argv.includes('--unit');
const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));

function findTests(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name === 'lib' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) findTests(path, out);
    else if (name.endsWith('.test.ts') || name.endsWith('.test.tsx')) out.push(relative(root, path));
  }
  return out;
}

function run(label, cmd, args, env = {}) {
  console.log(`\n== ${label}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`== ${label} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
}

const unit = ['packages', 'extensions'].flatMap((d) => findTests(join(root, d)));
const e2e = unitOnly ? [] : findTests(join(root, 'test'));
const pick = (files) => (filters.length ? files.filter((f) => filters.some((x) => f.includes(x))) : files);

run('type-check', process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit']);
run('build', process.execPath, [join(root, 'scripts/build.mjs')]);
// One runner for everything, so CI reads one closing summary; files run one at a time because end-to-end
// tests start real servers and the machine has 2 cores.
run('tests', process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...pick(unit), ...pick(e2e)], { AFKIT_TEST: '1' });
