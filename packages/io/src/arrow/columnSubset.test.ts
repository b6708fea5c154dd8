import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Bool, Dictionary, Field, Float32, Int16, Int32, List, Schema, Struct, Utf8 } from 'apache-arrow';
import { BufferRegion, FieldNode, RecordBatch as BatchHeader } from 'apache-arrow/ipc/metadata/message';
import { columnLayouts, subsetMessage } from './columnSubset.ts';

const schema = new Schema([
  new Field('run', new Int32()),
  new Field('label', new Utf8()),
  new Field('jets', new List(new Field('item', new Float32()))),
  new Field('pair', new Struct([new Field('a', new Int16()), new Field('b', new Utf8())])),
  new Field('flag', new Bool()),
]);

test('column layouts follow the IPC format: nodes and buffers per column, children included', () => {
  assert.deepEqual(
    columnLayouts(schema)!.map((l) => [l.firstNode, l.nodes, l.firstBuffer, l.buffers]),
    [
      [0, 1, 0, 2],
      [1, 1, 2, 3],
      [2, 2, 5, 4],
      [4, 3, 9, 6],
      [7, 1, 15, 2],
    ],
  );
  assert.equal(columnLayouts(new Schema([new Field('d', new Dictionary(new Utf8(), new Int32()))])), undefined, 'dictionaries are read whole');
});

test('a subset message packs its columns’ buffers 8-byte aligned, and refuses a buffer past the body', () => {
  const layouts = columnLayouts(schema)!;
  const nodes = Array.from({ length: 8 }, () => new FieldNode(10, 0));
  const buffers = Array.from({ length: 17 }, (_, i) => new BufferRegion(i * 64, 40 + i));
  const { bodyLength, reads } = subsetMessage(new BatchHeader(10, nodes, buffers, null), layouts, [1, 4], 17 * 64);
  assert.deepEqual(reads, [
    { from: 128, length: 42, to: 0 },
    { from: 192, length: 43, to: 48 },
    { from: 256, length: 44, to: 96 },
    { from: 960, length: 55, to: 144 },
    { from: 1024, length: 56, to: 200 },
  ]);
  assert.equal(bodyLength, 256);
  const corrupt = buffers.map((b, i) => (i === 15 ? new BufferRegion(b.offset, 2 ** 40) : b));
  assert.throws(() => subsetMessage(new BatchHeader(10, nodes, corrupt, null), layouts, [4], 17 * 64), /runs past the 1088-byte message body/);
  assert.throws(() => subsetMessage(new BatchHeader(10, nodes.slice(1), buffers, null), layouts, [4], 17 * 64), /do not match the schema/);
});
