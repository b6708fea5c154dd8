import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { FacilityError } from '@afkit/core';
import { openTable } from '@afkit/io';
import { runJoin } from './runJoin.ts';
import { validateJoin } from './validate/validateJoin.ts';
import { readOutputRows, tempDir, writeRows } from './testing/testData.ts';
import type { KeyTypes, Row } from './testing/testData.ts';

// Each trap is a friend that positional joining (ROOT AddFriend) would silently attach to the wrong events.
const dir = tempDir();
after(() => rmSync(dir, { recursive: true, force: true }));
const TYPES: KeyTypes = { run: 'uint32', lumi: 'uint32', event: 'uint64' };
const events = (from: number, n: number): Row[] =>
  Array.from({ length: n }, (_, i) => ({ run: 1n, lumi: 7n, event: BigInt(from + i) * 1000003n, x: from + i, j: [from + i] }));

function files(name: string, parts: Row[][]): string[] {
  return parts.map((rows, i) => {
    const path = join(dir, `${name}${i}.arrow`);
    writeRows(path, rows, TYPES);
    return path;
  });
}

function plan(name: string, primary: string[], friend: string[], positional = false) {
  return {
    version: 1,
    primary: { files: primary },
    friends: [{ name: 'f', files: friend, columns: [{ name: 'x', as: 'fx' }], positional }],
    kind: 'left',
    output: { dir: join(dir, `out-${name}`), format: 'arrow' },
  };
}

/** The output's `fx` must equal each primary row's own `x`, or null where the friend lacks the event. */
async function assertKeyedJoinIsRight(name: string, primary: Row[], primaryPaths: string[], friend: Row[], friendPaths: string[]) {
  await runJoin(plan(name, primaryPaths, friendPaths));
  const got = readOutputRows(join(dir, `out-${name}`, 'f'), ['event', 'fx']);
  const has = new Map(friend.map((r) => [r.event, r.x]));
  assert.deepEqual(got, primary.map((r) => `${r.event}|${has.has(r.event) ? has.get(r.event) : 'null'}`));
}

const primaryRows = events(0, 10);
const primaryPaths = files('primary', [primaryRows]);

test('a friend one row short: the scan names the row where positions slip, positional joining stops, keyed joining is right', async () => {
  const friend = primaryRows.filter((_, i) => i !== 4);
  const friendPaths = files('short', [friend]);
  const report = await validateJoin(plan('short', primaryPaths, friendPaths));
  const f = report.friends[0]!;
  assert.equal(f.relationship, 'subset');
  assert.equal(f.positionalMismatch?.primary.entry, 4);
  assert.equal(f.positionalMismatch?.friend?.entry, 4);
  assert.deepEqual(f.unmatchedPrimary.map((r) => r.entry), [4]);
  await assert.rejects(runJoin(plan('short-pos', primaryPaths, friendPaths, true)), /primary0\.arrow entry 4 \(run=1 luminosityBlock=7 event=4000012\) would get .*short0\.arrow entry 4 \(run=1 luminosityBlock=7 event=5000015\)/);
  await assertKeyedJoinIsRight('short', primaryRows, primaryPaths, friend, friendPaths);
});

test('a friend one row short at its end: positional joining stops naming the entry without a partner', async () => {
  const friendPaths = files('shortend', [primaryRows.slice(0, 9)]);
  const f = (await validateJoin(plan('shortend', primaryPaths, friendPaths))).friends[0]!;
  assert.equal(f.positionalMismatch?.primary.entry, 9);
  assert.equal(f.positionalMismatch?.friend, undefined);
  await assert.rejects(runJoin(plan('shortend-pos', primaryPaths, friendPaths, true)), /has 9 entries but .*primary0\.arrow has 10; entry 9 has no partner/);
});

test('two rows swapped: same events reordered, named at the first swapped entry', async () => {
  const friend = [...primaryRows];
  [friend[2], friend[6]] = [friend[6]!, friend[2]!];
  const friendPaths = files('swapped', [friend]);
  const f = (await validateJoin(plan('swapped', primaryPaths, friendPaths))).friends[0]!;
  assert.equal(f.relationship, 'same events, reordered');
  assert.deepEqual(f.strategies, ['reordered']);
  assert.equal(f.positionalMismatch?.primary.entry, 2);
  await assert.rejects(runJoin(plan('swapped-pos', primaryPaths, friendPaths, true)), /entry 2 \(run=1 luminosityBlock=7 event=2000006\) would get .* entry 2 \(run=1 luminosityBlock=7 event=6000018\)/);
  await assertKeyedJoinIsRight('swapped', primaryRows, primaryPaths, friend, friendPaths);
});

