import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Table, Uint32, Uint64, makeVector, tableFromIPC, tableToIPC } from 'apache-arrow';
import { FacilityError } from '@afkit/core';
import { runJoin } from '../runJoin.ts';
import { tempDir, writeRows } from '../testing/testData.ts';
import type { Row } from '../testing/testData.ts';
import { validateJoin } from './validateJoin.ts';

const dir = tempDir();
after(() => rmSync(dir, { recursive: true, force: true }));
const rows = (events: number[]): Row[] => events.map((e) => ({ run: 1n, lumi: 2n, event: BigInt(e), x: e, j: [] }));
const file = (name: string, events: number[]) => {
  const path = join(dir, `${name}.arrow`);
  writeRows(path, rows(events), { run: 'uint32', lumi: 'uint32', event: 'uint64' });
  return path;
};
const plan = (primary: string[], friend: string[], extra: object = {}) => ({
  version: 1,
  primary: { files: primary },
  friends: [{ name: 'f', files: friend, columns: ['x'], prefix: 'f_' }],
  output: { dir: join(dir, 'out') },
  ...extra,
});
const p = [file('p0', [1, 2, 3, 4]), file('p1', [5, 6, 7, 8])];

test('relationships: aligned, reordered, regrouped across files, subset, superset, partial overlap, disjoint', async () => {
  const relation = async (friend: string[]) => (await validateJoin(plan(p, friend))).friends[0]!;
  assert.equal((await relation([file('a0', [1, 2, 3, 4]), file('a1', [5, 6, 7, 8])])).relationship, 'aligned row by row');
  assert.equal((await relation([file('r0', [4, 3, 2, 1]), file('r1', [8, 7, 6, 5])])).relationship, 'same events, reordered');
  const regrouped = await relation([file('g0', [8, 1]), file('g1', [2, 7, 3]), file('g2', [6, 4, 5])]);
  assert.equal(regrouped.relationship, 'regrouped across 3 files');
  assert.deepEqual(regrouped.strategies, ['regrouped', 'regrouped']);
  const subset = await relation([file('s0', [2, 7])]);
  assert.equal(subset.relationship, 'subset');
  assert.equal(subset.matchedFraction, 1);
  assert.equal(subset.primaryMatchedFraction, 0.25);
  assert.equal((await relation([file('u0', [1, 2, 3, 4, 5, 6, 7, 8, 9])])).relationship, 'superset');
  assert.equal((await relation([file('o0', [1, 9])])).relationship, 'partial overlap');
  assert.equal((await relation([file('d0', [10, 11])])).relationship, 'disjoint');
});

test('duplicate keys are listed with their entries and stop the join by default', async () => {
  const friend = [file('dup0', [1, 2, 2, 3]), file('dup1', [2, 4])];
  const report = await validateJoin(plan(p, friend));
  const f = report.friends[0]!;
  assert.equal(f.duplicateRows, 2);
  assert.equal(f.distinct, 4);
  assert.deepEqual(f.duplicates, [{ key: 'run=1 luminosityBlock=2 event=2', count: 3, entries: [{ file: friend[0], entry: 1 }, { file: friend[0], entry: 2 }, { file: friend[1], entry: 0 }] }]);
  assert.equal(report.problems.length, 1);
  assert.match(report.problems[0]!, /friend "f" repeats 2 keys .*run=1 luminosityBlock=2 event=2 ×3/);
  await assert.rejects(runJoin(plan(p, friend)), (error: unknown) => FacilityError.is(error) && error.code === 'conflict' && /event=2 ×3/.test(error.message));
  const first = await runJoin(plan(p, friend, { duplicates: 'first' }));
  assert.equal(first.friends[0]!.matched, 4);
});

test('a file lacking a key branch is named with the branch', async () => {
  const path = join(dir, 'nolumi.arrow');
  writeFileSync(path, tableToIPC(new Table({ run: makeVector({ type: new Uint32(), data: Uint32Array.of(1) }), event: makeVector({ type: new Uint64(), data: BigUint64Array.of(1n) }) }), 'file'));
  await assert.rejects(validateJoin(plan([path], [p[0]!])), (error: unknown) => FacilityError.is(error) && error.message === `${path} lacks luminosityBlock, a join key` && error.where === path);
  await assert.rejects(validateJoin(plan([p[0]!], [path])), new RegExp(`${path} lacks luminosityBlock`));
});

