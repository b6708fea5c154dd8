// The Datasets service end to end through the real HTTP client (HttpFacility) against a LocalFacility serving
// generated sample data; the real NanoAOD files of /work/shared/data/hep are covered in datasets-hep.test.ts.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { mkdtemp, mkdir, rm, symlink, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tableFromIPC, type Vector } from 'apache-arrow';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { FacilityError, HttpFacility, connectRpc, serveRpc, type Facility, type RpcEndpoint } from '@afkit/core';
import { LocalFacility } from '@afkit/local-facility';
import { datasetsFeature, SAMPLE_FIRST_EVENT, writeSampleDataset } from '../../packages/local-facility/src/datasets/index.ts';

let facility: LocalFacility;
let client: HttpFacility;
let work: string;
let served: string;
let outside: string;
let files: string[];

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'afkit-datasets-'));
  served = join(work, 'served');
  outside = join(work, 'outside');
  await mkdir(outside, { recursive: true });
  files = await writeSampleDataset(join(served, 'nano'), { files: 3, entries: 4_000, batchSize: 1_000 });
  await copyFile(files[0]!, join(served, 'nano', 'corrupt.arrow'));
  // A file cut short keeps its name and magic but loses its footer: a typical half-copied file.
  const whole = await import('node:fs/promises').then((fs) => fs.readFile(files[0]!));
  await writeFile(join(served, 'nano', 'corrupt.arrow'), whole.subarray(0, Math.floor(whole.length / 2)));
  await writeFile(join(outside, 'secret.arrow'), whole);
  await symlink(outside, join(served, 'escape'));
  facility = await LocalFacility.start({ stateDir: join(work, 'state'), features: [datasetsFeature({ roots: [{ id: 'data', label: 'Data', path: served }] })] });
  client = new HttpFacility({ url: facility.url, token: facility.token });
});

after(async () => {
  await facility?.close();
  await rm(work, { recursive: true, force: true });
});

const isCode = (code: FacilityError['code'], text?: RegExp) => (error: unknown) => {
  assert.ok(FacilityError.is(error), `expected a FacilityError, got ${String(error)}`);
  assert.equal(error.code, code, error.message);
  if (text) assert.match(error.message, text);
  return true;
};

test('sources list the sample dataset and the configured folder; the sample is generated on first use', async () => {
  const sources = await client.datasets.sources();
  assert.deepEqual(
    sources.map((s) => [s.id, s.kind]),
    [['sample', 'sample'], ['data', 'folder'], ['url', 'url']],
  );
  const sample = await client.datasets.list('sample');
  assert.deepEqual(sample.entries.map((e) => e.name), ['nano_sample_0.arrow', 'nano_sample_1.arrow', 'nano_sample_2.arrow']);
  assert.ok(sample.entries.every((e) => e.kind === 'file' && e.format === 'arrow' && (e.bytes ?? 0) > 100_000));
});

test('list shows folders first, then files with sizes and formats, and the way up', async () => {
  const top = await client.datasets.list('data');
  assert.deepEqual(top.entries.map((e) => [e.name, e.kind]), [['escape', 'folder'], ['nano', 'folder']]);
  assert.equal(top.parent, undefined);
  const nano = await client.datasets.list('data', top.entries.find((e) => e.name === 'nano')!.path);
  assert.deepEqual(nano.entries.map((e) => e.name), ['corrupt.arrow', 'nano_sample_0.arrow', 'nano_sample_1.arrow', 'nano_sample_2.arrow']);
  assert.equal(nano.parent, top.path);
  assert.equal(nano.entries[1]!.format, 'arrow');
});

test('a dataset with one corrupt file: the others stay usable, the corrupt one says what is wrong', async () => {
  const progress: number[] = [];
  const summary = await client.datasets.openDataset({ folder: join(served, 'nano') }, { onProgress: (p) => progress.push(p.done) });
  assert.equal(summary.files.length, 4);
  assert.equal(summary.readableFiles, 3);
  assert.equal(summary.totalEntries, 12_000);
  const corrupt = summary.files.find((f) => f.path.endsWith('corrupt.arrow'))!;
  assert.equal(corrupt.status, 'error');
  assert.equal(corrupt.error?.code, 'invalid-input');
  assert.match(corrupt.error!.message, /corrupt\.arrow/);
  assert.match(corrupt.error!.message, /truncated|corrupt/);
  assert.ok(corrupt.error!.hint);
  assert.ok(summary.files.filter((f) => f !== corrupt).every((f) => f.status === 'ok' && f.entries === 4_000));
  assert.ok(summary.totalBytes > 0);
  assert.deepEqual(progress, [0, 1, 2, 3, 4]);

  const globbed = await client.datasets.openDataset({ glob: join(served, 'nano', 'nano_sample_*.arrow') });
  assert.deepEqual(globbed.files.map((f) => f.path), files);
  const listed = await client.datasets.openDataset({ files: [files[1]!] });
  assert.equal(listed.totalEntries, 4_000);
});

