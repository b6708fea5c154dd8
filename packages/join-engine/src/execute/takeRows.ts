import { FacilityError } from '@afkit/core';
import { Type, makeData } from 'apache-arrow';
import type { Data, DataType } from 'apache-arrow';

export type Fixed = Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array | Float32Array | Float64Array | BigInt64Array | BigUint64Array;
export type FixedConstructor = { new (length: number): Fixed };

/**
 * Gathers rows from a column split in chunks: output row k is row `rows[k]` of the chunks taken as one
 * sequence, or null where `rows[k]` is -1. Handles ints, floats, bools, strings and lists of these (jagged branches).
 */
export function takeRows(type: DataType, chunks: readonly Data[], rows: Int32Array, column: string): Data {
  const starts = new Int32Array(chunks.length + 1);
  chunks.forEach((c, i) => (starts[i + 1] = starts[i]! + c.length));
  return take(type, chunks, starts, rows, column);
}

/** Where each output row comes from: chunk (-1 for null) and row within it. */
interface Sources {
  readonly chunkOf: Int32Array;
  readonly localOf: Int32Array;
  readonly validity: Uint8Array | undefined;
  readonly nullCount: number;
}

function locateRows(chunks: readonly Data[], starts: Int32Array, rows: Int32Array): Sources {
  const length = rows.length;
  const chunkOf = new Int32Array(length);
  const localOf = new Int32Array(length);
  const validity = new Uint8Array((length + 7) >> 3);
  const withNulls = chunks.some((c) => c.nullCount > 0);
  const firstChunk = chunkTable(starts);
  let nullCount = 0;
  for (let k = 0; k < length; k++) {
    const row = rows[k]!;
    if (row < 0) {
      chunkOf[k] = -1;
      nullCount++;
      continue;
    }
    let c = firstChunk[row >> BUCKET_BITS]!;
    while (starts[c + 1]! <= row) c++;
    const local = row - starts[c]!;
    if (withNulls && !chunks[c]!.getValid(local)) {
      chunkOf[k] = -1;
      nullCount++;
      continue;
    }
    chunkOf[k] = c;
    localOf[k] = local;
    validity[k >> 3]! |= 1 << (k & 7);
  }
  return { chunkOf, localOf, validity: nullCount > 0 ? validity : undefined, nullCount };
}

/** Rows per bucket of {@link chunkTable}. */
const BUCKET_BITS = 10;

/**
 * The chunk holding the first row of each bucket of 2^BUCKET_BITS rows: a row's chunk is then found from its bucket's
 * in a step or two (rows come in any order, so a search from the last row's chunk rarely helps).
 */
function chunkTable(starts: Int32Array): Int32Array {
  const total = starts[starts.length - 1]!;
  const table = new Int32Array((total >> BUCKET_BITS) + 1);
  for (let b = 0, c = 0; b < table.length; b++) {
    while (c < starts.length - 2 && starts[c + 1]! <= b << BUCKET_BITS) c++;
    table[b] = c;
  }
  return table;
}

