// No Dask process outlives its facility: on SIGTERM the facility kills them at once, and after a kill -9 the next
// facility start reaps what the dead one left (from the pid file in the per-user state folder).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { LocalFacility, clustersFeature } from '@afkit/local-facility';

const skip = !existsSync('/usr/bin/dask-scheduler') && 'Dask is not installed (apt-get install python3-distributed)';

function daskProcesses(stateDir: string): string[] {
  return execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).split('\n').filter((l) => /dask-(scheduler|worker)/.test(l) && l.includes(stateDir));
}

/** A facility in its own Node process with a one-worker cluster running; resolves once the worker is connected. */
async function facilityProcess(stateDir: string, registryDir: string): Promise<ReturnType<typeof spawn>> {
  const script = `
    import { LocalFacility, clustersFeature } from '@afkit/local-facility';
    import { HttpFacility } from '@afkit/core';
    const local = await LocalFacility.start({ stateDir: ${JSON.stringify(stateDir)}, features: [clustersFeature({ registryDir: ${JSON.stringify(registryDir)} })] });
    const clusters = new HttpFacility({ url: local.url, token: local.token }).clusters;
    const { name } = await clusters.create({ workers: 1, worker_memory: 0.5 });
    while ((await clusters.get(name)).workers < 1) await new Promise((r) => setTimeout(r, 100));
    console.log('ready');
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  await new Promise<void>((resolve, reject) => {
    lines.on('line', (line) => line === 'ready' && resolve());
    child.once('exit', (code) => reject(new Error(`facility process exited with ${code}`)));
  });
  return child;
}

async function gone(stateDir: string): Promise<string[]> {
  for (let i = 0; i < 50 && daskProcesses(stateDir).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
  return daskProcesses(stateDir);
}

test('SIGTERM to a facility process stops its Dask processes', { skip, timeout: 60_000 }, async () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'afkit-term-'));
  const registryDir = mkdtempSync(join(tmpdir(), 'afkit-term-pids-'));
  try {
    const child = await facilityProcess(stateDir, registryDir);
    assert.equal(daskProcesses(stateDir).length, 2);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 143);
    assert.deepEqual(await gone(stateDir), []);
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
    rmSync(registryDir, { recursive: true, force: true });
  }
});

test('after a kill -9 of the facility, the next start reaps the Dask processes it left', { skip, timeout: 60_000 }, async () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'afkit-kill-'));
  const registryDir = mkdtempSync(join(tmpdir(), 'afkit-kill-pids-'));
  try {
    const child = await facilityProcess(stateDir, registryDir);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    assert.equal(daskProcesses(stateDir).length, 2, 'a kill -9 leaves its Dask processes orphaned');
    const next = await LocalFacility.start({ features: [clustersFeature({ registryDir })] });
    await next.close();
    assert.deepEqual(await gone(stateDir), []);
  } finally {
    for (const line of daskProcesses(stateDir)) process.kill(Number(line.trim().split(/\s+/)[0]), 'SIGKILL');
    rmSync(stateDir, { recursive: true, force: true });
    rmSync(registryDir, { recursive: true, force: true });
  }
});