test('trees and branches: types, documentation titles, jagged lists', async () => {
  const trees = await client.datasets.trees(files[0]!);
  assert.deepEqual(trees.map((t) => [t.name, t.entries]), [['', 4_000]]);
  const listing = await client.datasets.branches(files[0]!, '');
  const byName = new Map(listing.branches.map((b) => [b.name, b]));
  assert.equal(listing.entries, 4_000);
  assert.equal(byName.get('event')?.type, 'uint64');
  assert.equal(byName.get('run')?.type, 'uint32');
  assert.equal(byName.get('Muon_pt')?.type, 'var * float32');
  assert.equal(byName.get('Jet_btagDeepB')?.title, 'DeepCSV b+bb tag discriminator');
  await assert.rejects(client.datasets.branches(join(served, 'nano', 'corrupt.arrow'), ''), isCode('invalid-input', /corrupt\.arrow/));
});

test('preview returns exact 64-bit integers and jagged values as Arrow IPC', async () => {
  const bytes = await client.datasets.preview(files[1]!, '', ['event', 'nMuon', 'Muon_pt'], { limit: 5 });
  assert.ok(bytes instanceof Uint8Array);
  const table = tableFromIPC(bytes);
  assert.equal(table.numRows, 5);
  const events = [...(table.getChild('event') as Vector)].map((v) => BigInt(v));
  assert.deepEqual(events, [0n, 1n, 2n, 3n, 4n].map((i) => SAMPLE_FIRST_EVENT + 4_000n + i));
  assert.equal(String(table.getChild('event')!.get(0)), (SAMPLE_FIRST_EVENT + 4_000n).toString(), 'the value is above 2^53 and exact');
  const nMuon = table.getChild('nMuon')!;
  const muonPt = table.getChild('Muon_pt')!;
  for (let row = 0; row < 5; row++) {
    const list = muonPt.get(row) as Vector;
    assert.equal(list.length, nMuon.get(row));
    for (const pt of list) assert.ok(pt > 0);
  }
  await assert.rejects(client.datasets.preview(files[1]!, '', ['Muon_ptt']), isCode('not-found', /Muon_ptt/));
});

test('read streams every batch of an entry range, exactly', async () => {
  const batches: Uint8Array[] = [];
  const progress: number[] = [];
  const summary = await client.datasets.read(files[2]!, '', ['event', 'Muon_pt'], {
    entryStart: 500,
    entryStop: 3_500,
    batchSize: 1_000,
    onBatch: (ipc) => batches.push(ipc),
    onProgress: (p) => progress.push(p.done),
  });
  assert.equal(summary.entries, 3_000);
  assert.equal(summary.batches, batches.length);
  assert.ok(batches.length >= 3);
  const events = batches.flatMap((b) => [...(tableFromIPC(b).getChild('event') as Vector)].map((v) => BigInt(v)));
  assert.equal(events.length, 3_000);
  events.forEach((e, i) => assert.equal(e, SAMPLE_FIRST_EVENT + 8_000n + 500n + BigInt(i)));
  assert.equal(progress.at(-1), 3_000);
});

test('paths outside the served folders are refused with 403, whatever the trick', async () => {
  const refused = isCode('forbidden', /does not serve/);
  await assert.rejects(client.datasets.trees(join(outside, 'secret.arrow')), refused);
  await assert.rejects(client.datasets.trees(`${served}/nano/../../outside/secret.arrow`), refused);
  await assert.rejects(client.datasets.trees(join(served, 'escape', 'secret.arrow')), isCode('forbidden', /link/));
  await assert.rejects(client.datasets.trees('nano/nano_sample_0.arrow'), refused);
  await assert.rejects(client.datasets.list('data', outside), refused);
  await assert.rejects(client.datasets.list('data', '/etc'), refused);
  await assert.rejects(client.datasets.openDataset({ files: [files[0]!, '/etc/passwd'] }), refused);
  await assert.rejects(client.datasets.openDataset({ glob: `${served}/../outside/*.arrow` }), refused);
  await assert.rejects(client.datasets.read('/etc/passwd', '', ['x'], { onBatch: () => {} }), refused);
  await assert.rejects(client.datasets.list('nothing'), isCode('not-found'));
  await assert.rejects(client.datasets.trees(join(served, 'nano', 'missing.arrow')), isCode('not-found', /does not exist/));
});

