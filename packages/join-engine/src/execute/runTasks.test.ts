import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { FacilityError } from '@afkit/core';
import { runJoin } from '../runJoin.ts';
import { matchPair } from '../validate/matchPair.ts';
import { sharedUint32 } from '../validate/scanKeys.ts';
import { PoolWorker, scanJobsOn } from './runTasks.ts';
import type { JoinProgress } from '../JoinOptions.ts';
import { readOutputRows, tempDir, writeRows } from '../testing/testData.ts';
import type { Row } from '../testing/testData.ts';

const dir = tempDir();
after(() => rmSync(dir, { recursive: true, force: true }));
const rowsOf = (from: number, n: number): Row[] => Array.from({ length: n }, (_, i) => ({ run: 1n, lumi: 1n, event: BigInt(from + i), x: from + i, j: [i % 3] }));
const primary = [rowsOf(0, 300), rowsOf(300, 200), rowsOf(500, 250)];
const primaryPaths = primary.map((rows, i) => {
  const path = join(dir, `p${i}.arrow`);
  writeRows(path, rows, { run: 'uint32', lumi: 'uint32', event: 'uint64' });
  return path;
});
// The friend is the primary reversed and cut into four files: every primary file needs rows from several.
const friend = primary.flat().reverse();
const friendPaths = [0, 1, 2, 3].map((i) => {
  const path = join(dir, `f${i}.arrow`);
  writeRows(path, friend.slice(i * 200, (i + 1) * 200), { run: 'int32', lumi: 'int64', event: 'int64' });
  return path;
});
const plan = (out: string, workers: number) => ({
  version: 1,
  primary: { files: primaryPaths },
  friends: [{ name: 'f', files: friendPaths, columns: ['x', 'j'] }],
  output: { dir: join(dir, out) },
  workers,
});

test('worker threads give the same output, report and proof as the calling thread, with progress to the end', async () => {
  const progress: JoinProgress[] = [];
  const inThread = await runJoin(plan('one', 1));
  const threaded = await runJoin(plan('two', 2), { rowsPerWorker: 1, onProgress: (p) => progress.push(p) });
  const columns = ['run', 'luminosityBlock', 'event', 'x', 'j'];
  assert.deepEqual(readOutputRows(join(dir, 'two', 'f'), columns), readOutputRows(join(dir, 'one', 'f'), columns));
  assert.deepEqual(readOutputRows(join(dir, 'one', 'f'), ['event', 'x']), primary.flat().map((r) => `${r.event}|${r.x}`));
  const [a, b] = [inThread.friends[0]!, threaded.friends[0]!];
  assert.equal(b.proof.digest, a.proof.digest);
  assert.equal(b.proof.verifiedRows, 750);
  assert.equal(b.relationship, 'regrouped across 4 files');
  assert.deepEqual(b.strategies, { regrouped: 3 });
  const joins = progress.filter((p) => p.phase === 'join');
  assert.equal(joins.at(-1)!.done, 750);
  assert.ok(progress.some((p) => p.phase === 'scan'));
});

test('a primary with keys repeated across its files, duplicates "all", on worker threads: each friend row joined to every primary row of its key, as in this thread', async () => {
  // Events 100..149 repeat rows of the first primary file, 600..649 rows of the third.
  const repeated = join(dir, 'repeats.arrow');
  writeRows(repeated, [...rowsOf(100, 50), ...rowsOf(600, 50)], { run: 'uint32', lumi: 'uint32', event: 'uint64' });
  const withRepeats = (out: string, workers: number) => ({ ...plan(out, workers), primary: { files: [...primaryPaths, repeated] }, duplicates: 'all' });
  const inThread = await runJoin(withRepeats('repeats-one', 1));
  const threaded = await runJoin(withRepeats('repeats-two', 2), { rowsPerWorker: 1 });
  const columns = ['event', 'x', 'j'];
  assert.deepEqual(readOutputRows(join(dir, 'repeats-two', 'f'), columns), readOutputRows(join(dir, 'repeats-one', 'f'), columns));
  assert.equal(threaded.validation.primary.duplicateRows, 100);
  assert.equal(threaded.validation.primary.distinct, 750);
  assert.deepEqual(threaded.validation.primary.duplicates.slice(0, 2).map((d) => [d.key.split(/\D+/).filter(Boolean).at(-1), d.count]), [['100', 2], ['101', 2]]);
  assert.equal(threaded.friends[0]!.matched, 850);
  assert.equal(threaded.friends[0]!.proof.digest, inThread.friends[0]!.proof.digest);
});

test('an aborted signal cancels the join', async () => {
  const controller = new AbortController();
  const running = runJoin(plan('cancelled', 2), {
    signal: controller.signal,
    rowsPerWorker: 1,
    onProgress: (p) => {
      if (p.phase === 'join') controller.abort();
    },
  });
  await assert.rejects(running, (error: unknown) => FacilityError.is(error) && error.code === 'cancelled');
  controller.abort();
  await assert.rejects(runJoin(plan('cancelled-before', 1), { signal: controller.signal }), (error: unknown) => FacilityError.from(error).code === 'cancelled');
});

test('workers started during the scan are ended when the scan stops the join, so the process can exit', () => {
  const duplicated = join(dir, 'dup.arrow');
  writeRows(duplicated, [...rowsOf(0, 10), ...rowsOf(5, 10)], { run: 'uint32', lumi: 'uint32', event: 'uint64' });
  const failing = { ...plan('dup', 2), primary: { files: [duplicated, primaryPaths[0]!] } };
  // A worker left running keeps its process alive: run the join in a child process that must exit by itself.
  const script = `
    const { runJoin } = await import(${JSON.stringify(new URL('../runJoin.ts', import.meta.url).href)});
    await runJoin(${JSON.stringify(failing)}, { rowsPerWorker: 1 }).then(() => process.exit(3), (e) => console.log(e.code));`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(child.signal, null, `the child did not exit by itself: ${child.stderr}`);
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout.trim(), 'conflict');
});