test('one key off by one: both unmatched rows are named with their keys', async () => {
  const friend = primaryRows.map((r, i) => (i === 3 ? { ...r, event: r.event + 1n } : r));
  const friendPaths = files('offbyone', [friend]);
  const f = (await validateJoin(plan('offbyone', primaryPaths, friendPaths))).friends[0]!;
  assert.equal(f.relationship, 'partial overlap');
  assert.deepEqual(f.unmatchedPrimary, [{ file: primaryPaths[0], entry: 3, key: 'run=1 luminosityBlock=7 event=3000009' }]);
  assert.deepEqual(f.unmatchedFriend, [{ file: friendPaths[0], entry: 3, key: 'run=1 luminosityBlock=7 event=3000010' }]);
  await assert.rejects(runJoin(plan('offbyone-pos', primaryPaths, friendPaths, true)), /entry 3 .*event=3000009.* would get .*event=3000010/);
  await assertKeyedJoinIsRight('offbyone', primaryRows, primaryPaths, friend, friendPaths);
});

test('a different event order in one file only: that file is hash joined, the other attached as aligned', async () => {
  const parts = [events(0, 6), events(6, 6)];
  const twoPrimary = files('two', parts);
  const friendParts = [parts[0]!, [...parts[1]!].reverse()];
  const friendPaths = files('onefile', friendParts);
  const f = (await validateJoin(plan('onefile', twoPrimary, friendPaths))).friends[0]!;
  assert.deepEqual(f.strategies, ['aligned', 'reordered']);
  assert.equal(f.positionalMismatch?.primary.file, twoPrimary[1]);
  assert.equal(f.positionalMismatch?.primary.entry, 0);
  await assert.rejects(runJoin(plan('onefile-pos', twoPrimary, friendPaths, true)), /two1\.arrow entry 0 .* would get .*onefile1\.arrow entry 0/);
  const report = await runJoin(plan('onefile', twoPrimary, friendPaths));
  assert.deepEqual(report.friends[0]!.strategies, { aligned: 1, reordered: 1 });
  assert.equal(report.friends[0]!.proof.verifiedRows, 12);
  const got = readOutputRows(join(dir, 'out-onefile', 'f'), ['event', 'fx']);
  assert.deepEqual(got, parts.flat().map((r) => `${r.event}|${r.x}`));
});

// Aligned files are compared row by row, reordered pairs placed whole, and friends that hold only some events in windows.
for (const [order, reorder, strategy] of [
  ['aligned', (rows: Row[]) => rows, 'aligned'],
  ['reordered', (rows: Row[]) => [...rows].reverse(), 'reordered'],
  ['subset', (rows: Row[]) => [...rows].reverse().filter((r) => r !== primaryRows[2]), 'reordered'],
] as const) {
  test(`a friend file that changes after the scan is caught while attaching, naming the rows (${order})`, async () => {
    const friendRows = reorder(primaryRows);
    const friendPaths = files(`stable-${order}`, [friendRows]);
    // The friend row that holds primary entry 5's event gets another event.
    const tampered = files(`tampered-${order}`, [friendRows.map((r) => (r === primaryRows[5] ? { ...r, event: 1n } : r))]);
    let opens = 0;
    // The scan sees the stable file; execution is handed the changed one, as if the file were rewritten in between.
    const open = (path: string, options?: { tree?: string; signal?: AbortSignal }) =>
      openTable(path === friendPaths[0] && opens++ > 0 ? tampered[0]! : path, options);
    const report = await validateJoin(plan(`stable-${order}`, primaryPaths, friendPaths));
    assert.equal(report.friends[0]!.strategies[0], strategy);
    const entry = friendRows.indexOf(primaryRows[5]!);
    await assert.rejects(runJoin(plan(`tampered-${order}`, primaryPaths, friendPaths), { open }), (error: unknown) => {
      assert.ok(FacilityError.is(error));
      assert.match(error.message, new RegExp(`entry 5 \\(run=1 luminosityBlock=7 event=5000015\\) would get .* entry ${entry} \\(run=1 luminosityBlock=7 event=1\\); the keys differ`));
      return true;
    });
  });
}
