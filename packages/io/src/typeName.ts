import { DataType } from 'apache-arrow';

/** A readable type name for a browser column: `int32`, `uint64`, `float32`, `bool`, `var * float32` for jagged. */
export function typeName(type: DataType): string {
  if (DataType.isList(type) || DataType.isLargeList(type)) return `var * ${typeName(type.children[0]!.type)}`;
  if (DataType.isFixedSizeList(type)) return `${type.listSize} * ${typeName(type.children[0]!.type)}`;
  if (DataType.isInt(type)) return `${type.isSigned ? 'int' : 'uint'}${type.bitWidth}`;
  if (DataType.isFloat(type)) return ['float16', 'float32', 'float64'][type.precision] ?? String(type);
  if (DataType.isBool(type)) return 'bool';
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type)) return 'string';
  if (DataType.isStruct(type)) return `{${type.children.map((c) => `${c.name}: ${typeName(c.type)}`).join(', ')}}`;
  return String(type).toLowerCase();
}
