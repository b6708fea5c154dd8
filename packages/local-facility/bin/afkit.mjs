#!/usr/bin/env node
// The `afkit` command. afkit's packages are TypeScript sources, so this re-runs node with tsx's loader (inherited by
// the join engine's worker threads) on the CLI entry, passing the exit code through. Ctrl-C reaches the child too,
// which cancels the join; SIGTERM and SIGHUP (scancel, a closed terminal) are passed on. The child also holds an IPC
// channel to this process, so that it cancels rather than runs on as an orphan if this one is killed outright.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { withHugePages } from './hugePages.mjs';

const loader = import.meta.resolve('tsx');
const entry = new URL('./afkitMain.ts', import.meta.url);
const child = spawn(process.execPath, ['--import', loader, entry.pathname, ...process.argv.slice(2)], { stdio: ['inherit', 'inherit', 'inherit', 'ipc'], env: withHugePages(process.env) });
process.on('SIGINT', () => {}); // the child gets the terminal's SIGINT itself and exits 130
for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? 128 + (signal ? constants.signals[signal] : 1)));
