// The Datasets service on the real NanoAOD files of /work/shared/data/hep, through the real HTTP client.
// Skips with a message when that folder is absent (the generated sample is tested in datasets.test.ts).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { tableFromIPC, type Vector } from 'apache-arrow';
import { HttpFacility } from '@afkit/core';
import { LocalFacility } from '@afkit/local-facility';
import { datasetsFeature } from '../../packages/local-facility/src/datasets/index.ts';

const HEP = '/work/shared/data/hep';
const skip = existsSync(join(HEP, 'nano_dimuon.root')) ? false : `${HEP} is absent: the real-file tests need the shared HEP test data`;
const ROOT_FILE = join(HEP, 'nano_dimuon.root');
const PARQUET_FILE = join(HEP, 'nano_dimuon.parquet');

let facility: LocalFacility;
let client: HttpFacility;
let work: string;

before(async () => {
  if (skip) return;
  work = await mkdtemp(join(tmpdir(), 'afkit-datasets-hep-'));
  const whole = await readFile(ROOT_FILE);
  await writeFile(join(work, 'nano_dimuon_truncated.root'), whole.subarray(0, Math.floor(whole.length * 0.6)));
  facility = await LocalFacility.start({ stateDir: join(work, 'state'), features: [datasetsFeature({ roots: [HEP, work], sample: false })] });
  client = new HttpFacility({ url: facility.url, token: facility.token });
});

after(async () => {
  await facility?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

test('nano_dimuon.root lists its trees with entries and sizes', { skip }, async () => {
  const trees = await client.datasets.trees(ROOT_FILE);
  const byName = new Map(trees.map((t) => [t.name, t]));
  assert.equal(byName.get('Events')?.entries, 40);
  assert.equal(byName.get('Runs')?.entries, 56);
  assert.ok((byName.get('Events')?.compressedBytes ?? 0) > 0);
});

test('the 1,600 branches of Events come with types, documentation and sizes', { skip }, async () => {
  const listing = await client.datasets.branches(ROOT_FILE, 'Events');
  assert.equal(listing.entries, 40);
  assert.ok(listing.branches.length >= 1_500, `${listing.branches.length} branches`);
  const byName = new Map(listing.branches.map((b) => [b.name, b]));
  assert.equal(byName.get('Muon_pt')?.type, 'var * float32');
  assert.equal(byName.get('Muon_pt')?.counter, 'nMuon');
  assert.equal(byName.get('event')?.type, 'uint64');
  assert.equal(byName.get('run')?.type, 'uint32');
  const titled = listing.branches.filter((b) => b.title.length > 0);
  assert.ok(titled.length > listing.branches.length * 0.9, `${titled.length} branches have a title`);
  assert.ok(listing.branches.some((b) => /DeepCSV|DeepFlavour|tight/i.test(b.title)), 'NanoAOD documentation is there');
  assert.ok(listing.branches.every((b) => (b.compressedBytes ?? 0) >= 0));
});

test('preview of jagged and 64-bit branches agrees exactly between the ROOT and Parquet copies', { skip }, async () => {
  const columns = ['run', 'event', 'nMuon', 'Muon_pt', 'Muon_eta'];
  const fromRoot = tableFromIPC(await client.datasets.preview(ROOT_FILE, 'Events', columns, { limit: 40 }));
  const fromParquet = tableFromIPC(await client.datasets.preview(PARQUET_FILE, '', columns, { limit: 40 }));
  assert.equal(fromRoot.numRows, 40);
  assert.equal(fromParquet.numRows, 40);
  for (const name of ['run', 'event', 'nMuon']) {
    assert.deepEqual([...(fromRoot.getChild(name) as Vector)].map(String), [...(fromParquet.getChild(name) as Vector)].map(String), name);
  }
  assert.equal(typeof fromRoot.getChild('event')!.get(0), 'bigint', 'event stays a 64-bit integer');
  for (const name of ['Muon_pt', 'Muon_eta']) {
    for (let row = 0; row < 40; row++) {
      const a = [...(fromRoot.getChild(name)!.get(row) as Vector)];
      const b = [...(fromParquet.getChild(name)!.get(row) as Vector)];
      assert.deepEqual(a, b, `${name}[${row}]`);
      assert.equal(a.length, Number(fromRoot.getChild('nMuon')!.get(row)));
    }
  }
});

test('a folder of real files: the truncated copy is marked with its error, the rest is usable', { skip }, async () => {
  const summary = await client.datasets.openDataset({ files: [ROOT_FILE, join(work, 'nano_dimuon_truncated.root'), PARQUET_FILE], tree: 'Events' });
  assert.deepEqual(summary.files.map((f) => f.status), ['ok', 'error', 'ok']);
  assert.equal(summary.totalEntries, 80);
  assert.match(summary.files[1]!.error!.message, /nano_dimuon_truncated\.root/);
  const whole = await client.datasets.openDataset({ folder: HEP, tree: 'Events' });
  assert.ok(whole.readableFiles >= 4, `${whole.readableFiles} readable files`);
  assert.ok(whole.files.every((f) => f.status === 'ok' || (f.error && f.error.message.length > 0)));
});

test('reading a whole jagged branch streams it batch by batch', { skip }, async () => {
  let values = 0;
  const summary = await client.datasets.read(ROOT_FILE, 'Events', ['Muon_pt'], {
    batchSize: 16,
    onBatch: (ipc) => {
      const column = tableFromIPC(ipc).getChild('Muon_pt')!;
      for (let row = 0; row < column.length; row++) values += (column.get(row) as Vector).length;
    },
  });
  assert.equal(summary.entries, 40);
  assert.equal(summary.batches, 3);
  assert.ok(values > 40, `${values} muons`);
});
