import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HEP_DATA, skipWithoutData } from '../testData.ts';
import { openByteSource } from '../source/openByteSource.ts';
import { fetchRecords, PrefetchedSource, SpanBuffer } from '../source/PrefetchedSource.ts';
import { RootFile } from './RootFile.ts';
import { decodeBasket } from './readBasket.ts';

// A tree source lends one span buffer to batch after batch while baskets of earlier batches stay cached: a basket must
// never be a view of it, least of all an uncompressed one, whose bytes need no decoding.
for (const file of ['uproot-HZZ-uncompressed.root', 'uproot-HZZ-zlib.root']) {
  test(`ROOT ${file}: baskets read through a lent prefetch buffer keep their bytes when the buffer is refilled`, { skip: skipWithoutData }, async () => {
    const root = await RootFile.open(await openByteSource(`${HEP_DATA}/${file}`));
    try {
      const branches = (await root.tree('events')).fBranches.arr.filter((b) => ['NJet', 'Muon_Px', 'MET_px'].includes(b.fName));
      assert.equal(branches.length, 3);
      const records = branches.map((b) => ({ offset: Number(b.fBasketSeek[0]), length: Number(b.fBasketBytes[0]) }));
      const buffer = new SpanBuffer();
      const fetched = await fetchRecords(root.bytes, records, undefined, buffer);
      assert.ok(fetched instanceof PrefetchedSource);
      const baskets = records.map((r) => decodeBasket(fetched.bytesOf(r.offset, r.length), r.offset, 4));
      const before = baskets.map((b) => b.data.slice());
      const span = Math.max(...records.map((r) => r.offset + r.length)) - Math.min(...records.map((r) => r.offset));
      buffer.lend(span)!.fill(0xa5);
      baskets.forEach((b, k) => assert.deepEqual(b.data, before[k], branches[k]!.fName));
    } finally {
      await root.close();
    }
  });
}
