// A user story with real Dask: create a local cluster through the Dask Gateway routes of a local facility,
// run tasks from a Python client, watch them in the dashboard stream, scale, adapt under load, survive a
// kill -9 of a worker, stop, and leave no Dask process behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { HttpFacility, type ClusterModel, type DashboardState, type WebSocketClass } from '@afkit/core';
import { LocalFacility, clustersFeature } from '@afkit/local-facility';

const haveDask = existsSync('/usr/bin/dask-scheduler') && existsSync('/usr/bin/dask-worker');
const skip = !haveDask && 'Dask is not installed (apt-get install python3-distributed)';

/** Every dask process whose command line mentions this facility's state folder. */
function daskProcesses(stateDir: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return out.split('\n').filter((line) => /dask-(scheduler|worker)/.test(line) && line.includes(stateDir));
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function runClient(address: string, code: string): Promise<string> {
  const script = `from dask.distributed import Client\nimport time\nclient = Client(${JSON.stringify(address)})\n${code}`;
  return new Promise((resolve, reject) =>
    execFile('/usr/bin/python3', ['-c', script], { timeout: 60_000 }, (error, stdout, stderr) => (error ? reject(new Error(stderr)) : resolve(stdout.trim()))),
  );
}

test('a real local Dask cluster: create, compute, dashboard, scale, adapt, replace a killed worker, stop', { skip, timeout: 180_000 }, async () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'afkit-clusters-'));
  const registryDir = mkdtempSync(join(tmpdir(), 'afkit-pids-'));
  const local = await LocalFacility.start({ stateDir, features: [clustersFeature({ registryDir })] });
  const facility = new HttpFacility({ url: local.url, token: local.token, WebSocket: WebSocket as unknown as WebSocketClass });
  const clusters = facility.clusters;
  const get = (name: string): Promise<ClusterModel> => clusters.get(name);
  try {
    const fields = await clusters.options();
    assert.deepEqual(fields.map((f) => f.field), ['backend', 'workers', 'worker_threads', 'worker_memory', 'gpu_workers', 'environment']);

    const created = await clusters.create({ workers: 2, worker_memory: 0.5 });
    const name = created.name;
    assert.match(name, /^[0-9a-f]{32}$/);
    const running = await until('2 workers', async () => {
      const c = await get(name);
      return c.status === 'running' && c.workers === 2 ? c : undefined;
    });
    assert.equal(running.backend, 'local');
    assert.equal(running.threads, 2);
    assert.equal(running.memory, 2 * 0.5 * 2 ** 30);
    assert.match(running.schedulerAddress!, /^tcp:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(daskProcesses(stateDir).length, 3);

    // The dashboard stream, fed by the one eventstream connection the facility holds.
    let dashboard: DashboardState | undefined;
    const stopDashboard = clusters.subscribeDashboard(name, (state) => (dashboard = state));
    await until('dashboard', () => dashboard?.workers.length === 2);
    const sum = await runClient(running.schedulerAddress!, 'def inc(x):\n    time.sleep(0.02)\n    return x + 1\nprint(sum(client.gather(client.map(inc, range(40)))))');
    assert.equal(sum, String(40 * 41 / 2));
    await until('task stream', () => (dashboard && dashboard.tasksSeen >= 40 ? dashboard : undefined));
    const incEvents = dashboard!.taskStream.filter((e) => e.prefix === 'inc');
    assert.equal(incEvents.length, 40);
    assert.ok(incEvents.every((e) => e.stop >= e.start && dashboard!.workers.some((w) => w.address === e.worker)));
    const progress = await until('progress', () => dashboard?.progress.find((p) => p.prefix === 'inc' && p.done === 40));
    assert.equal(progress.total, 40);
    assert.ok('memory' in dashboard!.tasksByState);
    assert.ok(dashboard!.history.length > 0);
    stopDashboard();

    await clusters.scale(name, 3);
    await until('3 workers', async () => ((await get(name)).workers === 3 ? true : undefined));
    await clusters.scale(name, 1);
    await until('1 worker', async () => ((await get(name)).workers === 1 ? true : undefined));
    await until('processes follow', () => daskProcesses(stateDir).length === 2);

    // A worker killed with SIGKILL is reported and replaced.
    const pid = daskProcesses(stateDir).find((l) => l.includes('dask-worker'))!.trim().split(/\s+/)[0]!;
    process.kill(Number(pid), 'SIGKILL');
    const reported = await until('death reported', async () => {
      const c = await get(name);
      return c.events?.find((e) => e.message.includes('died')) ? c : undefined;
    });
    assert.equal(reported.events!.find((e) => e.message.includes('died'))!.level, 'warning');
    await until('restored', async () => {
      const c = await get(name);
      return c.workers === 1 && daskProcesses(stateDir).length === 2 ? true : undefined;
    });

    // Adaptive: workers rise under load and fall back when it is gone.
    await clusters.adapt(name, { minimum: 1, maximum: 3 });
    assert.deepEqual((await get(name)).adapt, { minimum: 1, maximum: 3 });
    const load = runClient(running.schedulerAddress!, 'def slow(x):\n    time.sleep(0.5)\n    return x\nprint(len(client.gather(client.map(slow, range(60)))))');
    await until('workers rise', async () => ((await get(name)).workers >= 2 ? true : undefined), 60_000);
    assert.equal(await load, '60');
    await until('workers fall', async () => ((await get(name)).workers === 1 ? true : undefined), 60_000);

    await clusters.stop(name);
    const stopped = await get(name);
    assert.equal(stopped.status, 'stopped');
    assert.deepEqual(daskProcesses(stateDir), []);
  } finally {
    await local.close();
    assert.deepEqual(daskProcesses(stateDir), [], 'no dask process outlives the facility');
    rmSync(stateDir, { recursive: true, force: true });
    rmSync(registryDir, { recursive: true, force: true });
  }
});
