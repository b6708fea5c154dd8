#!/usr/bin/env node
// Runs one benchmark area: `npm run bench -- AREA [--quick]` runs bench/AREA/index.ts.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const AREAS = ['clusters', 'io', 'join', 'hist'];
const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const areas = args.filter((a) => !a.startsWith('--'));
const flags = args.filter((a) => a.startsWith('--'));
const chosen = areas.length ? areas : AREAS;
let failed = false;
for (const area of chosen) {
  const entry = join(here, area, 'index.ts');
  if (!AREAS.includes(area) || !existsSync(entry)) {
    console.error(`bench: unknown area "${area}"; areas: ${AREAS.filter((a) => existsSync(join(here, a, 'index.ts'))).join(', ')}`);
    failed = true;
    continue;
  }
  const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', entry, ...flags], { stdio: 'inherit', cwd: join(here, '..') });
  if (run.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
