import assert from 'node:assert/strict';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { FacilityError } from '@afkit/core';
import { openTable, openTableWriter } from '@afkit/io';
import { runJoin } from '../runJoin.ts';
import { readOutputRows, rng, show, tempDir, writeRows } from '../testing/testData.ts';
import type { Row } from '../testing/testData.ts';

const dir = tempDir();
after(() => rmSync(dir, { recursive: true, force: true }));
const types = { run: 'uint32', lumi: 'uint32', event: 'uint64' } as const;

/** Writes row groups as files named `<prefix><k>.arrow`; returns their paths. */
function writeFiles(prefix: string, groups: readonly Row[][]): string[] {
  return groups.map((rows, k) => {
    const path = join(dir, `${prefix}${k}.arrow`);
    writeRows(path, rows, types);
    return path;
  });
}

/** Cuts rows into `parts` runs of about equal length. */
function cut<T>(rows: readonly T[], parts: number): T[][] {
  const per = Math.ceil(rows.length / parts);
  return Array.from({ length: parts }, (_, k) => rows.slice(k * per, (k + 1) * per));
}

/** An `open` that counts how often the rows of each path are read (opening a file for its schema reads no rows). */
function countingReads(): { open: typeof openTable; reads: Map<string, number> } {
  const reads = new Map<string, number>();
  return {
    reads,
    open: async (path, options) => {
      const source = await openTable(path, options);
      const read = source.read.bind(source);
      source.read = (readOptions) => {
        reads.set(path, (reads.get(path) ?? 0) + 1);
        return read(readOptions);
      };
      return source;
    },
  };
}

test('a friend shuffled across files is read once and spread to the primary files, not read once per primary file', async () => {
  const random = rng(3);
  const primary: Row[] = Array.from({ length: 12_000 }, (_, i) => ({ run: 1n, lumi: BigInt(i >> 9), event: BigInt(i) * 7n, x: i, j: [i % 4] }));
  // 8 primary files: read per primary file, each friend row would be read 8 times, above the default threshold.
  const primaryPaths = writeFiles('sp', cut(primary, 8));
  const friendPaths = writeFiles('sf', cut([...primary].sort(() => random() - 0.5), 3));
  const out = join(dir, 'spread');
  const { open, reads } = countingReads();
  const report = await runJoin({ version: 1, primary: { files: primaryPaths }, friends: [{ name: 'f', files: friendPaths, columns: ['x', 'j'] }], kind: 'left', output: { dir: out } }, { open });
  // Each friend file: once by the key scan, once by its spread; read per primary file, it would be 1 + 8 times.
  assert.deepEqual(friendPaths.map((p) => reads.get(p)), [2, 2, 2]);
  assert.deepEqual(readOutputRows(join(out, 'f'), ['event', 'x', 'j']), primary.map((r) => `${r.event}|${r.x}|${show(r.j)}`));
  assert.equal(report.friends[0]!.relationship, 'regrouped across 3 files');
  assert.equal(report.friends[0]!.proof.verifiedRows, primary.length);
  assert.deepEqual(readdirSync(out), ['f'], 'the spill files are removed');
});

test('ROOT and Parquet friends are spread from fewer reads per row than Arrow IPC ones: each of their reads decompresses again', async () => {
  const random = rng(17);
  const primary: Row[] = Array.from({ length: 8000 }, (_, i) => ({ run: 1n, lumi: BigInt(i >> 8), event: BigInt(i), x: i, j: null }));
  // Read per primary file, each friend row would be read 4 times (4 primary files) or 2 times (2).
  const primary4 = writeFiles('fp', cut(primary, 4));
  const primary2 = writeFiles('fq', cut(primary, 2));
  const arrowPaths = writeFiles('fa', cut([...primary].sort(() => random() - 0.5), 2));
  const converted = (format: 'root' | 'parquet') =>
    Promise.all(
      arrowPaths.map(async (arrow) => {
        const path = arrow.replace(/\.arrow$/, `.${format}`);
        const source = await openTable(arrow);
        const writer = await openTableWriter(format, path, source.schema, { tree: 'Events' });
        for await (const batch of source.read()) await writer.write(batch);
        await writer.close();
        await source.close();
        return path;
      }),
    );
  const [rootPaths, parquetPaths] = [await converted('root'), await converted('parquet')];
  const reads = async (primaryPaths: string[], files: string[], tree?: string) => {
    const { open, reads } = countingReads();
    const out = join(dir, `format-${primaryPaths.length}-${files[0]!.split('.').at(-1)}`);
    await runJoin({ version: 1, primary: { files: primaryPaths }, friends: [{ name: 'f', files, columns: ['x'], ...(tree ? { tree } : {}) }], output: { dir: out } }, { open });
    assert.deepEqual(readOutputRows(join(out, 'f'), ['event', 'x']), primary.map((r) => `${r.event}|${r.x}`));
    return files.map((p) => reads.get(p));
  };
  // Arrow IPC: the scan, then each of the 4 primary files' tasks. ROOT: the scan, then the spread.
  assert.deepEqual(await reads(primary4, arrowPaths), [5, 5]);
  assert.deepEqual(await reads(primary4, rootPaths, 'Events'), [2, 2]);
  // At 2 reads per row, ROOT is read by each task (measured even there); Parquet, the slowest to read, is spread.
  assert.deepEqual(await reads(primary2, rootPaths, 'Events'), [3, 3]);
  assert.deepEqual(await reads(primary2, parquetPaths), [2, 2]);
});

