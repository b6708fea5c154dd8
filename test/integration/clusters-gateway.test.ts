// The Dask Gateway protocol, both ways: the local facility answers the documented routes with the documented shapes
// and status codes, and afkit's client speaks to a server that answers as a real gateway does (Basic auth, session
// cookie, header case, errors). Bad input everywhere gives a clear error and leaves nothing running.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FacilityError, HttpFacility, connectClusters } from '@afkit/core';
import { LocalFacility, clustersFeature } from '@afkit/local-facility';

const haveDask = existsSync('/usr/bin/dask-scheduler');

function daskProcesses(stateDir: string): string[] {
  return execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).split('\n').filter((l) => /dask-(scheduler|worker)/.test(l) && l.includes(stateDir));
}

async function withFacility(run: (f: LocalFacility, call: (method: string, path: string, body?: unknown) => Promise<{ status: number; json: unknown }>, stateDir: string) => Promise<void>): Promise<void> {
  const stateDir = mkdtempSync(join(tmpdir(), 'afkit-gw-'));
  const registryDir = mkdtempSync(join(tmpdir(), 'afkit-gw-pids-'));
  const facility = await LocalFacility.start({ stateDir, features: [clustersFeature({ registryDir, nvidiaSmi: '/nonexistent/nvidia-smi' })] });
  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> => {
    const response = await fetch(`${facility.url}${path}`, {
      method,
      headers: { authorization: `token ${facility.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : undefined };
  };
  try {
    await run(facility, call, stateDir);
  } finally {
    await facility.close();
    assert.deepEqual(daskProcesses(stateDir), [], 'nothing left running');
    rmSync(stateDir, { recursive: true, force: true });
    rmSync(registryDir, { recursive: true, force: true });
  }
}

test('the local facility answers the Dask Gateway routes with their documented shapes and codes', { skip: !haveDask && 'Dask is not installed', timeout: 60_000 }, async () => {
  await withFacility(async (facility, call) => {
    const unauth = await fetch(`${facility.url}/api/v1/clusters/`);
    assert.equal(unauth.status, 401);
    assert.deepEqual(await unauth.json(), { error: 'Authentication required' });

    const options = await call('GET', '/api/v1/options');
    const fields = (options.json as { cluster_options: { field: string; label: string; default: unknown; spec: { type: string } }[] }).cluster_options;
    for (const f of fields) assert.ok(['int', 'float', 'select', 'bool', 'string'].includes(f.spec.type) && typeof f.label === 'string');

    const tooMany = await call('POST', '/api/v1/clusters/', { cluster_options: { workers: 999 } });
    assert.equal(tooMany.status, 422);
    assert.equal((tooMany.json as { error: string }).error, 'workers must be <= 64, got 999');
    const badFloat = await call('POST', '/api/v1/clusters/', { cluster_options: { worker_memory: 0.1 } });
    assert.equal((badFloat.json as { error: string }).error, 'worker_memory must be >= 0.250000, got 0.1');
    const unknown = await call('POST', '/api/v1/clusters/', { cluster_options: { bogus: 1 } });
    assert.deepEqual([unknown.status, (unknown.json as { error: string }).error], [422, "Unknown fields ['bogus']"]);
    const gpu = await call('POST', '/api/v1/clusters/', { cluster_options: { gpu_workers: 'all' } });
    assert.equal(gpu.status, 422);
    assert.match((gpu.json as { error: string }).error, /no NVIDIA GPU/);

    assert.equal((await call('GET', '/api/v1/clusters/?status=bogus')).status, 422);
    assert.equal((await call('GET', '/api/v1/clusters/nope')).status, 404);
    assert.equal((await call('GET', '/api/v1/clusters')).status, 404, 'paths are exact: no trailing slash is a 404');
    assert.equal((await call('DELETE', '/api/v1/clusters/nope')).status, 204);

    const created = await call('POST', '/api/v1/clusters/', { cluster_options: { workers: 0 } });
    assert.equal(created.status, 201);
    const { name } = created.json as { name: string };
    assert.match(name, /^[0-9a-f]{32}$/);
    const model = (await call('GET', `/api/v1/clusters/${name}?wait=1`)).json as Record<string, unknown>;
    for (const key of ['name', 'dashboard_route', 'status', 'start_time', 'stop_time', 'options', 'tls_cert', 'tls_key']) assert.ok(key in model, key);
    assert.equal(model.status, 'RUNNING');
    const listed = (await call('GET', '/api/v1/clusters/?status=running,pending')).json as Record<string, unknown>;
    assert.deepEqual(Object.keys(listed), [name]);

    assert.deepEqual((await call('POST', `/api/v1/clusters/${name}/scale`, { count: -1 })).status, 422);
    assert.deepEqual((await call('POST', `/api/v1/clusters/${name}/scale`, { count: 1.5 })).status, 422);
    const over = await call('POST', `/api/v1/clusters/${name}/scale`, { count: 1000 });
    assert.equal(over.status, 200);
    assert.equal((over.json as { ok: boolean }).ok, false);
    assert.deepEqual(await call('POST', `/api/v1/clusters/${name}/adapt`, { minimum: 0, maximum: 2, active: true }), { status: 200, json: { ok: true, msg: null } });
    assert.equal((await call('POST', `/api/v1/clusters/${name}/adapt`, { minimum: 3, maximum: 2 })).status, 422);

    assert.equal((await call('DELETE', `/api/v1/clusters/${name}`)).status, 204);
    assert.equal(((await call('GET', `/api/v1/clusters/${name}`)).json as { status: string }).status, 'STOPPED');
    assert.equal((await call('POST', `/api/v1/clusters/${name}/scale`, { count: 1 })).status, 409);
  });
});

test('Slurm that is not installed or not reachable gives a clear error and starts nothing', { skip: !haveDask && 'Dask is not installed', timeout: 60_000 }, async () => {
  await withFacility(async (facility, _call) => {
    const clusters = new HttpFacility({ url: facility.url, token: facility.token }).clusters;
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await assert.rejects(clusters.create({ backend: 'slurm' }), (e: unknown) => FacilityError.is(e) && e.code === 'unsupported' && /Slurm is not installed/.test(e.message));
    } finally {
      process.env.PATH = path;
    }
    // Installed but with no configuration and no controller: squeue fails at once.
    const before = process.env.SLURM_CONF;
    delete process.env.SLURM_CONF;
    try {
      await assert.rejects(clusters.create({ backend: 'slurm' }), (e: unknown) => FacilityError.is(e) && /Slurm is not (reachable|installed)/.test(e.message));
    } finally {
      if (before === undefined) delete process.env.SLURM_CONF;
      else process.env.SLURM_CONF = before;
    }
    assert.deepEqual(await clusters.list(), []);
  });
});

test('a scheduler that dies is reported as failed with its reason, and its workers are stopped', { skip: !haveDask && 'Dask is not installed', timeout: 60_000 }, async () => {
  await withFacility(async (facility, _call, stateDir) => {
    const clusters = new HttpFacility({ url: facility.url, token: facility.token }).clusters;
    const { name } = await clusters.create({ workers: 1, worker_memory: 0.5 });
    for (let i = 0; i < 150 && (await clusters.get(name)).workers < 1; i++) await new Promise((r) => setTimeout(r, 200));
    const scheduler = daskProcesses(stateDir).find((l) => l.includes('dask-scheduler'))!;
    process.kill(Number(scheduler.trim().split(/\s+/)[0]), 'SIGKILL');
    let model = await clusters.get(name);
    for (let i = 0; i < 100 && model.status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      model = await clusters.get(name);
    }
    assert.equal(model.status, 'failed');
    assert.match(model.error!, /The scheduler exited \(SIGKILL\)/);
    for (let i = 0; i < 50 && daskProcesses(stateDir).length > 0; i++) await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(daskProcesses(stateDir), []);
  });
});

/** A server that answers as dask-gateway-server does (Basic auth, a session cookie, upper-case header names). */
function fakeGateway(): Promise<{ url: string; close: () => void; seen: { authorization?: string; cookie?: string }[] }> {
  const seen: { authorization?: string; cookie?: string }[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    seen.push({ authorization: req.headers.authorization, cookie: req.headers.cookie });
    const authed = req.headers.authorization === `Basic ${Buffer.from('alice:secret').toString('base64')}` || req.headers.cookie === 'dask-gateway-1f2e=abc';
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (!authed) return send(401, { error: 'Authentication required' });
    const cookie = { 'Set-Cookie': 'dask-gateway-1f2e=abc; HttpOnly; Path=/' };
    if (req.url === '/api/v1/options') return send(200, { cluster_options: [{ field: 'worker_cores', label: 'Worker Cores', default: 1, spec: { type: 'int', min: 1, max: 2, step: 1 } }] }, cookie);
    if (req.url === '/api/v1/clusters/' && req.method === 'GET') {
      return send(200, { abc: { name: 'abc', dashboard_route: '/clusters/abc/status', status: 'RUNNING', start_time: 1, stop_time: null, options: { worker_cores: 1 }, tls_cert: 'x', tls_key: 'y' } });
    }
    if (req.url === '/api/v1/clusters/' && req.method === 'POST') return send(422, { error: 'worker_cores must be <= 2.000000, got 9' });
    if (req.url === '/api/v1/clusters/abc/scale') return send(200, { ok: false, msg: 'Scale request of 9 workers would exceed resource limit of 4 workers.' });
    if (req.url === '/api/v1/clusters/broken') return send(200, { name: 'broken', status: 'SLEEPING' });
    return send(404, { error: 'Not found' });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close(), seen })),
  );
}

test('the Dask Gateway client: Basic auth then the session cookie, errors and malformed answers', async () => {
  const gateway = await fakeGateway();
  try {
    const clusters = connectClusters({ kind: 'gateway', url: gateway.url, auth: { kind: 'basic', username: 'alice', password: 'secret' } });
    const fields = await clusters.options();
    assert.equal(fields[0]!.field, 'worker_cores');
    const list = await clusters.list();
    assert.deepEqual(list.map((c) => [c.name, c.status, c.backend, c.dashboardUrl]), [['abc', 'running', 'gateway', '/clusters/abc/status']]);
    assert.equal(gateway.seen[1]!.cookie, 'dask-gateway-1f2e=abc', 'the session cookie is sent back');
    await assert.rejects(clusters.create({ worker_cores: 9 }), (e: unknown) => FacilityError.is(e) && e.code === 'invalid-input' && e.message === 'worker_cores must be <= 2.000000, got 9');
    await assert.rejects(clusters.scale('abc', 9), (e: unknown) => FacilityError.is(e) && e.code === 'invalid-input' && /exceed resource limit/.test(e.message));
    await assert.rejects(clusters.get('broken'), (e: unknown) => FacilityError.is(e) && e.code === 'bad-response');
    await assert.rejects(clusters.get('nope'), (e: unknown) => FacilityError.is(e) && e.code === 'not-found');

    const wrong = connectClusters({ kind: 'gateway', url: gateway.url, auth: { kind: 'basic', username: 'alice', password: 'wrong' } });
    await assert.rejects(wrong.list(), (e: unknown) => FacilityError.is(e) && e.code === 'unauthorized' && e.message === 'Authentication required');

    const down = connectClusters({ kind: 'gateway', url: 'http://127.0.0.1:1' });
    await assert.rejects(down.list(), (e: unknown) => FacilityError.is(e) && e.code === 'unreachable');
    const states: { error?: { code: string } }[] = [];
    const stop = down.subscribeClusters((s) => states.push(s));
    for (let i = 0; i < 50 && states.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    stop();
    assert.equal(states[0]!.error!.code, 'unreachable', 'the panel gets the error with the (empty) list');
  } finally {
    gateway.close();
  }
});

test('wrong facility token: a clear unauthorized error', async () => {
  const facility = await LocalFacility.start({ features: [clustersFeature({ registryDir: mkdtempSync(join(tmpdir(), 'afkit-gw-pids-')) })] });
  try {
    const clusters = new HttpFacility({ url: facility.url, token: 'wrong' }).clusters;
    await assert.rejects(clusters.list(), (e: unknown) => FacilityError.is(e) && e.code === 'unauthorized');
  } finally {
    await facility.close();
  }
});
