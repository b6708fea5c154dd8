import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { RecordBatch, Struct, Table, makeData, tableFromIPC, tableToIPC } from 'apache-arrow';
import { FacilityError } from '@afkit/core';
import { openTable } from '@afkit/io';
import { runJoin } from './runJoin.ts';
import { takeRows } from './execute/takeRows.ts';
import { rng, show, tempDir } from './testing/testData.ts';

const HEP = '/work/shared/data/hep';
const skip = existsSync(HEP) ? false : `real files absent: ${HEP} does not exist`;
const dir = tempDir();
after(() => rmSync(dir, { recursive: true, force: true }));

/** Every row of the chosen columns of a file, as comparable text. */
async function readColumns(path: string, columns: string[]): Promise<string[]> {
  const source = await openTable(path);
  const rows: string[] = [];
  try {
    for await (const batch of source.read({ columns })) {
      const vectors = columns.map((c) => batch.getChild(c)!);
      for (let i = 0; i < batch.numRows; i++) rows.push(vectors.map((v) => show(v.get(i))).join('|'));
    }
  } finally {
    await source.close();
  }
  return rows;
}

function outputRows(path: string, columns: string[]): string[] {
  const table = tableFromIPC(readFileSync(path));
  const vectors = columns.map((c) => table.getChild(c)!);
  return Array.from({ length: table.numRows }, (_, i) => vectors.map((v) => show(v.get(i))).join('|'));
}

test('nano_dimuon.root joined with columns of nano_dimuon.parquet equals the originals', { skip }, async () => {
  const out = join(dir, 'dimuon');
  const report = await runJoin({
    version: 1,
    primary: { files: [`${HEP}/nano_dimuon.root`], tree: 'Events' },
    friends: [{ name: 'pq', files: [`${HEP}/nano_dimuon.parquet`], columns: ['MET_pt', 'nMuon', 'Muon_pt', 'Muon_charge'], prefix: 'pq_' }],
    output: { dir: out },
  });
  const f = report.friends[0]!;
  assert.equal(f.relationship, 'aligned row by row');
  assert.equal(f.proof.verifiedRows, 40);
  const joined = outputRows(join(out, 'pq', '0000_nano_dimuon.arrow'), ['run', 'luminosityBlock', 'event', 'pq_MET_pt', 'pq_nMuon', 'pq_Muon_pt', 'pq_Muon_charge']);
  assert.deepEqual(joined, await readColumns(`${HEP}/nano_dimuon.root`, ['run', 'luminosityBlock', 'event', 'MET_pt', 'nMuon', 'Muon_pt', 'Muon_charge']));
});

test('nano_dy.root joined with a reordered copy split in three files puts every event back in place', { skip }, async () => {
  const columns = ['run', 'luminosityBlock', 'event', 'MET_pt', 'Muon_pt'];
  const source = await openTable(`${HEP}/nano_dy.root`);
  const batches: RecordBatch[] = [];
  for await (const batch of source.read({ columns })) batches.push(batch);
  await source.close();
  const original = new Table(batches);
  const random = rng(3);
  const order = Int32Array.from({ length: original.numRows }, (_, i) => i).sort(() => random() - 0.5);
  const friendFiles = [order.subarray(0, 13), order.subarray(13, 27), order.subarray(27)].map((rows, k) => {
    const children = original.schema.fields.map((field) => takeRows(field.type, original.getChild(field.name)!.data, rows, field.name));
    const batch = new RecordBatch(original.schema, makeData({ type: new Struct(original.schema.fields), length: rows.length, children }));
    const path = join(dir, `dy_part${k}.arrow`);
    writeFileSync(path, tableToIPC(new Table([batch]), 'file'));
    return path;
  });
  const out = join(dir, 'dy');
  const report = await runJoin({
    version: 1,
    primary: { files: [`${HEP}/nano_dy.root`] },
    friends: [{ name: 'copy', files: friendFiles, columns: [{ name: 'MET_pt', as: 'copy_MET_pt' }, { name: 'Muon_pt', as: 'copy_Muon_pt' }] }],
    output: { dir: out },
  });
  const f = report.friends[0]!;
  assert.equal(f.relationship, 'regrouped across 3 files');
  assert.equal(f.matched, 40);
  assert.equal(f.proof.verifiedRows, 40);
  assert.deepEqual(outputRows(join(out, 'copy', '0000_nano_dy.arrow'), ['run', 'luminosityBlock', 'event', 'copy_MET_pt', 'copy_Muon_pt']), await readColumns(`${HEP}/nano_dy.root`, columns));
});

test('missing_luminosityBlock.root as primary fails naming the file and the missing key branch', { skip }, async () => {
  const path = `${HEP}/missing_luminosityBlock.root`;
  await assert.rejects(
    runJoin({ version: 1, primary: { files: [path] }, friends: [{ name: 'f', files: [`${HEP}/nano_dy.root`], columns: ['MET_pt'] }], output: { dir: join(dir, 'missing') } }),
    (error: unknown) => FacilityError.is(error) && error.message === `${path} lacks luminosityBlock, a join key` && error.code === 'invalid-input',
  );
});
