import { FacilityError } from '@afkit/core';
import { Type } from 'apache-arrow';
import type { Data, RecordBatch } from 'apache-arrow';
import type { KeyLayout } from './KeyLayout.ts';

/** Where a batch came from, so that a bad key can be named by file, column and entry. */
export interface KeySource {
  readonly file: string;
  /** Column name of each key in this file (a friend may name keys differently). */
  readonly columns: readonly string[];
}

/**
 * Writes the keys of `batch` into `out` (lanes, see {@link KeyLayout}) starting at row `firstRow`, exactly:
 * int8..int64 and uint8..uint64 columns are accepted; a null, a negative value or one that overflows the
 * key's type fails naming the file, the column and the entry.
 */
export function normaliseKeys(batch: RecordBatch, layout: KeyLayout, source: KeySource, out: Uint32Array, firstRow: number): void {
  const columns = layout.keys.map((_, k) => {
    const name = source.columns[k]!;
    const column = batch.getChild(name);
    if (!column) throw missingKey(source.file, name);
    return column.data;
  });
  const write = (data: Data, k: number, begin: number, end: number, row: number) =>
    writeLanes(data, begin, end, layout.keys[k]!.type === 'uint64', layout.width, layout.laneOf[k]!, out, row, source.file, source.columns[k]!);
  if (columns.every((chunks) => chunks.length === 1)) {
    // Key by key over blocks of rows, so that each block of lanes is still in cache when the next key fills it in.
    for (let begin = 0; begin < batch.numRows; begin += BLOCK_ROWS) {
      const end = Math.min(batch.numRows, begin + BLOCK_ROWS);
      columns.forEach((chunks, k) => write(chunks[0]!, k, begin, end, firstRow));
    }
    return;
  }
  columns.forEach((chunks, k) => {
    let row = firstRow;
    for (const data of chunks) {
      write(data, k, 0, data.length, row);
      row += data.length;
    }
  });
}

/** Rows normalised key by key at a time: their lanes (16 bytes a row for CMS keys) fit in the CPU cache. */
const BLOCK_ROWS = 4096;

/** The error for a file that lacks a key column. */
export function missingKey(file: string, column: string): FacilityError {
  return new FacilityError('invalid-input', `${file} lacks ${column}, a join key`, {
    where: file,
    hint: `Map the key to another column of this file (keyMap) or choose other keys.`,
    details: { file, column },
  });
}

/** Writes values [begin, end) of one key column; value i goes to row `firstRow` + i of `out`, named entry `firstRow` + i. */
function writeLanes(data: Data, begin: number, end: number, wide: boolean, width: number, lane: number, out: Uint32Array, firstRow: number, file: string, name: string): void {
  const type = data.type as { typeId: Type; bitWidth?: number; isSigned?: boolean };
  if (type.typeId !== Type.Int) {
    throw new FacilityError('invalid-input', `${file}: key column ${name} has type ${String(data.type)}; keys must be integers`, { where: file });
  }
  if (data.nullCount > 0) {
    for (let i = begin; i < end; i++) if (!data.getValid(i)) throw badKey(file, name, firstRow + i, 'is null');
  }
  const at = (firstRow + begin) * width + lane;
  const signed = type.isSigned === true;
  // One loop per case, so that the loop that runs per value carries no test that is the same for every value.
  if (type.bitWidth === 64) {
    const v = data.values as BigInt64Array | BigUint64Array;
    const words = new Uint32Array(v.buffer, v.byteOffset + begin * 8, (end - begin) * 2);
    const n = end - begin;
    const bad = wide ? (signed ? copyWide(words, n, out, at, width) : copyWideUnsigned(words, n, out, at, width)) : copyNarrowed(words, n, out, at, width);
    if (bad >= 0) {
      const value = v[begin + bad];
      const what = words[2 * bad + 1]! >= 0x80000000 && signed ? `is negative (${value})` : `is ${value}, which overflows uint32`;
      throw badKey(file, name, firstRow + begin + bad, what);
    }
    return;
  }
  const v = (data.values as Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array).subarray(begin, end);
  const bad = signed ? copySmall(v as Int8Array | Int16Array | Int32Array, v.length, out, at, width, wide) : copySmallUnsigned(v as Uint8Array | Uint16Array | Uint32Array, v.length, out, at, width, wide);
  if (bad >= 0) throw badKey(file, name, firstRow + begin + bad, `is negative (${v[bad]})`);
}

/** Copies 64-bit values (as low, high words) into two lanes each; the first negative value's index, or -1. */
function copyWide(words: Uint32Array, n: number, out: Uint32Array, at: number, width: number): number {
  for (let i = 0; i < n; i++, at += width) {
    const hi = words[2 * i + 1]!;
    if (hi >= 0x80000000) return i;
    out[at] = words[2 * i]!;
    out[at + 1] = hi;
  }
  return -1;
}

/** Copies unsigned 64-bit values (as low, high words) into two lanes each; never fails (-1). */
function copyWideUnsigned(words: Uint32Array, n: number, out: Uint32Array, at: number, width: number): number {
  for (let i = 0; i < n; i++, at += width) {
    out[at] = words[2 * i]!;
    out[at + 1] = words[2 * i + 1]!;
  }
  return -1;
}

/** Copies 64-bit values into one lane each; the index of the first that does not fit 32 unsigned bits, or -1. */
function copyNarrowed(words: Uint32Array, n: number, out: Uint32Array, at: number, width: number): number {
  for (let i = 0; i < n; i++, at += width) {
    if (words[2 * i + 1] !== 0) return i;
    out[at] = words[2 * i]!;
  }
  return -1;
}

/** Copies signed values of up to 32 bits (a zero high lane for a uint64 key); the first negative value's index, or -1. */
function copySmall(v: Int8Array | Int16Array | Int32Array, n: number, out: Uint32Array, at: number, width: number, wide: boolean): number {
  for (let i = 0; i < n; i++, at += width) {
    const x = v[i]!;
    if (x < 0) return i;
    out[at] = x;
  }
  if (wide) zeroLane(out, at - n * width + 1, n, width);
  return -1;
}

/** Copies unsigned values of up to 32 bits (a zero high lane for a uint64 key); never fails (-1). */
function copySmallUnsigned(v: Uint8Array | Uint16Array | Uint32Array, n: number, out: Uint32Array, at: number, width: number, wide: boolean): number {
  for (let i = 0; i < n; i++, at += width) out[at] = v[i]!;
  if (wide) zeroLane(out, at - n * width + 1, n, width);
  return -1;
}

function zeroLane(out: Uint32Array, at: number, n: number, width: number): void {
  for (let i = 0; i < n; i++, at += width) out[at] = 0;
}

function badKey(file: string, column: string, entry: number, what: string): FacilityError {
  return new FacilityError('invalid-input', `${file}: key ${column} at entry ${entry} ${what}`, {
    where: file,
    details: { file, column, entry },
  });
}
