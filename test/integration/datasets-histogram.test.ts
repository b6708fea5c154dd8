// "Histogram this branch": the dataset browser's fill over whole files, streamed from a real LocalFacility and
// filled with the hist-viewer engine, checked against the same values counted independently.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { tableFromIPC, type Vector } from 'apache-arrow';
import { FacilityError, HttpFacility } from '@afkit/core';
import { isContinuous } from '@afkit/hist-viewer';
import { LocalFacility } from '@afkit/local-facility';
import { histogramBranch } from '../../packages/dataset-browser/src/histogramBranch.ts';
import { datasetsFeature, writeSampleDataset } from '../../packages/local-facility/src/datasets/index.ts';

let facility: LocalFacility;
let client: HttpFacility;
let work: string;
let files: string[];

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'afkit-datasets-hist-'));
  files = await writeSampleDataset(join(work, 'data'), { files: 2, entries: 6_000, batchSize: 2_000, seed: 7 });
  facility = await LocalFacility.start({ stateDir: join(work, 'state'), features: [datasetsFeature({ roots: [work], sample: false })] });
  client = new HttpFacility({ url: facility.url, token: facility.token });
});

after(async () => {
  await facility?.close();
  await rm(work, { recursive: true, force: true });
});

/** Every value of a branch over the files, read independently of the histogram path (preview of all rows). */
async function allValues(branch: string): Promise<number[]> {
  const out: number[] = [];
  for (const file of files) {
    const column = tableFromIPC(await client.datasets.preview(file, '', [branch], { limit: 10_000 })).getChild(branch)!;
    for (let row = 0; row < column.length; row++) {
      const cell = column.get(row);
      if (cell !== null && typeof cell === 'object') for (const v of cell as Vector) out.push(Number(v));
      else out.push(Number(cell));
    }
  }
  return out;
}

test('a jagged branch over a whole dataset: every element counted once, in the bins a plain count gives', async () => {
  const progress: number[] = [];
  let updates = 0;
  const histogram = await histogramBranch(client.datasets, { files, tree: '', branch: 'Muon_pt', type: 'var * float32' }, {
    totalEntries: 12_000,
    onProgress: (p) => progress.push(p.entries),
    onUpdate: () => updates++,
  });
  const values = await allValues('Muon_pt');
  assert.equal(histogram.sum(), values.length, 'flow bins included, every muon is somewhere');
  const axis = histogram.axes[0]!;
  assert.ok(isContinuous(axis));
  const edges = axis.edges();
  const inner = histogram.values();
  const expected = new Float64Array(inner.length);
  for (const v of values) {
    for (let i = 0; i < inner.length; i++) if (v >= edges[i]! && v < edges[i + 1]!) expected[i]! += 1;
  }
  assert.deepEqual([...inner], [...expected]);
  assert.equal(progress.at(-1), 12_000);
  assert.equal(updates, 6, 'redrawn after each of the 6 batches');
});

test('integer and boolean branches get one bin per value', async () => {
  const nMuon = await histogramBranch(client.datasets, { files, tree: '', branch: 'nMuon', type: 'uint32' });
  assert.equal(nMuon.axes[0]!.kind, 'integer');
  assert.equal(nMuon.sum(), 12_000);
  const counts = await allValues('nMuon');
  assert.equal(nMuon.values()[2 - (nMuon.axes[0] as unknown as { lower: number }).lower], counts.filter((c) => c === 2).length);
  const trigger = await histogramBranch(client.datasets, { files, tree: '', branch: 'HLT_IsoMu24', type: 'bool' });
  assert.equal(trigger.values().length, 2);
  assert.equal(trigger.sum(), 12_000);
});

test('cancel stops the fill with a cancelled error', async () => {
  const controller = new AbortController();
  const run = histogramBranch(client.datasets, { files, tree: '', branch: 'Jet_pt', type: 'var * float32' }, {
    signal: controller.signal,
    onUpdate: () => controller.abort(),
  });
  await assert.rejects(run, (e: unknown) => FacilityError.is(e) && e.code === 'cancelled');
});
