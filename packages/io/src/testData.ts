import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordBatch } from 'apache-arrow';

/** The shared real HEP sample files (read-only); tests that need them skip when the folder is absent. */
export const HEP_DATA = process.env.AFKIT_HEP_DATA ?? '/work/shared/data/hep';

/** Why a test needing the sample files is skipped, or false when they are there. */
export const skipWithoutData: string | false = existsSync(HEP_DATA) ? false : `sample data not found at ${HEP_DATA} (set AFKIT_HEP_DATA)`;

/** Sample files with the given extension. */
export function hepFiles(extension: string): string[] {
  if (skipWithoutData) return [];
  return readdirSync(HEP_DATA)
    .filter((f) => f.endsWith(extension))
    .sort()
    .map((f) => join(HEP_DATA, f));
}

/** Collects batches into plain per-column values (lists as arrays, 64-bit as bigint), for comparisons in tests. */
export async function columnValues(batches: AsyncIterable<RecordBatch>): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for await (const batch of batches) {
    for (const field of batch.schema.fields) {
      const column = batch.getChild(field.name)!;
      const values = (out[field.name] ??= []);
      for (let i = 0; i < column.length; i++) {
        const v = column.get(i);
        values.push(v !== null && typeof v === 'object' && Symbol.iterator in v ? Array.from(v as Iterable<unknown>) : v);
      }
    }
  }
  return out;
}

/** Gathers every batch of a read (tests only read small tables). */
export async function collect(batches: AsyncIterable<RecordBatch>): Promise<RecordBatch[]> {
  const out: RecordBatch[] = [];
  for await (const b of batches) out.push(b);
  return out;
}

/** A fresh temporary folder. */
export function tempDir(prefix = 'afkit-io-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Text form of a cell, equal for afkit's Arrow values and DuckDB's JS values. */
export function show(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'object' && Symbol.iterator in (value as object)) return `[${[...(value as Iterable<unknown>)].map(show).join(',')}]`;
  return String(value);
}
