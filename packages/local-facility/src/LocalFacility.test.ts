import assert from 'node:assert/strict';
import { test } from 'node:test';
import { networkInterfaces } from 'node:os';
import { request } from 'node:http';
import WebSocket from 'ws';
import { FacilityError, HttpFacility } from '@afkit/core';
import { LocalFacility } from './LocalFacility.ts';

function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function openSocket(url: string, headers: Record<string, string> = {}): Promise<{ opened: boolean; status?: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve({ opened: true });
    });
    ws.on('unexpected-response', (_req, res) => resolve({ opened: false, status: res.statusCode }));
    ws.on('error', () => resolve({ opened: false }));
  });
}

test('every HTTP request needs the token; a wrong one gets 401', async () => {
  const facility = await LocalFacility.start();
  try {
    assert.equal((await get(`${facility.url}/api/afkit/info`)).status, 401);
    const wrong = await get(`${facility.url}/api/afkit/info`, { Authorization: `token ${facility.token.slice(0, -1)}x` });
    assert.equal(wrong.status, 401);
    assert.deepEqual(JSON.parse(wrong.body), { error: 'Authentication required' });
    assert.equal((await get(`${facility.url}/api/afkit/info?token=${facility.token}`)).status, 401, 'HTTP takes the token only from the header');
    const ok = await get(`${facility.url}/api/afkit/info`, { Authorization: `token ${facility.token}` });
    assert.equal(ok.status, 200);
    assert.equal(JSON.parse(ok.body).url, facility.url);
    assert.equal((await get(`${facility.url}/api/nothing`, { Authorization: `token ${facility.token}` })).status, 404);
  } finally {
    await facility.close();
  }
});

test('WebSockets need the token too, by header or query, and an allowed origin', async () => {
  const facility = await LocalFacility.start({
    allowedOrigins: ['http://127.0.0.1:8888'],
    features: [{ capability: 'echo', mount: ({ sockets }) => sockets.on('/api/afkit/echo', (ws) => ws.on('message', (m) => ws.send(m))) }],
  });
  try {
    const ws = facility.url.replace('http', 'ws');
    assert.deepEqual(await openSocket(`${ws}/api/afkit/echo`), { opened: false, status: 401 });
    assert.deepEqual(await openSocket(`${ws}/api/afkit/echo?token=wrong`), { opened: false, status: 401 });
    assert.deepEqual(await openSocket(`${ws}/api/afkit/echo?token=${facility.token}`), { opened: true });
    assert.deepEqual(await openSocket(`${ws}/api/afkit/echo`, { Authorization: `token ${facility.token}` }), { opened: true });
    assert.deepEqual(await openSocket(`${ws}/api/afkit/echo?token=${facility.token}`, { Origin: 'http://evil.example' }), { opened: false, status: 403 });
    assert.deepEqual(await openSocket(`${ws}/api/afkit/echo?token=${facility.token}`, { Origin: 'http://127.0.0.1:8888' }), { opened: true });
  } finally {
    await facility.close();
  }
});

test('CORS headers go only to configured origins', async () => {
  const facility = await LocalFacility.start({ allowedOrigins: ['http://127.0.0.1:8888'] });
  try {
    const preflight = await get(`${facility.url}/api/afkit/info`, { Origin: 'http://127.0.0.1:8888', 'Access-Control-Request-Method': 'GET' }, 'OPTIONS');
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers['access-control-allow-origin'], 'http://127.0.0.1:8888');
    const other = await get(`${facility.url}/api/afkit/info`, { Origin: 'http://evil.example', Authorization: `token ${facility.token}` });
    assert.equal(other.status, 403);
    assert.equal(other.headers['access-control-allow-origin'], undefined);
  } finally {
    await facility.close();
  }
});

test('binds 127.0.0.1 only', async (t) => {
  const facility = await LocalFacility.start();
  try {
    const port = new URL(facility.url).port;
    assert.equal(new URL(facility.url).hostname, '127.0.0.1');
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal);
    if (!external) {
      t.diagnostic('no non-loopback IPv4 address on this machine; checked the bound address only');
      return;
    }
    await assert.rejects(get(`http://${external.address}:${port}/api/health`), /ECONNREFUSED/);
  } finally {
    await facility.close();
  }
});

test('close runs every feature cleanup, ends open sockets and stops listening', async () => {
  const cleaned: string[] = [];
  const facility = await LocalFacility.start({
    features: [
      { capability: 'a', mount: ({ onClose }) => onClose(() => void cleaned.push('a')) },
      { capability: 'b', mount: ({ onClose, sockets }) => { sockets.on('/api/afkit/stream', () => {}); onClose(async () => void cleaned.push('b')); } },
    ],
  });
  const socket = new WebSocket(`${facility.url.replace('http', 'ws')}/api/afkit/stream?token=${facility.token}`);
  await new Promise((resolve) => socket.on('open', resolve));
  const closed = new Promise((resolve) => socket.on('close', resolve));
  await facility.close();
  await closed;
  assert.deepEqual(cleaned, ['b', 'a'], 'cleanups run in reverse order of mounting');
  await assert.rejects(get(`${facility.url}/api/health`), /ECONNREFUSED/);
});

test('HttpFacility reads info, reports reachability, and names a wrong token and a facility that is down', async () => {
  const facility = await LocalFacility.start({ name: 'Test facility' });
  const client = new HttpFacility({ url: facility.url, token: facility.token, reachability: { intervalMs: 50, minBackoffMs: 50 } });
  const info = await client.info();
  assert.equal(info.name, 'Test facility');
  assert.equal(info.kind, 'local');
  const states: string[] = [];
  const unsubscribe = client.subscribeReachability((r) => states.push(r.state));
  await new Promise((resolve) => setTimeout(resolve, 150));
  const bad = new HttpFacility({ url: facility.url, token: 'wrong' });
  await assert.rejects(bad.info(), (e: unknown) => FacilityError.is(e) && e.code === 'unauthorized' && /token/.test(e.hint ?? ''));
  await facility.close();
  await new Promise((resolve) => setTimeout(resolve, 300));
  unsubscribe();
  assert.equal(states[0], 'checking');
  assert.ok(states.includes('reachable'));
  assert.equal(states.at(-1), 'unreachable');
  await assert.rejects(client.info(), (e: unknown) => FacilityError.is(e) && e.code === 'unreachable' && e.message.includes(facility.url));
});

test('a route error reaches the client with its code, where and hint', async () => {
  const facility = await LocalFacility.start({
    features: [
      {
        capability: 'fails',
        mount: ({ router }) =>
          router.get('/api/afkit/fails', () => {
            throw new FacilityError('invalid-input', 'The file is truncated.', { where: '/data/a.root', hint: 'Copy it again.' });
          }),
      },
    ],
  });
  const client = new HttpFacility({ url: facility.url, token: facility.token });
  try {
    await assert.rejects(client.request('/api/afkit/fails'), (e: unknown) => {
      assert.ok(FacilityError.is(e));
      assert.equal(e.code, 'invalid-input');
      assert.equal(e.where, '/data/a.root');
      assert.equal(e.hint, 'Copy it again.');
      return true;
    });
  } finally {
    await facility.close();
  }
});
