import { Schema } from 'apache-arrow';
import type { RecordBatch } from 'apache-arrow';
import type { ReadOptions } from './TableSource.ts';
import { ioError } from './ioError.ts';
import { recordBatch } from './arrow/recordBatch.ts';

/** A validated `[start, stop)` entry range and the rows per batch. */
export interface EntryRange {
  readonly start: number;
  readonly stop: number;
  readonly batchSize: number;
}

/** Rows per batch when the caller does not say: large enough to amortise per-batch work, small enough to bound memory. */
export const DEFAULT_BATCH_SIZE = 65_536;

/** Clamps the requested entry range to the table and checks the batch size. */
export function entryRange(path: string, numEntries: number, options: ReadOptions): EntryRange {
  const start = Math.max(0, Math.min(numEntries, options.entryStart ?? 0));
  const stop = Math.max(start, Math.min(numEntries, options.entryStop ?? numEntries));
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw ioError('invalid-input', path, `cannot be read with batchSize ${batchSize}`, 'Use a positive integer batch size.');
  if (!Number.isInteger(start) || !Number.isInteger(stop)) throw ioError('invalid-input', path, `cannot be read from entry ${options.entryStart} to ${options.entryStop}`, 'Entry numbers are integers.');
  return { start, stop, batchSize };
}

/** Resolves the requested column names against the schema (all readable columns when none are asked for). */
export function selectColumns(path: string, schema: Schema, unsupported: readonly { name: string; reason: string }[], columns: readonly string[] | undefined): string[] {
  if (columns === undefined) return schema.fields.map((f) => f.name);
  const known = namesOf(schema);
  for (const name of columns) {
    if (known.has(name)) continue;
    const why = unsupported.find((u) => u.name === name);
    if (why) throw ioError('unsupported', path, `column "${name}" cannot be read: ${why.reason}`, 'Choose another column; see the unsupported list of this table.');
    throw ioError('invalid-input', path, `has no column "${name}"`, 'Check the column name (names are case-sensitive).');
  }
  return [...columns];
}

/** The column names of a schema, made once per schema: a NanoAOD tree has 1,600 and is read many times. */
const names = new WeakMap<Schema, ReadonlySet<string>>();
function namesOf(schema: Schema): ReadonlySet<string> {
  let known = names.get(schema);
  if (!known) names.set(schema, (known = new Set(schema.fields.map((f) => f.name))));
  return known;
}

/** Cuts batches that are larger than the batch size; downstream memory then follows the caller's choice. */
export function* splitBatch(batch: RecordBatch, batchSize: number): Generator<RecordBatch> {
  if (batch.numRows <= batchSize) {
    yield batch;
    return;
  }
  for (let begin = 0; begin < batch.numRows; begin += batchSize) yield batch.slice(begin, Math.min(batch.numRows, begin + batchSize));
}

/**
 * Keeps the columns of `schema` (fields of the batch's schema, in the order wanted) from a batch. Written here because
 * apache-arrow 21's `RecordBatch.select` mixes up children (a selected Uint64 column came back empty, a list column
 * held another's values). The caller builds `schema` once per read, so that every batch shares it.
 */
export function pickColumns(batch: RecordBatch, schema: Schema): RecordBatch {
  const index = new Map(batch.schema.fields.map((f, i) => [f.name, i]));
  const children = schema.fields.map((f) => batch.data.children[index.get(f.name)!]!);
  return recordBatch(schema, children, batch.numRows);
}

/** The schema of the columns `names` of `schema`, in that order (see {@link pickColumns}). */
export function schemaOfColumns(schema: Schema, names: readonly string[]): Schema {
  const byName = new Map(schema.fields.map((f) => [f.name, f]));
  return new Schema(names.map((n) => byName.get(n)!), schema.metadata);
}