function take(type: DataType, chunks: readonly Data[], starts: Int32Array, rows: Int32Array, column: string): Data {
  const length = rows.length;
  const { chunkOf, localOf, validity: nullBitmap, nullCount } = locateRows(chunks, starts, rows);
  switch (type.typeId) {
    case Type.Int:
    case Type.Float: {
      const ArrayType = (type as unknown as { ArrayType: FixedConstructor & { BYTES_PER_ELEMENT: number } }).ArrayType;
      const values = new ArrayType(length);
      const words = ArrayType.BYTES_PER_ELEMENT >> 2;
      if (words > 0) {
        gatherWords(asWords(values), chunks.map((c) => asWords(c.values as Fixed)), chunkOf, localOf, words);
      } else {
        const sources = chunks.map((c) => c.values as Fixed);
        for (let k = 0; k < length; k++) {
          const c = chunkOf[k]!;
          if (c >= 0) values[k] = sources[c]![localOf[k]!]!;
        }
      }
      return makeData({ type, length, nullCount, nullBitmap, data: values } as never);
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
      return makeData({ type, length, nullCount, nullBitmap, data: bits } as never);
    }
    case Type.List:
    case Type.Utf8:
    case Type.Binary: {
      const sourceOffsets = chunks.map((c) => c.valueOffsets as Int32Array);
      const offsets = new Int32Array(length + 1);
      // Where each row's values start in its chunk, kept so that the copy below reads each row's source offsets once.
      const firstValue = new Int32Array(length);
      for (let k = 0; k < length; k++) {
        const c = chunkOf[k]!;
        let n = 0;
        if (c >= 0) {
          const o = sourceOffsets[c]!;
          const first = o[localOf[k]!]!;
          firstValue[k] = first;
          n = o[localOf[k]! + 1]! - first;
        }
        offsets[k + 1] = offsets[k]! + n;
      }
      const total = offsets[length]!;
      const valueSource = type.typeId === Type.List ? chunks.map((c) => c.children[0]!) : undefined;
      // Bytes, and list children of fixed width without nulls, are copied as runs; other children are gathered row by row.
      const flat = valueSource === undefined || valueSource.every((c) => isFixedWidth(c.type) && c.nullCount === 0);
      if (flat) {
        const valueType = (type as DataType & { valueType?: DataType }).valueType;
        const values = valueType ? new (valueType as unknown as { ArrayType: FixedConstructor }).ArrayType(total) : new Uint8Array(total);
        const sources = valueSource ? valueSource.map((c) => c.values as Fixed) : chunks.map((c) => c.values as Uint8Array);
        const words = values.BYTES_PER_ELEMENT >> 2;
        if (words > 0) copyRuns(asWords(values), sources.map(asWords), chunkOf, firstValue, offsets, words);
        else copyRuns(values, sources, chunkOf, firstValue, offsets, 1);
        if (!valueType) return makeData({ type, length, nullCount, nullBitmap, valueOffsets: offsets, data: values } as never);
        const child = makeData({ type: valueType, length: total, nullCount: 0, data: values } as never);
        return makeData({ type, length, nullCount, nullBitmap, valueOffsets: offsets, child } as never);
      }
      const childStarts = new Int32Array(valueSource.length + 1);
      valueSource.forEach((c, i) => (childStarts[i + 1] = childStarts[i]! + c.length));
      const childRows = new Int32Array(total);
      for (let k = 0; k < length; k++) {
        const c = chunkOf[k]!;
        if (c < 0) continue;
        const o = sourceOffsets[c]!;
        const base = childStarts[c]!;
        for (let r = o[localOf[k]!]!, end = o[localOf[k]! + 1]!, at = offsets[k]!; r < end; r++, at++) childRows[at] = base + r;
      }
      const valueType = (type as DataType & { valueType: DataType }).valueType;
      const child = take(valueType, valueSource, childStarts, childRows, column);
      return makeData({ type, length, nullCount, nullBitmap, valueOffsets: offsets, child } as never);
    }
    default:
      throw new FacilityError('unsupported', `column ${column} has type ${String(type)}, which joins do not carry yet`, { details: { column } });
  }
}

function isFixedWidth(type: DataType): boolean {
  return type.typeId === Type.Int || type.typeId === Type.Float;
}

/**
 * The 32-bit words of an array of values of 4 or 8 bytes. Values are moved as words so that one copy loop serves
 * every such type (a loop that sees several typed array kinds runs far slower) and moves their bits exactly.
 */
export function asWords(values: Fixed | Uint8Array): Int32Array {
  return new Int32Array(values.buffer, values.byteOffset, values.byteLength >> 2);
}

/** Output value k is value `localOf[k]` of chunk `chunkOf[k]` (left as is where the chunk is -1); `words` words per value. */
function gatherWords(out: Int32Array, sources: readonly Int32Array[], chunkOf: Int32Array, localOf: Int32Array, words: number): void {
  for (let k = 0; k < chunkOf.length; k++) {
    const c = chunkOf[k]!;
    if (c < 0) continue;
    const src = sources[c]!;
    for (let w = 0, from = localOf[k]! * words, to = k * words; w < words; w++) out[to + w] = src[from + w]!;
  }
}

/**
 * Copies each output row's run of values, `offsets[k + 1] - offsets[k]` of them from value `firstValue[k]` of chunk
 * `chunkOf[k]`; `scale` array elements per value.
 */
function copyRuns(out: Fixed | Uint8Array, sources: readonly (Fixed | Uint8Array)[], chunkOf: Int32Array, firstValue: Int32Array, offsets: Int32Array, scale: number): void {
  const o = out as Int32Array;
  for (let k = 0; k < chunkOf.length; k++) {
    const c = chunkOf[k]!;
    if (c < 0) continue;
    const src = sources[c] as Int32Array;
    let from = firstValue[k]! * scale;
    for (let at = offsets[k]! * scale, end = offsets[k + 1]! * scale; at < end; from++, at++) o[at] = src[from]!;
  }
}
