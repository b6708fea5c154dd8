import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { fromUHI, parseUHIText, RegularAxis, Histogram, toUHI } from '../src/index.ts';

// The standard-library publisher, run by the system python3 against a local HTTP server standing in for the
// facility route: what it sends must be UHI that the engine accepts, on the agreed route, with the token.
const PYTHON = '/usr/bin/python3';
const here = fileURLToPath(new URL('.', import.meta.url));

function python(code: string, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(PYTHON, ['-c', `import sys; sys.path.insert(0, ${JSON.stringify(here)})\n${code}`], { env: { PATH: process.env.PATH ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

interface Received {
  readonly method: string;
  readonly url: string;
  readonly authorization: string | undefined;
  readonly body: unknown;
}

describe('afkit_hist.py', () => {
  let server: Server;
  let url = '';
  const received: Received[] = [];
  let status = 200;

  before(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let text = '';
      req.on('data', (d: Buffer) => (text += d));
      req.on('end', () => {
        received.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, body: parseUHIText(text) });
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(status === 200 ? '{"seq": 1}' : '{"message": "missing or wrong token"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('builds UHI the engine reads, equal to the engine filling the same data', async () => {
    const run = await python(`
import json, afkit_hist as a
h = a.fill([a.regular_axis(4, 0, 4, label="x [GeV]")], [0.5, 1.5, 1.5, 4.0, float("nan"), -1, 3.999], weight=[1, 2, 3, 4, 5, 6, 7])
print(json.dumps(h))`);
    assert.equal(run.code, 0, run.stderr);
    const fromPython = fromUHI(parseUHIText(run.stdout));
    const ours = new Histogram([new RegularAxis(4, 0, 4, { metadata: { label: 'x [GeV]' } })], { storage: 'weighted' });
    ours.fill([0.5, 1.5, 1.5, 4.0, NaN, -1, 3.999], { weight: [1, 2, 3, 4, 5, 6, 7] });
    assert.deepStrictEqual(toUHI(fromPython).storage, toUHI(ours).storage);
    assert.deepStrictEqual(toUHI(fromPython).axes, toUHI(ours).axes);
  });

  it('turns numpy.histogram2d results into UHI with regular axes and no flow bins', async () => {
    const run = await python(`
import json, numpy as np, afkit_hist as a
rng = np.random.default_rng(1)
print(json.dumps(a.from_numpy(*np.histogram2d(rng.normal(size=1000), rng.normal(size=1000), bins=(10, [-3, -1, 0, 2])), labels=["x", "y"])))`);
    assert.equal(run.code, 0, run.stderr);
    const h = fromUHI(parseUHIText(run.stdout));
    assert.deepEqual(h.axes.map((a) => [a.kind, a.underflow, a.overflow]), [['regular', false, false], ['variable', false, false]]);
    assert.deepEqual(h.shape(true), [10, 3]);
  });

  it('publishes with the token to POST /api/afkit/hists/{name}, mode and UHI in the body', async () => {
    received.length = 0;
    status = 200;
    const run = await python(`
import afkit_hist as a
reply = a.publish("jet pt/1", a.histogram([a.category_axis(["ee", "mumu"])], [1, 2], flow=False), mode="replace")
print(reply["seq"])`, { AFKIT_FACILITY_URL: url, AFKIT_FACILITY_TOKEN: 's3cret' });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.trim(), '1');
    assert.equal(received.length, 1);
    const r = received[0]!;
    assert.equal(r.method, 'POST');
    assert.equal(r.url, '/api/afkit/hists/jet%20pt%2F1');
    assert.equal(r.authorization, 'token s3cret');
    const body = r.body as { mode: string; histogram: unknown };
    assert.equal(body.mode, 'replace');
    assert.deepEqual(Array.from(fromUHI(body.histogram).values({ flow: true })), [1, 2, 0]);
  });

  it('raises a clear PublishError on HTTP errors and without URL or token', async () => {
    status = 401;
    const refused = await python(`
import afkit_hist as a
try:
    a.publish("h", a.histogram([a.boolean_axis()], [1, 2]), url=${JSON.stringify(url)}, token="wrong")
except a.PublishError as e:
    print(e.status, e)`);
    assert.match(refused.stdout, /^401 publishing 'h' to .*\/api\/afkit\/hists\/h failed: HTTP 401: missing or wrong token/);
    const missing = await python(`
import afkit_hist as a
try:
    a.publish("h", a.histogram([a.boolean_axis()], [1, 2]), url="http://127.0.0.1:1")
except a.PublishError as e:
    print(e)`);
    assert.match(missing.stdout, /no facility token: pass token= or set AFKIT_FACILITY_TOKEN/);
  });
});
