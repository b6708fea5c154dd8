import { makeData, RecordBatch, Schema, Struct } from 'apache-arrow';
import type { Data, Field, TypeMap } from 'apache-arrow';

/**
 * apache-arrow's RecordBatch constructor hands every batch's fields to `Schema.assign`, which looks each field up by name
 * among all of them and clones it with two fresh metadata maps: quadratic in the column count (2.5 M name comparisons
 * for a batch of NanoAOD's 1,601 columns) and about 80 KB of garbage for a 51-column batch, more than reading a small
 * basket costs. When the fields handed back are the schema's own, in order, the assigned schema equals this one: it is
 * returned as it is. Any other assignment (a child of another length makes arrow clone its field as nullable) goes the
 * library's way.
 */
class BatchSchema extends Schema {
  override assign<R extends TypeMap = any>(schema: Schema<R>): Schema;
  override assign<R extends TypeMap = any>(...fields: (Field<R[keyof R]> | Field<R[keyof R]>[])[]): Schema;
  override assign(...args: (Schema | Field | Field[])[]): Schema {
    const [fields] = args;
    if (args.length === 1 && Array.isArray(fields) && sameFields(fields, this.fields)) return this;
    return (super.assign as (...all: typeof args) => Schema)(...args);
  }
}

function sameFields(a: readonly Field[], b: readonly Field[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The batch schema standing for each schema a reader keeps, with the struct type of its fields; both are built once. */
const batchSchemas = new WeakMap<Schema, { readonly schema: BatchSchema; readonly struct: Struct }>();

/**
 * A record batch of `children` (one per field of `schema`, each `length` rows long) built without apache-arrow's per-batch
 * schema rebuild. Its schema equals `schema` (same fields, metadata and dictionaries); readers call this for every batch.
 */
export function recordBatch(schema: Schema, children: readonly Data[], length: number): RecordBatch {
  let kept = batchSchemas.get(schema);
  if (!kept) {
    kept = { schema: new BatchSchema(schema.fields, schema.metadata, schema.dictionaries, schema.metadataVersion), struct: new Struct(schema.fields) };
    batchSchemas.set(schema, kept);
  }
  return new RecordBatch(kept.schema, makeData({ type: kept.struct, length, nullCount: 0, children: children as Data[] }));
}
