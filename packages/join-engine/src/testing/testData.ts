// Test helpers: seeded random datasets written as Arrow IPC files, and reading join outputs back as rows.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Field, Float64, Int32, Int64, List, Table, Uint32, Uint64, makeVector, tableFromIPC, tableToIPC, vectorFromArray } from 'apache-arrow';
import type { DataType } from 'apache-arrow';
import { show, tempDir } from '@afkit/io/testing';

export { show, tempDir };

/** mulberry32: a small seeded generator, so a failing trial can be replayed from its seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One event row of a generated dataset. */
export interface Row {
  run: bigint;
  lumi: bigint;
  event: bigint;
  x: number | null;
  j: number[] | null;
}

/** Key column types a generated file may use (the engine must normalise all of them exactly). */
export type KeyTypes = { run: 'int32' | 'uint32' | 'int64'; lumi: 'uint32' | 'int64'; event: 'int64' | 'uint64' };

/** Writes rows as an Arrow IPC file with keys `run`, `luminosityBlock`, `event` of the given types and columns `x`, `j`. */
export function writeRows(path: string, rows: readonly Row[], types: KeyTypes): void {
  const key = (type: string, values: bigint[]) => {
    switch (type) {
      case 'int32':
        return makeVector({ type: new Int32(), data: Int32Array.from(values, Number) });
      case 'uint32':
        return makeVector({ type: new Uint32(), data: Uint32Array.from(values, Number) });
      case 'int64':
        return makeVector({ type: new Int64(), data: BigInt64Array.from(values) });
      default:
        return makeVector({ type: new Uint64(), data: BigUint64Array.from(values) });
    }
  };
  const listType = new List(new Field('item', new Int32(), true));
  const table = new Table({
    run: key(types.run, rows.map((r) => r.run)),
    luminosityBlock: key(types.lumi, rows.map((r) => r.lumi)),
    event: key(types.event, rows.map((r) => r.event)),
    x: vectorFromArray(rows.map((r) => r.x), new Float64() as DataType),
    j: vectorFromArray(rows.map((r) => r.j), listType as DataType),
  });
  writeFileSync(path, tableToIPC(table, 'file'));
}

/** Reads every output file of a friend, in file order, as comparable text rows. */
export function readOutputRows(dir: string, columns: readonly string[]): string[] {
  const rows: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const table = tableFromIPC(readFileSync(join(dir, name)));
    const vectors = columns.map((c) => table.getChild(c)!);
    for (let i = 0; i < table.numRows; i++) rows.push(vectors.map((v) => show(v.get(i))).join('|'));
  }
  return rows;
}

