import { Bool, DataType, makeData, vectorFromArray } from 'apache-arrow';
import type { Data, List } from 'apache-arrow';

type Decoded = ArrayLike<unknown>;

/**
 * Turns one column of values decoded by hyparquet (typed arrays for required numbers, plain arrays for lists, booleans and
 * nullable columns) into Arrow Data of `type`; numbers go through typed arrays, never Arrow's per-value builders.
 */
export function columnData(type: DataType, values: Decoded): Data {
  if (DataType.isList(type)) return listData(type, values);
  if (DataType.isBool(type)) return boolData(values);
  if (DataType.isInt(type) || DataType.isFloat(type)) return numberData(type, values);
  return vectorFromArray(Array.from(values), type).data[0]!;
}

function numberData(type: DataType, values: Decoded): Data {
  const ArrayType = type.ArrayType as unknown as { new (n: number): ArrayLike<number | bigint> & { [i: number]: number | bigint }; from(v: Decoded): unknown };
  let data: ArrayLike<number | bigint> & { [i: number]: number | bigint };
  let nullBitmap: Uint8Array | undefined;
  let nullCount = 0;
  if (ArrayBuffer.isView(values) && values.constructor === ArrayType) data = values as typeof data;
  else {
    data = new ArrayType(values.length);
    const bigint = data instanceof BigInt64Array || data instanceof BigUint64Array;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === null || v === undefined) {
        nullBitmap ??= validAll(values.length);
        nullBitmap[i >> 3]! &= ~(1 << (i & 7));
        nullCount++;
        continue;
      }
      data[i] = bigint ? BigInt(v as number | bigint) : Number(v);
    }
  }
  return makeData({ type, length: values.length, nullCount, nullBitmap, data } as never);
}

function boolData(values: Decoded): Data {
  const bits = new Uint8Array((values.length + 7) >> 3);
  let nullBitmap: Uint8Array | undefined;
  let nullCount = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      nullBitmap ??= validAll(values.length);
      nullBitmap[i >> 3]! &= ~(1 << (i & 7));
      nullCount++;
    } else if (v) bits[i >> 3]! |= 1 << (i & 7);
  }
  return makeData({ type: new Bool(), length: values.length, nullCount, nullBitmap, data: bits });
}

function listData(type: List, rows: Decoded): Data {
  const offsets = new Int32Array(rows.length + 1);
  let nullBitmap: Uint8Array | undefined;
  let nullCount = 0;
  let total = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as Decoded | null | undefined;
    if (row === null || row === undefined) {
      nullBitmap ??= validAll(rows.length);
      nullBitmap[i >> 3]! &= ~(1 << (i & 7));
      nullCount++;
    } else total += row.length;
    offsets[i + 1] = total;
  }
  const flat: unknown[] = new Array(total);
  let at = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as Decoded | null | undefined;
    if (row) for (let k = 0; k < row.length; k++) flat[at++] = row[k];
  }
  const child = columnData(type.children[0]!.type, flat);
  return makeData({ type, length: rows.length, nullCount, nullBitmap, valueOffsets: offsets, child });
}

function validAll(length: number): Uint8Array {
  return new Uint8Array((length + 7) >> 3).fill(0xff);
}
