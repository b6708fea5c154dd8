import assert from 'node:assert/strict';
import { test } from 'node:test';
import WebSocket from 'ws';
import { FacilityError, HttpFacility, type HistUpdate, type UHIJson } from '@afkit/core';
import { Histogram, RegularAxis, fromUHI, stringifyUHI, toUHI } from '@afkit/hist-viewer';
import { LocalFacility } from '../LocalFacility.ts';
import { histsFeature } from './histsFeature.ts';

async function withFacility(run: (facility: LocalFacility, client: HttpFacility) => Promise<void>): Promise<void> {
  const facility = await LocalFacility.start({ features: [histsFeature()] });
  const client = new HttpFacility({ url: facility.url, token: facility.token, WebSocket: WebSocket as unknown as HttpFacility['target']['WebSocket'] });
  try {
    await run(facility, client);
  } finally {
    await facility.close();
  }
}

/** A seeded generator, so failures reproduce. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function partial(values: Float64Array): UHIJson {
  const h = new Histogram([new RegularAxis(20, -3, 3)], { storage: 'weighted', metadata: { name: 'pt' } });
  h.fill(values, { weight: 0.5 });
  return toUHI(h) as unknown as UHIJson;
}

const until = async (check: () => boolean, ms = 5000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

test('partials published over HTTP merge to exactly the single-pass histogram, and a subscriber sees the states', async () => {
  await withFacility(async (_facility, client) => {
    const next = random(7);
    const chunks = Array.from({ length: 8 }, () => Float64Array.from({ length: 5000 }, () => (next() + next() + next() - 1.5) * 2));
    const seen: HistUpdate[] = [];
    const unsubscribe = client.hists.subscribeHistogram('muon/pt', (u) => seen.push(u));
    await new Promise((r) => setTimeout(r, 100));
    for (const chunk of chunks) await client.hists.publish('muon/pt', partial(chunk));
    await until(() => seen.at(-1)?.summary.seq === 8);
    unsubscribe();

    const whole = new Histogram([new RegularAxis(20, -3, 3)], { storage: 'weighted', metadata: { name: 'pt' } });
    for (const chunk of chunks) whole.fill(chunk, { weight: 0.5 });
    const snapshot = await client.hists.snapshot('muon/pt');
    assert.deepEqual(snapshot.histogram, toUHI(whole) as unknown as UHIJson);
    assert.equal(snapshot.summary.partials, 8);
    assert.equal(snapshot.summary.title, 'pt');
    const last = seen.at(-1)!.histogram as { storage: { values: unknown; variances: unknown } };
    assert.ok(ArrayBuffer.isView(last.storage.values), 'the live stream carries storage as binary arrays');
    assert.deepEqual(toUHI(fromUHI(last)), snapshot.histogram, 'the last state a viewer saw is the final one');
    assert.ok(seen.length >= 1);
    assert.deepEqual((await client.hists.list()).map((h) => h.name), ['muon/pt']);
  });
});

test('replace takes the place of partials; remove deletes', async () => {
  await withFacility(async (_facility, client) => {
    await client.hists.publish('h', partial(Float64Array.of(0, 1)));
    await client.hists.publish('h', partial(Float64Array.of(0, 1)));
    const replaced = await client.hists.publish('h', partial(Float64Array.of(2)), { mode: 'replace' });
    assert.equal(replaced.partials, 1);
    assert.equal(replaced.seq, 3);
    await client.hists.remove('h');
    await assert.rejects(client.hists.snapshot('h'), (e: unknown) => FacilityError.is(e) && e.code === 'not-found');
  });
});

test('bad publishes are refused with a clear reason and change nothing', async () => {
  await withFacility(async (facility, client) => {
    await client.hists.publish('h', partial(Float64Array.of(1)));
    const other = toUHI(new Histogram([new RegularAxis(10, 0, 1)], { storage: 'weighted' })) as unknown as UHIJson;
    await assert.rejects(client.hists.publish('h', other), (e: unknown) => FacilityError.is(e) && e.code === 'invalid-input' && /axis|axes/i.test(e.message));
    await assert.rejects(client.hists.publish('h', { uhi_schema: 1, axes: [] } as UHIJson), (e: unknown) => FacilityError.is(e) && e.code === 'invalid-input');
    await assert.rejects(client.hists.publish('bad name!', partial(Float64Array.of(1))), (e: unknown) => FacilityError.is(e) && e.code === 'invalid-input');
    const malformed = await fetch(`${facility.url}/api/afkit/hists/h`, { method: 'POST', headers: { Authorization: `token ${facility.token}`, 'Content-Type': 'application/json' }, body: '{"mode": "partial", "histogram": {' });
    assert.equal(malformed.status, 422);
    assert.match(((await malformed.json()) as { error: string }).error, /not valid JSON/);
    const noToken = await fetch(`${facility.url}/api/afkit/hists/h`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ histogram: partial(Float64Array.of(1)) }) });
    assert.equal(noToken.status, 401);
    const garbled = await fetch(`${facility.url}/api/afkit/hists/h`, { method: 'POST', headers: { Authorization: `token ${facility.token}`, 'Content-Type': 'application/octet-stream' }, body: new Uint8Array(64).fill(7) });
    assert.equal(garbled.status, 422);
    assert.match(((await garbled.json()) as { error: string }).error, /^A binary message in the request body is not an afkit message\. Send UHI JSON with Content-Type application\/json instead\.$/);
    assert.equal((await client.hists.snapshot('h')).summary.seq, 1, 'nothing was merged');
  });
});

test('a flood of publishes reaches a slow viewer coalesced, ending on the final state', async () => {
  await withFacility(async (facility, client) => {
    const socket = new WebSocket(`${facility.url.replace('http', 'ws')}/api/afkit/hists-stream/flood?token=${facility.token}`);
    await new Promise((r) => socket.on('open', r));
    const seqs: number[] = [];
    socket.on('message', (data) => {
      seqs.push((JSON.parse(String(data)) as HistUpdate).summary.seq);
      // a slow viewer: it takes a while before it is ready for the next state
      setTimeout(() => socket.send('ack'), 30);
    });
    const body = partial(Float64Array.of(0.1));
    const started = Date.now();
    await Promise.all(Array.from({ length: 300 }, () => client.hists.publish('flood', body)));
    await until(() => seqs.at(-1) === 300);
    const elapsed = Date.now() - started;
    socket.close();
    assert.ok(seqs.length < 300, `coalesced: ${seqs.length} messages for 300 publishes`);
    assert.deepEqual([...seqs].sort((a, b) => a - b), seqs, 'states arrive in order');
    assert.ok(seqs.length <= 2 + Math.ceil(elapsed / 30), `no more states than the viewer acknowledged (${seqs.length} in ${elapsed} ms)`);
    const final = await client.hists.snapshot('flood');
    assert.equal(final.summary.partials, 300);
  });
});

test('a producer that disconnects mid-upload changes nothing', async () => {
  await withFacility(async (facility, client) => {
    await client.hists.publish('h', partial(Float64Array.of(1)));
    const { request } = await import('node:http');
    const url = new URL(`${facility.url}/api/afkit/hists/h`);
    await new Promise<void>((resolve) => {
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { Authorization: `token ${facility.token}`, 'Content-Type': 'application/json', 'Content-Length': '100000' } });
      req.on('error', () => resolve());
      req.write('{"mode":"partial","histogram":{"uhi_schema":1,');
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 50);
    });
    await new Promise((r) => setTimeout(r, 50));
    assert.equal((await client.hists.snapshot('h')).summary.seq, 1);
  });
});

test('a publish written by Python, with bare NaN for empty profile bins, is accepted', async () => {
  await withFacility(async (facility, client) => {
    const profile = new Histogram([new RegularAxis(4, 0, 4)], { storage: 'mean' });
    profile.fill(Float64Array.of(0.5, 0.5), { sample: Float64Array.of(1, 3) });
    const uhi = toUHI(profile) as unknown as { storage: { variances: number[] } };
    uhi.storage.variances[0] = NaN; // boost-histogram's variance of the empty underflow bin
    const text = stringifyUHI({ mode: 'partial', histogram: uhi });
    assert.match(text, /\bNaN\b/, 'the body holds bare NaN as Python writes it');
    const response = await fetch(`${facility.url}/api/afkit/hists/profile`, { method: 'POST', headers: { Authorization: `token ${facility.token}`, 'Content-Type': 'application/json' }, body: text });
    assert.equal(response.status, 201);
    assert.equal((await client.hists.snapshot('profile')).summary.storage, 'mean');
  });
});

test('partials with flat storage arrays (the binary publish of afkit producers) merge exactly, beside JSON text publishes', async () => {
  await withFacility(async (facility, client) => {
    const next = random(11);
    const make = () => new Histogram([new RegularAxis(30, -3, 3), new RegularAxis(20, -2, 2)], { storage: 'weighted' });
    const whole = make();
    for (let i = 0; i < 6; i++) {
      const x = Float64Array.from({ length: 3000 }, () => (next() - 0.5) * 7);
      const y = Float64Array.from({ length: 3000 }, () => (next() - 0.5) * 5);
      const part = make();
      part.fill([x, y], { weight: 0.25 });
      whole.fill([x, y], { weight: 0.25 });
      if (i % 2 === 0) {
        await client.hists.publish('flat', toUHI(part, { flatStorage: true }) as unknown as UHIJson);
      } else {
        const text = JSON.stringify({ mode: 'partial', histogram: toUHI(part) });
        const response = await fetch(`${facility.url}/api/afkit/hists/flat`, { method: 'POST', headers: { Authorization: `token ${facility.token}`, 'Content-Type': 'application/json' }, body: text });
        assert.equal(response.status, 201);
      }
    }
    const snapshot = await client.hists.snapshot('flat');
    assert.equal(snapshot.summary.partials, 6);
    assert.deepEqual(snapshot.histogram, toUHI(whole) as unknown as UHIJson);
  });
});