test('differently named friend keys are mapped with keyMap', async () => {
  const path = join(dir, 'atlas.arrow');
  writeFileSync(path, tableToIPC(new Table({
    runNumber: makeVector({ type: new Uint32(), data: Uint32Array.of(1, 1) }),
    lumiBlock: makeVector({ type: new Uint32(), data: Uint32Array.of(2, 2) }),
    eventNumber: makeVector({ type: new Uint64(), data: BigUint64Array.of(3n, 1n) }),
    x: makeVector({ type: new Uint32(), data: Uint32Array.of(30, 10) }),
  }), 'file'));
  const report = await validateJoin({
    ...plan([p[0]!], [path]),
    friends: [{ name: 'f', files: [path], columns: ['x'], keyMap: { run: 'runNumber', luminosityBlock: 'lumiBlock', event: 'eventNumber' } }],
  });
  assert.equal(report.friends[0]!.relationship, 'subset');
  assert.equal(report.friends[0]!.matchedRows, 2);
});

test('a friend file lacking a brought column is named with the column', async () => {
  const path = join(dir, 'nox.arrow');
  writeFileSync(path, tableToIPC(new Table({
    run: makeVector({ type: new Uint32(), data: Uint32Array.of(1) }),
    luminosityBlock: makeVector({ type: new Uint32(), data: Uint32Array.of(2) }),
    event: makeVector({ type: new Uint64(), data: BigUint64Array.of(5n) }),
  }), 'file'));
  await assert.rejects(runJoin(plan(p, [file('hasx', [1, 2]), path])), (error: unknown) => FacilityError.is(error) && error.message === `${path} lacks column x`);
});

test('a friend equal to its primary file for a whole read batch, then swapped: reordered, and every row joined to its own event', async () => {
  // More rows than one key batch (2^18), so the scan has compared and not stored a batch before the keys first differ.
  const n = 300_000;
  const keysOf = (order: Uint32Array) =>
    new Table({
      run: makeVector({ type: new Uint32(), data: new Uint32Array(n).fill(1) }),
      luminosityBlock: makeVector({ type: new Uint32(), data: Uint32Array.from(order, (e) => 1 + Math.floor(e / 1000)) }),
      event: makeVector({ type: new Uint64(), data: BigUint64Array.from(order, (e) => BigInt(e) * 7919n) }),
      x: makeVector({ type: new Uint32(), data: order }),
    });
  const primaryPath = join(dir, 'long.arrow');
  const friendPath = join(dir, 'long-swapped.arrow');
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  writeFileSync(primaryPath, tableToIPC(keysOf(order), 'file'));
  [order[280_000], order[280_001]] = [order[280_001]!, order[280_000]!];
  writeFileSync(friendPath, tableToIPC(keysOf(order), 'file'));
  const longPlan = { ...plan([primaryPath], [friendPath]), output: { dir: join(dir, 'out-long'), format: 'arrow' } };
  const f = (await validateJoin(longPlan)).friends[0]!;
  assert.equal(f.relationship, 'same events, reordered');
  assert.deepEqual(f.positionalMismatch?.primary.entry, 280_000);
  const report = await runJoin(longPlan);
  assert.equal(report.friends[0]!.matched, n);
  const out = tableFromIPC(readFileSync(report.friends[0]!.files[0]!.outputPath));
  const x = out.getChild('f_x')!.toArray() as Uint32Array;
  const event = out.getChild('event')!.toArray() as BigUint64Array;
  for (let i = 0; i < n; i++) if (x[i] !== i || event[i] !== BigInt(i) * 7919n) assert.fail(`row ${i}: x ${x[i]}, event ${event[i]}`);
});

test('friend files that pair with the primary files by row count but not by their rows are matched against the whole primary', async () => {
  // Each pair has as many rows as its primary file, so the scan first matches pair by pair; neither pair holds exactly
  // its primary file's rows, so it must fall back to the whole primary's index.
  const across = (await validateJoin(plan(p, [file('x0', [4, 3, 5, 1]), file('x1', [8, 7, 6, 2])]))).friends[0]!;
  assert.equal(across.relationship, 'regrouped across 2 files');
  assert.deepEqual(across.strategies, ['regrouped', 'regrouped']);
  assert.equal(across.matchedRows, 8);
  const repeated = (await validateJoin(plan(p, [file('y0', [4, 3, 3, 1]), file('y1', [8, 7, 6, 5])]))).friends[0]!;
  assert.equal(repeated.duplicateRows, 1);
  assert.equal(repeated.primaryMatchedRows, 7);
  assert.deepEqual(repeated.unmatchedPrimary.map((r) => r.key), ['run=1 luminosityBlock=2 event=2']);
  // A repeated primary key: pairs are not matched on their own, since a friend row could belong to either primary row.
  const primaryRepeats = [file('q0', [1, 2, 2, 4]), file('q1', [5, 6, 7, 8])];
  const reordered = await validateJoin(plan(primaryRepeats, [file('z0', [4, 2, 1, 2]), file('z1', [8, 7, 6, 5])], { duplicates: 'all' }));
  assert.equal(reordered.primary.duplicateRows, 1);
  assert.equal(reordered.friends[0]!.duplicateRows, 1);
  assert.deepEqual(reordered.friends[0]!.strategies, ['reordered', 'reordered']);
});
