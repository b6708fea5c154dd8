import { FacilityError } from '@afkit/core';
import { Type } from 'apache-arrow';
import type { DataType, Field, RecordBatch, Schema, Vector } from 'apache-arrow';
import { ParquetWriter, fileWriter } from 'hyparquet-writer';
import type { SchemaElement } from 'hyparquet-writer';
import type { TableWriter } from './TableWriter.ts';

type Leaf = Pick<SchemaElement, 'type' | 'converted_type'>;

/** Writes record batches into a Parquet file (one row group per batch) with hyparquet-writer; 64-bit integers stay exact. */
export class ParquetFileWriter implements TableWriter {
  private readonly writer: ParquetWriter;

  constructor(path: string, private readonly schema: Schema) {
    const elements: SchemaElement[] = [{ name: 'root', num_children: schema.fields.length }];
    for (const field of schema.fields) elements.push(...schemaElements(field, path));
    this.writer = new ParquetWriter({ writer: fileWriter(path), schema: elements, createdBy: 'afkit join-engine' });
  }

  async write(batch: RecordBatch): Promise<void> {
    if (batch.numRows === 0) return;
    const columnData = this.schema.fields.map((field) => ({ name: field.name, data: columnValues(batch.getChild(field.name)!, field.type) }));
    this.writer.write({ columnData, rowGroupSize: batch.numRows });
  }

  async close(): Promise<void> {
    this.writer.finish();
  }
}

function schemaElements(field: Field, path: string): SchemaElement[] {
  const repetition_type = field.nullable ? 'OPTIONAL' : 'REQUIRED';
  if (field.type.typeId === Type.List) {
    const item = (field.type as DataType & { valueType: DataType }).valueType;
    return [
      { name: field.name, repetition_type, num_children: 1, converted_type: 'LIST' },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      { name: 'element', repetition_type: 'OPTIONAL', ...leaf(item, field.name, path) },
    ];
  }
  return [{ name: field.name, repetition_type, ...leaf(field.type, field.name, path) }];
}

function leaf(type: DataType, column: string, path: string): Leaf {
  const t = type as DataType & { bitWidth?: number; isSigned?: boolean; precision?: number };
  switch (type.typeId) {
    case Type.Bool:
      return { type: 'BOOLEAN' };
    case Type.Int:
      if (t.bitWidth === 64) return t.isSigned ? { type: 'INT64' } : { type: 'INT64', converted_type: 'UINT_64' };
      return { type: 'INT32', ...(t.bitWidth === 32 && t.isSigned ? {} : { converted_type: `${t.isSigned ? 'INT' : 'UINT'}_${t.bitWidth}` as Leaf['converted_type'] }) };
    case Type.Float:
      return { type: t.precision === 2 ? 'DOUBLE' : 'FLOAT' };
    case Type.Utf8:
      return { type: 'BYTE_ARRAY', converted_type: 'UTF8' };
    default:
      throw new FacilityError('unsupported', `${path}: column ${column} of type ${String(type)} cannot be written to Parquet yet`, { where: path });
  }
}

/** Plain JS values of a column, as hyparquet-writer takes them: null for nulls, arrays for lists, BigInt for 64-bit. */
function columnValues(vector: Vector, type: DataType): unknown[] {
  const out: unknown[] = new Array(vector.length);
  const isList = type.typeId === Type.List;
  for (let i = 0; i < vector.length; i++) {
    const value = vector.get(i) as unknown;
    out[i] = value === null ? null : isList ? Array.from(value as Iterable<unknown>) : value;
  }
  return out;
}
