// Live histograms from a real Dask computation: tasks on a local Dask cluster each histogram a chunk with
// numpy and publish it through afkit's standard-library Python helper; the facility's merged histogram must
// equal the single-pass total exactly, and a view subscribed during the run must see intermediate states.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import WebSocket from 'ws';
import { HttpFacility, type HistUpdate } from '@afkit/core';
import { fromUHI, toUHI, type UHIHistogram } from '@afkit/hist-viewer';
import { LocalFacility, defaultFeatures } from '@afkit/local-facility';

const root = join(import.meta.dirname, '..', '..');
const PYTHON = '/usr/bin/python3';

function hasDask(): boolean {
  return existsSync(PYTHON) && existsSync('/usr/lib/python3/dist-packages/distributed') && existsSync('/usr/lib/python3/dist-packages/numpy');
}

test('Dask tasks publish partials; the merged histogram equals the single-pass total; a live view saw it grow', { skip: hasDask() ? false : 'Debian python3-distributed and python3-numpy are not installed', timeout: 180_000 }, async () => {
  const facility = await LocalFacility.start({ features: defaultFeatures() });
  const client = new HttpFacility({ url: facility.url, token: facility.token, WebSocket: WebSocket as never });
  const seen: HistUpdate[] = [];
  const unsubscribe = client.hists.subscribeHistogram('dimuon_mass', (update) => seen.push(update));
  try {
    const chunks = 10;
    const run = spawn(PYTHON, [join(root, 'examples/dask_live_histogram.py'), '--chunks', String(chunks), '--size', '50000', '--delay', '0.4', '--print-total'], {
      env: { ...process.env, AFKIT_FACILITY_URL: facility.url, AFKIT_FACILITY_TOKEN: facility.token, PYTHONUNBUFFERED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    run.stdout.on('data', (d) => (stdout += d));
    run.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => run.on('exit', resolve));
    assert.equal(code, 0, `the Dask example failed:\n${stderr.slice(-3000)}`);
    const { total } = JSON.parse(stdout.trim().split('\n').at(-1)!) as { total: number[] };

    const snapshot = await client.hists.snapshot('dimuon_mass');
    assert.equal(snapshot.summary.partials, chunks);
    const merged = fromUHI(snapshot.histogram as unknown as UHIHistogram);
    assert.deepEqual(Array.from(merged.values()), total, 'merged partials equal the single-pass histogram exactly');

    const deadline = Date.now() + 5000;
    while (seen.at(-1)?.summary.seq !== chunks && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(seen.at(-1)?.summary.seq, chunks, 'the view got the final state');
    assert.deepEqual(toUHI(fromUHI(seen.at(-1)!.histogram)), snapshot.histogram, 'the final state the view drew is the merged one');
    assert.ok(seen.some((u) => u.summary.seq < chunks), `the view saw intermediate states (seqs ${seen.map((u) => u.summary.seq).join(',')})`);
  } finally {
    unsubscribe();
    await facility.close();
  }
});