test('spread with keys repeated across primary files and in the friend (duplicates "all"), outer join: every pair, in order', async () => {
  const random = rng(5);
  const row = (event: number, x: number): Row => ({ run: 1n, lumi: 1n, event: BigInt(event), x, j: null });
  // Events 0..599 in 4 primary files; events 7 and 450 are repeated in other files.
  const primary = Array.from({ length: 600 }, (_, e) => row(e, e));
  const primaryGroups = cut(primary, 4);
  primaryGroups[3]!.splice(10, 0, row(7, 1007));
  primaryGroups[0]!.splice(20, 0, row(450, 1450));
  // The friend: most events once, event 300 twice, events 1000..1004 in no primary file; shuffled across 3 files.
  const friend = [...primary.filter((r) => r.event % 5n !== 0n).map((r) => row(Number(r.event), -Number(r.event))), row(300, -300.5), ...[1000, 1001, 1002, 1003, 1004].map((e) => row(e, -e))];
  friend.sort(() => random() - 0.5);
  const friendGroups = cut(friend, 3);
  const out = join(dir, 'spread-repeated');
  const { open, reads } = countingReads();
  const friendPaths = writeFiles('rf', friendGroups);
  await runJoin(
    { version: 1, primary: { files: writeFiles('rp', primaryGroups) }, friends: [{ name: 'f', files: friendPaths, columns: ['x'], prefix: 'f_' }], kind: 'outer', duplicates: 'all', output: { dir: out } },
    { open, spreadAbove: 0 },
  );
  // Each friend file: the key scan, its spread, and the unmatched rows appended at the end.
  assert.deepEqual(friendPaths.map((p) => reads.get(p)), [3, 3, 3]);
  // The reference: per primary row in order, every friend row with its key in friend order, or none; then the friend
  // rows that match no primary row, in friend order.
  const friendRows = friendGroups.flat();
  const want: string[] = [];
  for (const p of primaryGroups.flat()) {
    const matches = friendRows.filter((f) => f.event === p.event);
    if (matches.length === 0) want.push(`${p.event}|null`);
    for (const f of matches) want.push(`${p.event}|${f.x}`);
  }
  for (const f of friendRows) if (!primary.some((p) => p.event === f.event)) want.push(`${f.event}|${f.x}`);
  assert.deepEqual(readOutputRows(join(out, 'f'), ['event', 'f_x']), want);
});

test('a friend file changed between the key scan and its spread stops the join, naming both entry counts, and leaves no spill', async () => {
  const primary: Row[] = Array.from({ length: 3000 }, (_, i) => ({ run: 1n, lumi: 1n, event: BigInt(i), x: i, j: null }));
  const random = rng(9);
  const friendPaths = writeFiles('cf', cut([...primary].sort(() => random() - 0.5), 2));
  const shorter = join(dir, 'cf-short.arrow');
  writeRows(shorter, primary.slice(0, 100), types);
  let opens = 0;
  // The second open of the first friend file (its spread) finds it rewritten with fewer entries.
  const open: typeof openTable = (path, options) => openTable(path === friendPaths[0] && ++opens === 2 ? shorter : path, options);
  const out = join(dir, 'spread-changed');
  await assert.rejects(
    runJoin({ version: 1, primary: { files: writeFiles('cp', cut(primary, 4)) }, friends: [{ name: 'f', files: friendPaths, columns: ['x'] }], output: { dir: out } }, { open, spreadAbove: 0 }),
    (error: unknown) => FacilityError.is(error) && error.code === 'conflict' && error.message.includes(`${friendPaths[0]} has 100 entries, but 1500 when its keys were scanned`),
  );
  assert.deepEqual(readdirSync(out), ['f'], 'the spill files are removed');
});

test('cancelling while a friend is spread stops the join and leaves no spill files', async () => {
  const primary: Row[] = Array.from({ length: 4000 }, (_, i) => ({ run: 1n, lumi: 1n, event: BigInt(i), x: i, j: null }));
  const random = rng(13);
  const friendPaths = writeFiles('xf', cut([...primary].sort(() => random() - 0.5), 2));
  const out = join(dir, 'spread-cancelled');
  const controller = new AbortController();
  let spreadRows = 0;
  const running = runJoin(
    { version: 1, primary: { files: writeFiles('xp', cut(primary, 4)) }, friends: [{ name: 'f', files: friendPaths, columns: ['x'] }], output: { dir: out } },
    {
      signal: controller.signal,
      spreadAbove: 0,
      // The first rows done in the join phase are the spread's: cancel there.
      onProgress: (p) => {
        if (p.phase !== 'join') return;
        spreadRows = p.done;
        controller.abort();
      },
    },
  );
  await assert.rejects(running, (error: unknown) => FacilityError.is(error) && error.code === 'cancelled');
  assert.ok(spreadRows > 0 && spreadRows <= 2000, `cancelled after ${spreadRows} rows`);
  assert.deepEqual(readdirSync(out), ['f'], 'the spill files are removed');
});
