import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openTable, listTrees } from '../index.ts';
import { collect, columnValues, HEP_DATA, skipWithoutData } from '../testData.ts';

for (const name of ['nano_dimuon', 'nano_dy']) {
  test(`${name}: the ROOT and Parquet copies give equal columns (keys, flat and jagged)`, { skip: skipWithoutData }, async () => {
    const root = await openTable(`${HEP_DATA}/${name}.root`);
    const parquet = await openTable(`${HEP_DATA}/${name}.parquet`);
    try {
      assert.equal(parquet.format, 'parquet');
      assert.equal(parquet.numEntries, root.numEntries);
      const rootTypes = new Map(root.columns.map((c) => [c.name, c.type]));
      const common = parquet.columns.filter((c) => rootTypes.get(c.name) === c.type).map((c) => c.name);
      for (const key of ['run', 'luminosityBlock', 'event', 'nMuon', 'Muon_pt', 'Muon_eta', 'Jet_pt', 'Muon_charge']) assert.ok(common.includes(key), `${key} in both with one type`);
      assert.ok(common.length > 1000, `${common.length} common columns`);
      const a = await columnValues(root.read({ columns: common }));
      const b = await columnValues(parquet.read({ columns: common, batchSize: 16 }));
      for (const c of common) assert.deepEqual(b[c], a[c], c);
      assert.equal(typeof a.event![0], 'bigint');
    } finally {
      await root.close();
      await parquet.close();
    }
  });
}

test('Parquet: columns in the order asked, entry ranges, batch size, sizes per column, one table listed', { skip: skipWithoutData }, async () => {
  const path = `${HEP_DATA}/nano_dimuon.parquet`;
  const table = await openTable(path);
  try {
    const batches = await collect(table.read({ columns: ['Muon_pt', 'event'], entryStart: 5, entryStop: 27, batchSize: 10 }));
    assert.deepEqual(batches.map((b) => b.numRows), [10, 10, 2]);
    assert.deepEqual(batches[0]!.schema.fields.map((f) => `${f.name}:${f.type}`), ['Muon_pt:List<Float32>', 'event:Uint64']);
    const all = await columnValues(table.read({ columns: ['event'] }));
    const part = await columnValues(table.read({ columns: ['event'], entryStart: 5, entryStop: 27 }));
    assert.deepEqual(part.event, all.event!.slice(5, 27));
    const pt = table.columns.find((c) => c.name === 'Muon_pt')!;
    assert.equal(pt.type, 'var * float32');
    assert.ok(pt.compressedBytes! > 0);
  } finally {
    await table.close();
  }
  assert.deepEqual((await listTrees(path)).map((t) => [t.name, t.entries]), [['', 40]]);
});
