// A join split by groups of primary files, each group run as its task plan (what an array task runs) and merged,
// equals the same join run whole: report (counts, proof digests, per-file results, validation) and output bytes.
// Runs the tasks in this process, so it needs no Slurm; joins-slurm.test.ts runs them as a real Slurm array.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, test } from 'node:test';
import { Float64, Table, Uint32, Uint64, makeVector, tableToIPC } from 'apache-arrow';
import { validateJoin, type JoinReport } from '@afkit/join-engine';
import { resolvePlan } from '../resolvePlan.ts';
import { runJoinToFolder } from '../runJoinToFolder.ts';
import { groupPrimaryFiles } from './chooseExecutor.ts';
import { mergeTaskReports, runFilePath, type TaskReport } from './mergeTaskReports.ts';
import { taskPlan } from './taskPlan.ts';

const dir = mkdtempSync(join(tmpdir(), 'afkit-merge-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Event numbers near 2^63 (a Number round trip would break them), written as one Arrow file. */
function write(name: string, ids: readonly number[]): string {
  const path = join(dir, `${name}.arrow`);
  const table = new Table({
    run: makeVector({ type: new Uint32(), data: Uint32Array.from(ids, (i) => 1 + (i % 3)) }),
    luminosityBlock: makeVector({ type: new Uint32(), data: Uint32Array.from(ids, (i) => 10 + (i % 7)) }),
    event: makeVector({ type: new Uint64(), data: BigUint64Array.from(ids, (i) => 2n ** 63n + BigInt(i) * 3n) }),
    x: makeVector({ type: new Float64(), data: Float64Array.from(ids, (i) => i / 2) }),
  });
  writeFileSync(path, tableToIPC(table, 'file'));
  return path;
}

const range = (from: number, count: number): number[] => Array.from({ length: count }, (_, k) => from + k);
const reversed = (ids: number[]): number[] => [...ids].reverse();
const sizes = [50, 40, 30, 20, 10];
const starts = sizes.map((_, i) => sizes.slice(0, i).reduce((a, b) => a + b, 0));
const primaryIds = sizes.map((n, i) => range(starts[i]!, n));
const primary = primaryIds.map((ids, i) => write(`p${i}`, ids));
const all = primaryIds.flat();
const friends = [
  // Each file's events reversed, every third missing: paired files, strategy `reordered`.
  { name: 're', files: primaryIds.map((ids, i) => write(`re${i}`, reversed(ids.filter((id) => id % 3 !== 0)))), columns: ['x'] },
  // The primary's own events, attached by position like ROOT AddFriend.
  { name: 'pos', files: primaryIds.map((ids, i) => write(`pos${i}`, ids)), columns: ['x'], positional: true },
  // Events regrouped into two files, with 20 that match no event and two repeated keys.
  { name: 'rg', files: [write('rg0', [...reversed(all.slice(0, 80)), 7, 1000, 1001]), write('rg1', [...all.slice(80), 7, 101, ...range(2000, 18)])], columns: ['x'] },
];

async function splitAndMerge(kind: 'inner' | 'left', perTask: number): Promise<void> {
  const whole = await resolvePlan({ version: 1, primary: { files: primary }, friends, kind, duplicates: 'all', output: { dir: join(dir, `${kind}-whole`), format: 'arrow' } }, dir);
  const expected = await runJoinToFolder(whole, 'whole');
  const plan = { ...whole, output: { ...whole.output, dir: join(dir, `${kind}-split`) } };
  const validation = await validateJoin(plan);
  const groups = groupPrimaryFiles(primary.length, perTask);
  const tasks: TaskReport[] = [];
  const merged = join(dir, `${kind}-merged`);
  for (const group of groups) {
    const sub = taskPlan(plan, validation, group, join(dir, `${kind}-task${group.task}`));
    if (group.first === 0) assert.deepEqual(sub.friends[0]!.files, friends[0]!.files.slice(0, perTask), 'a paired friend is restricted to the group');
    assert.deepEqual(sub.friends[1]!.files, friends[1]!.files.slice(group.first, group.first + group.count), 'a positional friend is restricted to the group');
    assert.deepEqual(sub.friends[2]!.files, friends[2]!.files, 'a regrouped friend keeps every file');
    const report: JoinReport = await runJoinToFolder(sub, `task${group.task}`);
    tasks.push({ group, report });
    for (const friend of report.friends) {
      mkdirSync(join(merged, friend.name), { recursive: true });
      for (const file of friend.files) renameSync(file.outputPath, runFilePath(merged, friend.name, file.outputPath, group));
    }
  }
  const report = mergeTaskReports(plan, validation, tasks.reverse(), merged, 0);
  // A task may join a file of a friend that keeps all its files by hash with the one friend file it needs where the
  // whole run indexes across files (the strategy follows file positions): same rows, same digest, another label.
  const comparable = (r: JoinReport, root: string) => ({
    ...r,
    elapsedMs: 0,
    friends: r.friends.map(({ strategies: _, ...f }) => ({ ...f, files: f.files.map(({ strategy: _s, ...file }) => ({ ...file, outputPath: relative(root, file.outputPath) })) })),
  });
  assert.deepEqual(report.friends[0]!.strategies, expected.friends[0]!.strategies);
  assert.deepEqual(report.friends[1]!.strategies, { aligned: 5 });
  assert.ok(report.friends[2]!.matched > 0 && report.friends[2]!.friendUnmatched === 20);
  assert.deepEqual(comparable(report, merged), comparable(expected, whole.output.dir));
  for (const friend of friends) {
    const names = readdirSync(join(whole.output.dir, friend.name)).sort();
    assert.deepEqual(readdirSync(join(merged, friend.name)).sort(), names);
    for (const name of names) assert.ok(readFileSync(join(merged, friend.name, name)).equals(readFileSync(join(whole.output.dir, friend.name, name))), `${friend.name}/${name}`);
  }
}

test('a left join split into groups of 2 primary files and merged equals the whole run', () => splitAndMerge('left', 2));
test('an inner join split into single files and merged equals the whole run', () => splitAndMerge('inner', 1));

test('primary files are grouped in order, the last group taking the rest', () => {
  assert.deepEqual(groupPrimaryFiles(5, 2), [
    { task: 0, first: 0, count: 2 },
    { task: 1, first: 2, count: 2 },
    { task: 2, first: 4, count: 1 },
  ]);
});

test('runFilePath renumbers a task output by its group', () => {
  const group = { task: 3, first: 9998, count: 5 };
  assert.equal(runFilePath('/out', 'tag', '/t/3/out/tag/0003_nano_7.arrow', group), '/out/tag/10001_nano_7.arrow');
  assert.throws(() => runFilePath('/out', 'tag', '/t/x.arrow', group), /unexpected join output name x\.arrow/);
});
