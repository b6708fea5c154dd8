import { Type, makeData } from 'apache-arrow';
import type { Data, DataType } from 'apache-arrow';
import { asWords } from './takeRows.ts';
import type { Fixed, FixedConstructor } from './takeRows.ts';

/**
 * Places the rows of a column split in chunks into `length` output rows: row i of the chunks, taken as one sequence,
 * becomes output row `to[i]`, where no two rows go to the same output row; output rows that get none are null. It reads
 * the source in order and writes at random, which on columns larger than the CPU cache runs several times faster than
 * gathering (reading at random, as `takeRows` must). Handles numbers of 4 or 8 bytes and lists of them (null rows
 * allowed, no null values inside a list); returns null for any other type, to be gathered with `takeRows` instead.
 */
export function scatterRows(type: DataType, chunks: readonly Data[], to: Int32Array, length: number): Data | null {
  if (type.typeId === Type.Int || type.typeId === Type.Float) {
    const words = wordsPerValue(type);
    if (words === 0) return null;
    const values = new (type.ArrayType as FixedConstructor)(length);
    let first = 0;
    for (const chunk of chunks) {
      scatterWords(asWords(values), asWords(chunk.values as Fixed), to, first, chunk.length, words);
      first += chunk.length;
    }
    return makeData({ type, length, ...placeValidity(chunks, to, length), data: values } as never);
  }
  if (type.typeId !== Type.List) return null;
  const valueType = (type as DataType & { valueType: DataType }).valueType;
  const words = valueType.typeId === Type.Int || valueType.typeId === Type.Float ? wordsPerValue(valueType) : 0;
  if (words === 0 || chunks.some((c) => c.children[0]!.nullCount > 0)) return null;
  const offsets = new Int32Array(length + 1);
  let first = 0;
  for (const chunk of chunks) {
    const o = chunk.valueOffsets as Int32Array;
    for (let i = 0; i < chunk.length; i++) offsets[to[first + i]! + 1] = o[i + 1]! - o[i]!;
    first += chunk.length;
  }
  for (let k = 0; k < length; k++) offsets[k + 1]! += offsets[k]!;
  const values = new (valueType.ArrayType as FixedConstructor)(offsets[length]!);
  first = 0;
  for (const chunk of chunks) {
    scatterRuns(asWords(values), asWords(chunk.children[0]!.values as Fixed), chunk.valueOffsets as Int32Array, offsets, to, first, chunk.length, words);
    first += chunk.length;
  }
  const child = makeData({ type: valueType, length: offsets[length]!, nullCount: 0, data: values } as never);
  return makeData({ type, length, ...placeValidity(chunks, to, length), valueOffsets: offsets, child } as never);
}

/** The output's null bitmap and count: a row's validity goes where the row goes, and output rows that get none are null. */
function placeValidity(chunks: readonly Data[], to: Int32Array, length: number): { nullCount: number; nullBitmap?: Uint8Array } {
  const sourceNulls = chunks.some((c) => c.nullCount > 0);
  if (!sourceNulls && to.length === length) return { nullCount: 0 };
  const bitmap = new Uint8Array((length + 7) >> 3);
  let valid = 0;
  let first = 0;
  for (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) {
      if (sourceNulls && !chunk.getValid(i)) continue;
      const k = to[first + i]!;
      bitmap[k >> 3]! |= 1 << (k & 7);
      valid++;
    }
    first += chunk.length;
  }
  return { nullCount: length - valid, nullBitmap: bitmap };
}

/** 32-bit words per value of a number type: 1 or 2, or 0 for narrower numbers. */
function wordsPerValue(type: DataType): number {
  return (type.ArrayType as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT >> 2;
}

/** Value i of `src` goes to output value `to[first + i]`, for i below `rows`; `words` words per value. */
function scatterWords(out: Int32Array, src: Int32Array, to: Int32Array, first: number, rows: number, words: number): void {
  for (let i = 0; i < rows; i++) {
    for (let w = 0, from = i * words, at = to[first + i]! * words; w < words; w++) out[at + w] = src[from + w]!;
  }
}

/** The run of list values of row i of a chunk goes to where output row `to[first + i]` starts; `words` words per value. */
function scatterRuns(out: Int32Array, src: Int32Array, sourceOffsets: Int32Array, offsets: Int32Array, to: Int32Array, first: number, rows: number, words: number): void {
  for (let i = 0; i < rows; i++) {
    let at = offsets[to[first + i]!]! * words;
    for (let from = sourceOffsets[i]! * words, end = sourceOffsets[i + 1]! * words; from < end; from++, at++) out[at] = src[from]!;
  }
}
