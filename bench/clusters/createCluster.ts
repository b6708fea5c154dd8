// Time from "create" to N workers visible, through afkit's local facility, beside launching the same
// dask-scheduler and dask-worker commands by hand (polling the scheduler directly) in the same run.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpFacility } from '@afkit/core';
import { LocalFacility, clustersFeature } from '@afkit/local-facility';

const MEMORY = String(2 ** 29);

async function until(probe: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Seconds for afkit: create through the Dask Gateway route until the cluster reports N connected workers. */
export async function afkitCreateSeconds(workers: number): Promise<number> {
  const stateDir = mkdtempSync(join(tmpdir(), 'afkit-bench-'));
  const registryDir = mkdtempSync(join(tmpdir(), 'afkit-bench-pids-'));
  const local = await LocalFacility.start({ stateDir, features: [clustersFeature({ registryDir })] });
  const clusters = new HttpFacility({ url: local.url, token: local.token }).clusters;
  try {
    const start = performance.now();
    const { name } = await clusters.create({ workers, worker_memory: 0.5 });
    await until(async () => (await clusters.get(name)).workers === workers);
    const seconds = (performance.now() - start) / 1000;
    await clusters.stop(name);
    return seconds;
  } finally {
    await local.close();
    rmSync(stateDir, { recursive: true, force: true });
    rmSync(registryDir, { recursive: true, force: true });
  }
}

/** Seconds for bare Dask: the same commands by hand, polling the scheduler's identity until N workers. */
export async function bareCreateSeconds(workers: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'afkit-bench-bare-'));
  const file = join(dir, 'scheduler.json');
  const children: ChildProcess[] = [];
  const start = performance.now();
  try {
    children.push(spawn('/usr/bin/dask-scheduler', ['--host', '127.0.0.1', '--port', '0', '--dashboard-address', '127.0.0.1:0', '--scheduler-file', file], { detached: true, stdio: 'ignore' }));
    let info: { address: string; services: { dashboard: number } } | undefined;
    await until(async () => {
      if (!existsSync(file)) return false;
      info = JSON.parse(readFileSync(file, 'utf8')) as typeof info;
      return info?.services?.dashboard !== undefined;
    });
    for (let i = 0; i < workers; i++) {
      const args = [info!.address, '--name', `bare-${i}`, '--nthreads', '1', '--memory-limit', MEMORY, '--host', '127.0.0.1', '--no-nanny', '--no-dashboard', '--local-directory', join(dir, 'workers')];
      children.push(spawn('/usr/bin/dask-worker', args, { detached: true, stdio: 'ignore' }));
    }
    const url = `http://127.0.0.1:${info!.services.dashboard}/json/identity.json`;
    await until(async () => Object.keys(((await (await fetch(url)).json()) as { workers: object }).workers).length === workers);
    return (performance.now() - start) / 1000;
  } finally {
    for (const child of children) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