test('scan jobs (pair matches, the distinct-keys proof) run on the worker threads, through shared memory, as in this thread', async () => {
  const shared = (values: readonly number[]) => {
    const lanes = sharedUint32(values.length);
    lanes.set(values);
    return lanes;
  };
  const n = 5000;
  const primaryLanes = shared(Array.from({ length: n }, (_, i) => [1, i * 3]).flat());
  const friendLanes = shared(Array.from({ length: n }, (_, i) => [1, ((i * 7919) % n) * 3]).flat());
  const foreign = shared([...friendLanes.subarray(0, -1), 1]);
  const map = () => new Int32Array(new SharedArrayBuffer(n * 4));
  const job = (friend: Uint32Array) => ({ width: 2, start: 10, primary: primaryLanes, friend, matchOf: map(), rowOf: map() });
  const jobs = [job(friendLanes), job(foreign), job(friendLanes)];
  const workers = [new PoolWorker({ open: () => Promise.reject(new Error('unused')) })];
  try {
    const onWorkers = scanJobsOn(workers, () => Promise.reject(new Error('the jobs ran in this thread')));
    assert.deepEqual(await Promise.all(jobs.map((job) => onWorkers({ type: 'match', job }))), [true, false, true]);
    // The primary's distinct keys are proven there too; a repeated key is no proof.
    const distinct = (lanes: Uint32Array) => onWorkers({ type: 'distinct', job: { lanes, width: 2, rows: n, runLanes: 1 } });
    assert.equal(await distinct(primaryLanes), true);
    assert.equal(await distinct(shared([...primaryLanes.subarray(0, -2), 1, 0])), false);
  } finally {
    await Promise.all(workers.map((w) => w.close()));
  }
  const here = job(friendLanes);
  assert.equal(matchPair(here), true);
  for (const j of [jobs[0]!, jobs[2]!]) {
    assert.deepEqual(j.matchOf, here.matchOf);
    assert.deepEqual(j.rowOf, here.rowOf);
  }

  // End to end: a friend reordered within each primary file, joined on two workers, equals the in-thread join.
  const reversedPaths = primary.map((rows, i) => {
    const path = join(dir, `r${i}.arrow`);
    writeRows(path, [...rows].reverse(), { run: 'int32', lumi: 'int64', event: 'int64' });
    return path;
  });
  const reordered = (out: string, workers: number) => ({ ...plan(out, workers), friends: [{ name: 'f', files: reversedPaths, columns: ['x', 'j'] }] });
  const inThread = await runJoin(reordered('r-one', 1));
  const threaded = await runJoin(reordered('r-two', 2), { rowsPerWorker: 1 });
  assert.equal(threaded.friends[0]!.relationship, 'same events, reordered');
  assert.deepEqual(threaded.friends[0]!.strategies, { reordered: 3 });
  assert.equal(threaded.friends[0]!.proof.digest, inThread.friends[0]!.proof.digest);
  assert.deepEqual(readOutputRows(join(dir, 'r-two', 'f'), ['event', 'x']), primary.flat().map((r) => `${r.event}|${r.x}`));
});

test('cancelling while the scan matches file pairs on the workers stops the join', async () => {
  const reversedPaths = primary.map((rows, i) => {
    const path = join(dir, `c${i}.arrow`);
    writeRows(path, [...rows].reverse(), { run: 'uint32', lumi: 'uint32', event: 'uint64' });
    return path;
  });
  const controller = new AbortController();
  const running = runJoin(
    { ...plan('cancel-scan', 2), friends: [{ name: 'f', files: reversedPaths, columns: ['x'] }] },
    {
      signal: controller.signal,
      rowsPerWorker: 1,
      // The first friend file read starts its pair match; the abort lands while pairs are matched or read.
      onProgress: (p) => p.phase === 'scan' && p.message === reversedPaths[0] && controller.abort(),
    },
  );
  await assert.rejects(running, (error: unknown) => FacilityError.is(error) && error.code === 'cancelled');
});

test('when a file task fails, the other workers stop at once instead of writing the rest of the output', async () => {
  const rows = 100_000;
  const files = 6;
  const paths = (prefix: string, shift: (k: number) => number) =>
    Array.from({ length: files }, (_, k) => {
      const path = join(dir, `${prefix}${k}.arrow`);
      writeRows(path, rowsOf(k * rows + shift(k), rows), { run: 'uint32', lumi: 'uint32', event: 'uint64' });
      return path;
    });
  const primaryFiles = paths('stop-p', () => 0);
  // A positional friend whose first file holds other events: the first task fails at its first row.
  const friendFiles = paths('stop-f', (k) => (k === 0 ? 1e9 : 0));
  const out = join(dir, 'stopped');
  const failing = { version: 1, primary: { files: primaryFiles }, friends: [{ name: 'f', files: friendFiles, columns: ['x'], positional: true }], output: { dir: out }, workers: 2 };
  const outputs = () => readdirSync(join(out, 'f')).map((name) => `${name} ${statSync(join(out, 'f', name)).size}`);
  await assert.rejects(runJoin(failing, { rowsPerWorker: 1 }), (e: unknown) => FacilityError.is(e) && e.code === 'conflict' && e.message.includes('stop-f0.arrow'));
  const atFailure = outputs();
  // Whatever a worker left running would still write shows up within this wait.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.deepEqual(outputs(), atFailure, 'output was written after the join had failed');
  assert.ok(atFailure.length < files, `every task had run before the failure was seen: ${atFailure.join(', ')}`);
});
