import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Field, Float32, Int32, makeData, RecordBatch, Schema, Struct, tableFromIPC, tableToIPC } from 'apache-arrow';
import { recordBatch } from './recordBatch.ts';

function floats(values: number[]) {
  return makeData({ type: new Float32(), length: values.length, nullCount: 0, data: Float32Array.from(values) });
}

test('a batch keeps the schema’s own fields: none is cloned, and the schema is built once for every batch', () => {
  const fields = Array.from({ length: 1601 }, (_, i) => new Field(`branch_${i}`, new Float32(), false, new Map([['doc', `documentation ${i}`]])));
  const schema = new Schema(fields, new Map([['source', 'nano.root']]));
  const children = fields.map((_, i) => floats([i, i + 0.5, i + 1]));
  const first = recordBatch(schema, children, 3);
  const second = recordBatch(schema, children, 3);
  assert.equal(first.numRows, 3);
  assert.equal(first.numCols, 1601);
  assert.equal(first.schema, second.schema);
  for (let i = 0; i < fields.length; i++) assert.equal(first.schema.fields[i], fields[i]);
  assert.equal(first.schema.metadata.get('source'), 'nano.root');
  assert.equal(first.schema.fields[1600]!.metadata.get('doc'), 'documentation 1600');
  assert.deepEqual([...first.getChildAt(1600)!], [1600, 1600.5, 1601]);
  // apache-arrow's own constructor clones every field: what recordBatch spares.
  const library = new RecordBatch(schema, makeData({ type: new Struct(fields), length: 3, nullCount: 0, children }));
  assert.notEqual(library.schema.fields[0], fields[0]);
  assert.deepEqual(library.schema.fields.map(String), first.schema.fields.map(String));
});

test('a batch written as Arrow IPC reads back with the same schema and values as the library’s own batch', () => {
  const fields = [new Field('run', new Int32(), false), new Field('pt', new Float32(), false, new Map([['doc', 'transverse momentum']]))];
  const schema = new Schema(fields);
  const children = [makeData({ type: new Int32(), length: 2, nullCount: 0, data: Int32Array.of(1, 2) }), floats([20.5, 31])];
  const ours = tableFromIPC(tableToIPC([recordBatch(schema, children, 2)] as never));
  const library = tableFromIPC(tableToIPC([new RecordBatch(schema, makeData({ type: new Struct(fields), length: 2, nullCount: 0, children }))] as never));
  assert.deepEqual(ours.toArray().map((r) => r.toJSON()), library.toArray().map((r) => r.toJSON()));
  assert.equal(ours.schema.fields[1]!.metadata.get('doc'), 'transverse momentum');
  assert.deepEqual(ours.schema.fields.map(String), library.schema.fields.map(String));
});

test('a child shorter than the batch is padded with nulls the library’s way, its field made nullable', () => {
  const fields = [new Field('a', new Float32(), false), new Field('b', new Float32(), false)];
  const batch = recordBatch(new Schema(fields), [floats([1, 2, 3]), floats([4])], 3);
  assert.equal(String(batch.schema.fields[0]), 'a: Float32');
  assert.equal(batch.schema.fields[0]!.nullable, false);
  assert.equal(batch.schema.fields[1]!.nullable, true);
  assert.deepEqual([...batch.getChildAt(1)!], [4, null, null]);
});
