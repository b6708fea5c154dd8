// Join outputs in every format: the same join written as Parquet or as ROOT holds, row for row, what it holds as Arrow
// (the writers themselves are tested in @afkit/io).
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { listTrees, openTable } from '@afkit/io';
import { runJoin } from '../runJoin.ts';
import { readOutputRows, show, tempDir, writeRows } from '../testing/testData.ts';
import type { Row } from '../testing/testData.ts';

const dir = tempDir('afkit-formats-');
after(() => rmSync(dir, { recursive: true, force: true }));

test('a join written as Parquet holds the same rows as the same join written as Arrow', async () => {
  const rows = Array.from({ length: 30 }, (_, i) => ({ run: 1n, lumi: 2n, event: (1n << 63n) + BigInt(i), x: i % 4 ? i : null, j: [i, i + 1] }));
  writeRows(join(dir, 'p.arrow'), rows, { run: 'uint32', lumi: 'uint32', event: 'uint64' });
  writeRows(join(dir, 'f.arrow'), [...rows].reverse().slice(3), { run: 'uint32', lumi: 'uint32', event: 'uint64' });
  const plan = (format: string) => ({ version: 1, primary: { files: [join(dir, 'p.arrow')] }, friends: [{ name: 'f', files: [join(dir, 'f.arrow')], columns: ['x', 'j'] }], output: { dir: join(dir, format), format } });
  await runJoin(plan('arrow'));
  await runJoin(plan('parquet'));
  const source = await openTable(join(dir, 'parquet', 'f', '0000_p.parquet'));
  const got: string[] = [];
  for await (const batch of source.read()) {
    for (let i = 0; i < batch.numRows; i++) got.push(['run', 'luminosityBlock', 'event', 'x', 'j'].map((c) => show(batch.getChild(c)!.get(i))).join('|'));
  }
  await source.close();
  assert.equal(got.length, 30);
  assert.deepEqual(got, readOutputRows(join(dir, 'arrow', 'f'), ['run', 'luminosityBlock', 'event', 'x', 'j']));
});

test('a join written as ROOT (in the tree the plan names) holds the same rows as the same join written as Arrow', async () => {
  const rows: Row[] = Array.from({ length: 500 }, (_, i) => ({ run: 1n, lumi: BigInt(i >> 6), event: (1n << 63n) + BigInt(i * 3), x: i / 2, j: i % 5 ? Array.from({ length: i % 3 }, (_, k) => i + k) : null }));
  writeRows(join(dir, 'p.arrow'), rows, { run: 'uint32', lumi: 'uint32', event: 'uint64' });
  // The friend lacks some events, so a left join leaves friend columns null there.
  writeRows(join(dir, 'f.arrow'), rows.filter((_, i) => i % 7 !== 3).reverse(), { run: 'uint32', lumi: 'uint32', event: 'uint64' });
  const plan = (format: string, tree?: string) => ({ version: 1, kind: 'left', primary: { files: [join(dir, 'p.arrow')] }, friends: [{ name: 'f', files: [join(dir, 'f.arrow')], columns: ['x', 'j'] }], output: { dir: join(dir, `join-${format}`), format, ...(tree ? { tree } : {}) } });
  await runJoin(plan('arrow'));
  await runJoin(plan('root', 'DimuonFriends'));
  const output = join(dir, 'join-root', 'f', '0000_p.root');
  assert.deepEqual((await listTrees(output)).map((t) => t.name), ['DimuonFriends']);
  const source = await openTable(output);
  const got: string[] = [];
  for await (const batch of source.read()) {
    const cell = (name: string, r: number) => (batch.getChild(`${name}_valid`)?.get(r) === false ? null : batch.getChild(name)!.get(r));
    for (let r = 0; r < batch.numRows; r++) got.push(['run', 'luminosityBlock', 'event', 'x', 'j'].map((c) => show(cell(c, r))).join('|'));
  }
  await source.close();
  const want = readOutputRows(join(dir, 'join-arrow', 'f'), ['run', 'luminosityBlock', 'event', 'x', 'j']);
  assert.equal(want.filter((r) => r.endsWith('|null|null')).length, 71);
  assert.deepEqual(got, want);
});
