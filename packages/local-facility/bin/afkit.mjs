#!/usr/bin/env node
// The `afkit` command. afkit's packages are TypeScript sources, so this re-runs node with tsx's loader (inherited by
// the join engine's worker threads) on the CLI entry, passing the exit code through. Ctrl-C reaches the child too,
// which cancels the join.
import { spawn } from 'node:child_process';

const loader = import.meta.resolve('tsx');
const entry = new URL('./afkitMain.ts', import.meta.url);
const child = spawn(process.execPath, ['--import', loader, entry.pathname, ...process.argv.slice(2)], { stdio: 'inherit' });
process.on('SIGINT', () => {}); // the child gets the terminal's SIGINT itself and exits 130
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + 2 : 1)));
