import { FacilityError } from '@afkit/core';
import { Type, makeData } from 'apache-arrow';
import type { Data, DataType } from 'apache-arrow';

type Fixed = Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array | Float32Array | Float64Array | BigInt64Array | BigUint64Array;
type FixedConstructor = { new (length: number): Fixed };

/**
 * Gathers rows from a column split in chunks: output row k is row `rows[k]` of the chunks taken as one
 * sequence, or null where `rows[k]` is -1. Handles ints, floats, bools, strings and lists of these (jagged branches).
 */
export function takeRows(type: DataType, chunks: readonly Data[], rows: Int32Array, column: string): Data {
  const starts = new Int32Array(chunks.length + 1);
  chunks.forEach((c, i) => (starts[i + 1] = starts[i]! + c.length));
  return take(type, chunks, starts, rows, column);
}

function take(type: DataType, chunks: readonly Data[], starts: Int32Array, rows: Int32Array, column: string): Data {
  const length = rows.length;
  const chunkOf = new Int32Array(length);
  const localOf = new Int32Array(length);
  const validity = new Uint8Array((length + 7) >> 3);
  let nullCount = 0;
  let hint = 0;
  for (let k = 0; k < length; k++) {
    const row = rows[k]!;
    if (row < 0) {
      chunkOf[k] = -1;
      nullCount++;
      continue;
    }
    if (row < starts[hint]! || row >= starts[hint + 1]!) hint = locate(starts, row);
    const local = row - starts[hint]!;
    const chunk = chunks[hint]!;
    chunkOf[k] = hint;
    localOf[k] = local;
    if (chunk.nullCount > 0 && !chunk.getValid(local)) {
      chunkOf[k] = -1;
      nullCount++;
      continue;
    }
    validity[k >> 3]! |= 1 << (k & 7);
  }
  const nulls = nullCount > 0 ? validity : undefined;
  switch (type.typeId) {
    case Type.Int:
    case Type.Float: {
      const values = new ((type as unknown as { ArrayType: FixedConstructor }).ArrayType)(length);
      for (let k = 0; k < length; k++) {
        const c = chunkOf[k]!;
        if (c >= 0) values[k] = (chunks[c]!.values as Fixed)[localOf[k]!]!;
      }
      return makeData({ type, length, nullCount, nullBitmap: nulls, data: values } as never);
    }
    case Type.Bool: {
      const bits = new Uint8Array((length + 7) >> 3);
      for (let k = 0; k < length; k++) {
        const c = chunkOf[k]!;
        if (c < 0) continue;
        const chunk = chunks[c]!;
        const at = chunk.offset + localOf[k]!;
        if ((chunk.values as Uint8Array)[at >> 3]! & (1 << (at & 7))) bits[k >> 3]! |= 1 << (k & 7);
      }
      return makeData({ type, length, nullCount, nullBitmap: nulls, data: bits } as never);
    }
    case Type.List:
    case Type.Utf8:
    case Type.Binary: {
      const offsets = new Int32Array(length + 1);
      for (let k = 0; k < length; k++) {
        const c = chunkOf[k]!;
        let n = 0;
        if (c >= 0) {
          const o = chunks[c]!.valueOffsets as Int32Array;
          n = o[localOf[k]! + 1]! - o[localOf[k]!]!;
        }
        offsets[k + 1] = offsets[k]! + n;
      }
      const total = offsets[length]!;
      if (type.typeId !== Type.List) {
        const bytes = new Uint8Array(total);
        for (let k = 0; k < length; k++) {
          const c = chunkOf[k]!;
          if (c < 0) continue;
          const chunk = chunks[c]!;
          const o = chunk.valueOffsets as Int32Array;
          bytes.set((chunk.values as Uint8Array).subarray(o[localOf[k]!]!, o[localOf[k]! + 1]!), offsets[k]!);
        }
        return makeData({ type, length, nullCount, nullBitmap: nulls, valueOffsets: offsets, data: bytes } as never);
      }
      // Lists gather their child rows, which are contiguous runs in each chunk's child.
      const children = chunks.map((c) => c.children[0]!);
      const childStarts = new Int32Array(chunks.length + 1);
      children.forEach((c, i) => (childStarts[i + 1] = childStarts[i]! + c.length));
      const childRows = new Int32Array(total);
      for (let k = 0; k < length; k++) {
        const c = chunkOf[k]!;
        if (c < 0) continue;
        const o = chunks[c]!.valueOffsets as Int32Array;
        const base = childStarts[c]!;
        for (let r = o[localOf[k]!]!, end = o[localOf[k]! + 1]!, at = offsets[k]!; r < end; r++, at++) childRows[at] = base + r;
      }
      const valueType = (type as DataType & { valueType: DataType }).valueType;
      const child = take(valueType, children, childStarts, childRows, column);
      return makeData({ type, length, nullCount, nullBitmap: nulls, valueOffsets: offsets, child } as never);
    }
    default:
      throw new FacilityError('unsupported', `column ${column} has type ${String(type)}, which joins do not carry yet`, { details: { column } });
  }
}

function locate(starts: Int32Array, row: number): number {
  let lo = 0;
  let hi = starts.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= row) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