test('cancelling a long read stops it: the call rejects as cancelled and later batches never arrive', async () => {
  const controller = new AbortController();
  let batches = 0;
  const call = client.datasets.read(files[0]!, '', ['event', 'Muon_pt', 'Jet_pt'], {
    batchSize: 10,
    signal: controller.signal,
    onBatch: () => {
      batches += 1;
      if (batches === 2) controller.abort();
    },
  });
  await assert.rejects(call, isCode('cancelled'));
  assert.ok(batches < 400, `stopped after ${batches} of 400 batches`);
  // The facility is still healthy after the cut connection.
  const summary = await client.datasets.read(files[0]!, '', ['run'], { entryStop: 10, onBatch: () => {} });
  assert.equal(summary.entries, 10);
});

function endpoint(port: MessagePort): RpcEndpoint {
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage(handler) {
      port.on('message', handler);
      return () => port.off('message', handler);
    },
  };
}

test('through the RPC bridge (as a VS Code webview): results clone, bytes stay exact, batches stream, cancel works', async () => {
  const { port1, port2 } = new MessageChannel();
  const stop = serveRpc(client, endpoint(port1), { channel: 'facility' });
  const connection = connectRpc<Facility>(endpoint(port2), { channel: 'facility' });
  try {
    const remote = connection.remote.datasets;
    assert.deepEqual((await remote.sources()).map((s) => s.id), ['sample', 'data', 'url']);
    const listing = await remote.list('data', null as unknown as undefined);
    assert.deepEqual(listing.entries.map((e) => e.name), ['escape', 'nano']);
    const summary = await remote.openDataset({ folder: join(served, 'nano') });
    assert.equal(summary.readableFiles, 3);
    const preview = tableFromIPC(await remote.preview(files[0]!, '', ['event'], { limit: 3 }));
    assert.equal(preview.getChild('event')!.get(2), SAMPLE_FIRST_EVENT + 2n);
    let rows = 0;
    const read = await remote.read(files[0]!, '', ['Muon_pt'], { batchSize: 1_000, onBatch: (ipc) => (rows += tableFromIPC(ipc).numRows) });
    assert.equal(read.entries, 4_000);
    assert.equal(rows, 4_000);
    const controller = new AbortController();
    const cancelled = remote.read(files[0]!, '', ['event'], { batchSize: 10, signal: controller.signal, onBatch: () => controller.abort() });
    await assert.rejects(cancelled, isCode('cancelled'));
  } finally {
    connection.dispose();
    stop();
    port1.close();
    port2.close();
  }
});

test('HTTP(S) URLs: a dataset of URLs read with range requests; a missing URL is marked, the rest usable', async () => {
  const bytes = await readFile(files[2]!);
  const web = createServer((request, response) => {
    if (request.url !== '/data/nano.arrow') return void response.writeHead(404).end('no such file');
    const range = /bytes=(\d+)-(\d+)/.exec(request.headers.range ?? '');
    if (!range) return void response.writeHead(200, { 'Content-Length': bytes.length }).end(bytes);
    const start = Number(range[1]);
    const end = Math.min(Number(range[2]), bytes.length - 1);
    response.writeHead(206, { 'Content-Range': `bytes ${start}-${end}/${bytes.length}`, 'Content-Length': end - start + 1 }).end(bytes.subarray(start, end + 1));
  });
  await new Promise<void>((ok) => web.listen(0, '127.0.0.1', ok));
  const base = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
  try {
    const summary = await client.datasets.openDataset({ files: [`${base}/data/nano.arrow`, `${base}/data/missing.arrow`] });
    assert.deepEqual(summary.files.map((f) => f.status), ['ok', 'error']);
    assert.equal(summary.totalEntries, 4_000);
    assert.match(summary.files[1]!.error!.message, /missing\.arrow/);
    const table = tableFromIPC(await client.datasets.preview(`${base}/data/nano.arrow`, '', ['event'], { limit: 2 }));
    assert.equal(table.getChild('event')!.get(1), SAMPLE_FIRST_EVENT + 8_001n);
    await assert.rejects(client.datasets.trees('ftp://example.org/x.root'), isCode('forbidden'));
  } finally {
    web.close();
  }
});
