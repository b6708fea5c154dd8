import { DataType, Field, List, makeData, RecordBatch, Schema, Struct } from 'apache-arrow';
import type { Data } from 'apache-arrow';

/**
 * Brings a field to afkit's conventions: `LargeList` (which awkward/pyarrow write) becomes `List` with Int32 offsets,
 * so that downstream code meets one list type whatever the format.
 */
export function conventionalField(field: Field): Field {
  const type = conventionalType(field.type);
  return type === field.type ? field : new Field(field.name, type, field.nullable, field.metadata);
}

function conventionalType(type: DataType): DataType {
  if (DataType.isLargeList(type) || DataType.isList(type)) {
    const child = type.children[0]!;
    const inner = conventionalField(child);
    return DataType.isList(type) && inner === child ? type : new List(inner);
  }
  return type;
}

/** The schema with every field in afkit's conventions. */
export function conventionalSchema(schema: Schema): Schema {
  const fields = schema.fields.map(conventionalField);
  return fields.every((f, i) => f === schema.fields[i]) ? schema : new Schema(fields, schema.metadata);
}

/** The batch with every column in afkit's conventions (a no-op when it already is). */
export function conventionalBatch(batch: RecordBatch): RecordBatch {
  const schema = conventionalSchema(batch.schema);
  if (schema === batch.schema) return batch;
  const children = batch.data.children.map((child, i) => conventionalData(child, schema.fields[i]!.type));
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: batch.numRows, nullCount: 0, children }));
}

function conventionalData(data: Data, type: DataType): Data {
  if (data.type === type) return data;
  if (DataType.isList(type)) {
    const offsets = data.valueOffsets as Int32Array | BigInt64Array;
    const count = data.length + 1;
    const converted = new Int32Array(count);
    const base = Number(offsets[data.offset]!);
    for (let i = 0; i < count; i++) converted[i] = Number(offsets[data.offset + i]!) - base;
    const child = conventionalData(data.children[0]!, type.children[0]!.type).slice(base, converted[count - 1]!);
    return makeData({ type, length: data.length, nullCount: data.nullCount, nullBitmap: data.nullBitmap, valueOffsets: converted, child });
  }
  return data;
}
