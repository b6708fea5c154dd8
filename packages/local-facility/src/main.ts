#!/usr/bin/env node
// Starts a local facility from the command line and prints one JSON line `{"url", "pid"}` on stdout once it
// listens, for the process that started it (npm start, tests). The token comes from --token-file (a private
// file the caller wrote); without one a fresh token is made and included in that line, which goes to the
// caller's pipe, never to a log. SIGINT/SIGTERM stop it cleanly.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { LocalFacility } from './LocalFacility.ts';
import { defaultFeatures } from './features/defaultFeatures.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'allow-origin': { type: 'string', multiple: true, default: [] },
    'token-file': { type: 'string' },
    name: { type: 'string' },
    'state-dir': { type: 'string' },
  },
});

const token = values['token-file'] ? readFileSync(values['token-file'], 'utf8').trim() : undefined;
const facility = await LocalFacility.start({
  port: Number(values.port),
  token,
  allowedOrigins: values['allow-origin'],
  name: values.name,
  stateDir: values['state-dir'],
  // Large joins go to Slurm as job arrays where Slurm answers (else they run here). The tasks run the `afkit` command
  // of this checkout, beside both src/main.ts and the bundle dist/main.mjs.
  features: defaultFeatures({ joins: { slurm: { afkitCommand: [process.execPath, fileURLToPath(new URL('../bin/afkit.mjs', import.meta.url))] } } }),
});
const ready = token === undefined ? { url: facility.url, token: facility.token, pid: process.pid } : { url: facility.url, pid: process.pid };
process.stdout.write(`${JSON.stringify(ready)}\n`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.error(`afkit facility: ${signal}, stopping`);
  await facility.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
// The parent (npm start) closing our stdin means it is gone: do not outlive it.
process.stdin.on('end', () => void stop('parent exited'));
process.stdin.resume();
