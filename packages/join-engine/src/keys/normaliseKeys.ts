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
  layout.keys.forEach((key, k) => {
    const name = source.columns[k]!;
    const column = batch.getChild(name);
    if (!column) throw missingKey(source.file, name);
    let row = firstRow;
    for (const data of column.data) {
      writeLanes(data, key.type === 'uint64', layout.width, layout.laneOf[k]!, out, row, source.file, name);
      row += data.length;
    }
  });
}

/** The error for a file that lacks a key column. */
export function missingKey(file: string, column: string): FacilityError {
  return new FacilityError('invalid-input', `${file} lacks ${column}, a join key`, {
    where: file,
    hint: `Map the key to another column of this file (keyMap) or choose other keys.`,
    details: { file, column },
  });
}

function writeLanes(data: Data, wide: boolean, width: number, lane: number, out: Uint32Array, firstRow: number, file: string, name: string): void {
  const type = data.type as { typeId: Type; bitWidth?: number; isSigned?: boolean };
  if (type.typeId !== Type.Int) {
    throw new FacilityError('invalid-input', `${file}: key column ${name} has type ${String(data.type)}; keys must be integers`, { where: file });
  }
  const n = data.length;
  if (data.nullCount > 0) {
    for (let i = 0; i < n; i++) if (!data.getValid(i)) throw badKey(file, name, firstRow + i, 'is null');
  }
  const signed = type.isSigned === true;
  let at = firstRow * width + lane;
  if (type.bitWidth === 64) {
    const v = data.values as BigInt64Array | BigUint64Array;
    const words = new Uint32Array(v.buffer, v.byteOffset, n * 2);
    for (let i = 0; i < n; i++, at += width) {
      const lo = words[2 * i]!;
      const hi = words[2 * i + 1]!;
      if (signed && hi >= 0x80000000) throw badKey(file, name, firstRow + i, `is negative (${v[i]})`);
      if (!wide && hi !== 0) throw badKey(file, name, firstRow + i, `is ${v[i]}, which overflows uint32`);
      out[at] = lo;
      if (wide) out[at + 1] = hi;
    }
    return;
  }
  const v = data.values as Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array;
  for (let i = 0; i < n; i++, at += width) {
    const x = v[i]!;
    if (x < 0) throw badKey(file, name, firstRow + i, `is negative (${x})`);
    out[at] = x;
    if (wide) out[at + 1] = 0;
  }
}

function badKey(file: string, column: string, entry: number, what: string): FacilityError {
  return new FacilityError('invalid-input', `${file}: key ${column} at entry ${entry} ${what}`, {
    where: file,
    details: { file, column, entry },
  });
}
