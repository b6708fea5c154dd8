import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { FacilityError } from '@afkit/core';
import { openTable, listTrees } from '../index.ts';
import { collect, columnValues, hepFiles, HEP_DATA, skipWithoutData } from '../testData.ts';
import { jsrootColumns } from './jsrootColumns.ts';

/** Equal as jsroot reads it: 64-bit compared exactly where jsroot is exact (below 2^53), booleans by truth. */
function sameValue(afkit: unknown, jsroot: unknown): boolean {
  if (typeof afkit === 'bigint') return afkit > -(2n ** 53n) && afkit < 2n ** 53n ? afkit === BigInt(jsroot as number) : true;
  if (typeof afkit === 'boolean') return afkit === Boolean(jsroot);
  if (Array.isArray(afkit)) return Array.isArray(jsroot) && afkit.length === jsroot.length && afkit.every((v, i) => sameValue(v, jsroot[i]));
  return Object.is(afkit, jsroot);
}

for (const path of hepFiles('.root')) {
  // Batches of 1000 split baskets (values copied out of cached baskets); default batches take whole baskets, swapped in
  // place into the columns, and a second such read must find the file's baskets unchanged.
  test(`ROOT ${basename(path)}: every readable branch of every tree equals jsroot, in split and whole-basket batches`, async () => {
    const trees = await listTrees(path);
    assert.ok(trees.length > 0);
    for (const tree of trees) {
      const table = await openTable(path, { tree: tree.name });
      try {
        assert.equal(table.tree, tree.name);
        assert.equal(table.numEntries, tree.entries);
        const names = table.schema.fields.map((f) => f.name);
        const theirs = await jsrootColumns(path, tree.name, names);
        assert.equal(theirs.entries, table.numEntries);
        for (const [label, batchSize] of [['batches of 1000', 1000], ['default batches', undefined], ['default batches again', undefined]] as const) {
          const ours = await columnValues(table.read({ batchSize }));
          for (const name of names) {
            const a = ours[name] ?? [];
            const b = theirs.columns[name]!;
            assert.equal(a.length, b.length, `${tree.name}.${name}: entry count`);
            for (let i = 0; i < a.length; i++) {
              if (!sameValue(a[i], b[i])) assert.fail(`${basename(path)} ${tree.name}.${name}[${i}] (${label}): afkit ${String(a[i])} vs jsroot ${String(b[i])}`);
            }
          }
        }
      } finally {
        await table.close();
      }
    }
  });
}

test('ROOT: NanoAOD branch metadata: types, titles, sizes, counters; 64-bit event numbers exact', { skip: skipWithoutData }, async () => {
  const table = await openTable(`${HEP_DATA}/nano_dimuon.root`);
  try {
    assert.equal(table.tree, 'Events');
    assert.equal(table.numEntries, 40);
    assert.equal(table.columns.length, 1601);
    const byName = new Map(table.columns.map((c) => [c.name, c]));
    assert.deepEqual(
      ['run', 'event', 'nMuon', 'Muon_pt', 'HLT_IsoMu24', 'Muon_charge'].map((n) => byName.get(n)!.type),
      ['uint32', 'uint64', 'uint32', 'var * float32', 'bool', 'var * int32'],
    );
    assert.equal(byName.get('Muon_pt')!.counter, 'nMuon');
    assert.equal(byName.get('Muon_pt')!.title, 'pt');
    assert.ok(byName.get('Muon_pt')!.compressedBytes! > 0 && byName.get('Muon_pt')!.uncompressedBytes! > 0);
    const [batch] = await collect(table.read({ columns: ['event', 'nMuon', 'Muon_pt'], entryStop: 5 }));
    assert.ok(batch!.getChild('event')!.toArray() instanceof BigUint64Array);
    const counts = [...batch!.getChild('nMuon')!.toArray()];
    const lengths = [...batch!.getChild('Muon_pt')!].map((v) => v!.length);
    assert.deepEqual(lengths, counts);
  } finally {
    await table.close();
  }
  const trees = await listTrees(`${HEP_DATA}/nano_dimuon.root`);
  assert.deepEqual(trees.map((t) => [t.name, t.entries]), [['Events', 40], ['Runs', 56]].slice(0, trees.length));
  assert.ok(trees.some((t) => t.name === 'Runs'));
});

// Small batches keep baskets across batches while later batches prefetch into the same reused span buffer (see also
// readBasket.test.ts), and two reads running at once must each have their own.
for (const file of ['uproot-HZZ-zlib.root', 'uproot-HZZ-uncompressed.root']) {
  test(`ROOT ${file}: entry ranges and small batches across basket boundaries, alone and interleaved, give the same values as a full read`, { skip: skipWithoutData }, async () => {
    const table = await openTable(`${HEP_DATA}/${file}`);
    try {
      const columns = table.schema.fields.map((f) => f.name);
      const full = await columnValues(table.read({ columns }));
      const part = await columnValues(table.read({ columns, entryStart: 333, entryStop: 2100, batchSize: 77 }));
      for (const c of columns) assert.deepEqual(part[c], full[c]!.slice(333, 2100), c);
      const [a, b] = await Promise.all([columnValues(table.read({ columns, batchSize: 101 })), columnValues(table.read({ columns, batchSize: 1000 }))]);
      for (const c of columns) {
        assert.deepEqual(a[c], full[c], `${c}, batches of 101`);
        assert.deepEqual(b[c], full[c], `${c}, batches of 1000`);
      }
    } finally {
      await table.close();
    }
  });
}

test('ROOT: an empty tree reads 0 entries; an unsupported branch is listed with its reason and refused by name', { skip: skipWithoutData }, async () => {
  const path = `${HEP_DATA}/uproot-empty.root`;
  const table = await openTable(path);
  try {
    assert.equal(table.numEntries, 0);
    assert.deepEqual(await collect(table.read()), []);
    assert.ok(table.unsupported.length >= 1);
    const bad = table.unsupported[0]!;
    assert.match(bad.reason, /not supported/);
    assert.equal(table.columns.find((c) => c.name === bad.name)!.unsupported, bad.reason);
    await assert.rejects(collect(table.read({ columns: [bad.name] })), (e: unknown) => FacilityError.is(e) && e.code === 'unsupported' && e.message.includes(path) && e.message.includes(bad.name));
  } finally {
    await table.close();
  }
  await assert.rejects(openTable(path, { tree: 'nope' }), (e: unknown) => FacilityError.is(e) && e.code === 'not-found' && e.where === path && /nope/.test(e.message));
});
