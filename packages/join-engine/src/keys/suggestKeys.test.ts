import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Field, Float32, Int32, Schema, Uint32, Uint64 } from 'apache-arrow';
import { suggestKeys } from './suggestKeys.ts';

const schema = (...fields: [string, Int32 | Uint32 | Uint64 | Float32][]) => new Schema(fields.map(([n, t]) => new Field(n, t)));

test('suggests CMS, ATLAS and EventInfo keys', () => {
  assert.deepEqual(suggestKeys(schema(['event', new Uint64()], ['run', new Uint32()], ['luminosityBlock', new Uint32()], ['Muon_pt', new Float32()])).map((k) => k.name), ['run', 'luminosityBlock', 'event']);
  assert.deepEqual(suggestKeys(schema(['runNumber', new Uint32()], ['lumiBlock', new Uint32()], ['eventNumber', new Uint64()])).map((k) => k.name), ['runNumber', 'lumiBlock', 'eventNumber']);
  assert.deepEqual(suggestKeys(schema(['EventInfo.runNumber', new Uint32()], ['EventInfo.lumiBlock', new Uint32()], ['EventInfo.eventNumber', new Uint64()]))[2], { name: 'EventInfo.eventNumber', type: 'uint64' });
});

test('offers the part of a convention a file has, and nothing for non-integer or absent keys', () => {
  assert.deepEqual(suggestKeys(schema(['run', new Int32()], ['event', new Uint64()])).map((k) => k.name), ['run', 'event']);
  assert.deepEqual(suggestKeys(schema(['run', new Float32()], ['event', new Float32()])), []);
  assert.deepEqual(suggestKeys(schema(['x', new Float32()])), []);
});
