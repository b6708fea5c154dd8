import { Bool, DataType, Field, Float32, Float64, Int16, Int32, Int64, Int8, List, Schema, Uint16, Uint32, Uint64, Uint8, Utf8 } from 'apache-arrow';
import type { FileMetaData, SchemaTree } from 'hyparquet';
import { parquetSchema } from 'hyparquet';
import type { UnsupportedColumn } from '../TableSource.ts';

/**
 * The Arrow schema of a Parquet file in afkit's conventions, derived from the Parquet types (lists become `List`, 64-bit stays
 * 64-bit). The writer's embedded `ARROW:schema` is deliberately not decoded: a corrupt one sent apache-arrow's flatbuffer
 * decoder into an endless loop in fuzzing. Columns afkit cannot turn into Arrow are listed apart.
 */
export function parquetArrowSchema(metadata: FileMetaData): { schema: Schema; unsupported: UnsupportedColumn[] } {
  const columns = parquetSchema(metadata).children;
  const fields: Field[] = [];
  const unsupported: UnsupportedColumn[] = [];
  for (const column of columns) {
    const name = column.element.name;
    const field = derivedField(column);
    const reason = typeof field === 'string' ? field : unsupportedReason(field.type);
    if (reason) unsupported.push({ name, reason });
    else fields.push(field as Field);
  }
  return { schema: new Schema(fields), unsupported };
}

/** Arrow types the converter fills: numbers, booleans, strings, and lists of those. */
function unsupportedReason(type: DataType): string | undefined {
  if (DataType.isInt(type) || DataType.isFloat(type) || DataType.isBool(type) || DataType.isUtf8(type)) return undefined;
  if (DataType.isList(type)) {
    const child = type.children[0]!.type;
    if (DataType.isInt(child) || DataType.isFloat(child) || DataType.isBool(child)) return undefined;
  }
  return `Parquet columns of type ${String(type)} are not supported`;
}

function derivedField(column: SchemaTree): Field | string {
  const element = column.element;
  const nullable = element.repetition_type === 'OPTIONAL';
  if (element.converted_type === 'LIST' || (element.logical_type as { type?: string } | undefined)?.type === 'LIST') {
    const leaf = column.children[0]?.children[0];
    const item = leaf && primitive(leaf);
    if (!item || typeof item === 'string') return item ?? 'nested Parquet lists are not supported';
    return new Field(element.name, new List(new Field('item', item, leaf.element.repetition_type === 'OPTIONAL')), nullable);
  }
  if (column.children.length) return 'nested Parquet groups (structs, maps) are not supported';
  const type = primitive(column);
  return typeof type === 'string' ? type : new Field(element.name, type, nullable);
}

function primitive(column: SchemaTree): DataType | string {
  const { type, converted_type: converted } = column.element;
  switch (type) {
    case 'BOOLEAN':
      return new Bool();
    case 'INT32':
      return { INT_8: new Int8(), INT_16: new Int16(), UINT_8: new Uint8(), UINT_16: new Uint16(), UINT_32: new Uint32() }[converted as string] ?? new Int32();
    case 'INT64':
      return converted === 'UINT_64' ? new Uint64() : new Int64();
    case 'FLOAT':
      return new Float32();
    case 'DOUBLE':
      return new Float64();
    case 'BYTE_ARRAY':
      return converted === 'UTF8' ? new Utf8() : 'binary Parquet columns are not supported';
    default:
      return `Parquet ${type ?? 'group'} columns are not supported`;
  }
}
