import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, test } from 'node:test';
import { FacilityError } from '@afkit/core';
import { openTable } from '@afkit/io';
import type { JoinProgress } from './JoinOptions.ts';
import { runJoin } from './runJoin.ts';
import { readOutputRows, tempDir, writeRows } from './testing/testData.ts';
import type { Row } from './testing/testData.ts';
import { validateJoin } from './validate/validateJoin.ts';

const dir = tempDir();
after(() => rmSync(dir, { recursive: true, force: true }));
const ROWS = 400_000;
const rows: Row[] = Array.from({ length: ROWS }, (_, i) => ({ run: 1n, lumi: BigInt(i >> 10), event: BigInt(i), x: i, j: [i % 5] }));
const primaryPaths = [0, 1].map((k) => {
  const path = join(dir, `p${k}.arrow`);
  writeRows(path, rows.slice((k * ROWS) / 2, ((k + 1) * ROWS) / 2), { run: 'uint32', lumi: 'uint32', event: 'uint64' });
  return path;
});
// Every other event, regrouped into three files in another order: the scan indexes the whole primary.
const friendRows = rows.filter((_, i) => i % 2 === 0).reverse();
const friendPaths = [0, 1, 2].map((k) => {
  const path = join(dir, `f${k}.arrow`);
  const third = Math.ceil(friendRows.length / 3);
  writeRows(path, friendRows.slice(k * third, (k + 1) * third), { run: 'int32', lumi: 'int64', event: 'int64' });
  return path;
});
const plan = (out: string) => ({
  version: 1,
  primary: { files: primaryPaths },
  friends: [{ name: 'f', files: friendPaths, columns: ['x', 'j'] }],
  kind: 'left',
  output: { dir: join(dir, out) },
  workers: 2,
});

/** The share of wall time this thread's event loop was busy while `work` ran. */
async function busyShare<T>(work: () => Promise<T>): Promise<{ result: T; share: number }> {
  const before = performance.eventLoopUtilization();
  const result = await work();
  return { result, share: performance.eventLoopUtilization(before).utilization };
}

test('on a thread of its own, a join gives the same report and output as in this thread, relays its progress, and leaves this thread idle', async () => {
  const here = await busyShare(() => runJoin(plan('here')));
  const progress: JoinProgress[] = [];
  const own = await busyShare(() => runJoin(plan('own'), { ownThread: true, onProgress: (p) => progress.push(p) }));
  const [a, b] = [here.result.friends[0]!, own.result.friends[0]!];
  assert.equal(b.relationship, 'subset');
  assert.equal(b.proof.digest, a.proof.digest);
  assert.equal(b.proof.verifiedRows, ROWS / 2);
  assert.equal(b.unmatched, ROWS / 2);
  const columns = ['event', 'x', 'j'];
  assert.deepEqual(readOutputRows(join(dir, 'own', 'f'), columns), readOutputRows(join(dir, 'here', 'f'), columns));
  assert.ok(progress.some((p) => p.phase === 'scan'));
  assert.equal(progress.filter((p) => p.phase === 'join').at(-1)!.done, ROWS);
  // In this thread the scan keeps the event loop busy most of the time; on its own thread, this one only relays messages.
  assert.ok(here.share > 0.5, `in this thread the loop was busy ${here.share.toFixed(2)} of the time`);
  assert.ok(own.share < 0.25, `with ownThread the loop was busy ${own.share.toFixed(2)} of the time`);

  const validation = await busyShare(() => validateJoin(plan('unused'), { ownThread: true }));
  assert.deepEqual(validation.result, await validateJoin(plan('unused')));
  assert.ok(validation.share < 0.25, `a validation on its own thread kept the loop busy ${validation.share.toFixed(2)} of the time`);
});

test('on a thread of its own, a failure keeps its code and message, a cancel during the scan leaves no file or thread open, and a custom open is refused', async () => {
  const missing = { ...plan('missing'), friends: [{ name: 'f', files: [join(dir, 'nope.arrow')], columns: ['x'] }] };
  await assert.rejects(runJoin(missing, { ownThread: true }), (e: unknown) => FacilityError.is(e) && e.code === 'not-found' && e.message.includes('nope.arrow'));

  const openFiles = () => readdirSync('/proc/self/fd').length;
  const before = openFiles();
  const controller = new AbortController();
  const running = runJoin(plan('cancelled'), { ownThread: true, signal: controller.signal, onProgress: (p) => p.phase === 'scan' && controller.abort() });
  await assert.rejects(running, (e: unknown) => FacilityError.is(e) && e.code === 'cancelled');
  // The thread kept from the joins before is the one cancelled: fewer may be open than before, never more.
  assert.ok(openFiles() <= before, `the cancelled join left files or threads open: ${openFiles()} descriptors, ${before} before`);

  const open = (path: string) => openTable(path);
  await assert.rejects(runJoin(plan('custom'), { ownThread: true, open }), (e: unknown) => FacilityError.is(e) && e.code === 'invalid-input' && /custom open/.test(e.message));
});

test('a thread kept for the next join does not keep the process alive', () => {
  // Two validations (the second on the kept thread), then the process must end by itself, long before the thread's idle time is up.
  const script = `
    const { validateJoin } = await import(${JSON.stringify(new URL('./validate/validateJoin.ts', import.meta.url).href)});
    const plan = ${JSON.stringify(plan('exit'))};
    const [a, b] = [await validateJoin(plan, { ownThread: true }), await validateJoin(plan, { ownThread: true })];
    console.log(a.friends[0].relationship, b.friends[0].matchedRows);`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(child.signal, null, `the child did not exit by itself within 20 s: ${child.stderr}`);
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout.trim(), `subset ${ROWS / 2}`);
});
