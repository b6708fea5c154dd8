import { FacilityError } from '@afkit/core';
import { openTable } from '@afkit/io';
import type { TableSource } from '@afkit/io';
import type { RecordBatch, Schema } from 'apache-arrow';
import type { JoinPlan } from '../plan/JoinPlan.ts';
import type { OpenTable } from '../JoinOptions.ts';
import type { FileRange } from '../validate/scanKeys.ts';
import { mapColumns } from './outputSchema.ts';

/** What a task reads friend files with. */
export interface ReadIO {
  readonly open: OpenTable;
  readonly signal?: AbortSignal;
}

/** The friend a task reads: its plan, which friend, and its key columns (named as in the friend, in key order). */
export interface FriendOfTask {
  readonly plan: JoinPlan;
  readonly friendIndex: number;
  readonly keyColumns: readonly string[];
}

/**
 * Reads the key columns and the brought columns (`brought`, by their names in the friend) of a friend file, whole or
 * its dataset rows `span`, the next batch read ahead; also gives the file's schema. Fails on a file changed since the
 * key scan (see {@link checkUnchanged}).
 */
export async function readFriend(
  io: ReadIO,
  task: FriendOfTask,
  brought: readonly { from: string; to: string }[],
  file: FileRange,
  { batchSize, span }: { batchSize: number; span?: { from: number; to: number } },
): Promise<{ schema: Schema; columns: string[]; batches: AsyncIterable<RecordBatch> }> {
  const friend = task.plan.friends[task.friendIndex]!;
  const source = await openIn(io, file.path, friend.tree);
  try {
    checkUnchanged(friend.name, file, source.numEntries);
    // Every friend file must hold the brought columns, not only the first one.
    mapColumns(brought, source.schema, source.path);
  } catch (error) {
    await source.close();
    throw error;
  }
  const columns = [...new Set([...task.keyColumns, ...brought.map((c) => c.from)])];
  const entries = span ? { entryStart: span.from - file.start, entryStop: span.to - file.start } : {};
  return { schema: source.schema, columns, batches: readAhead(source, source.read({ columns, batchSize, ...entries, ...signalOf(io) })) };
}

/**
 * Fails when a friend file holds another number of entries than the key scan read: it has changed since, and its rows
 * cannot be trusted to be where the scan saw them.
 */
export function checkUnchanged(friendName: string, file: FileRange, entries: number): void {
  if (entries === file.rows) return;
  throw new FacilityError('conflict', `friend "${friendName}": ${file.path} has ${entries} entries, but ${file.rows} when its keys were scanned`, {
    where: file.path,
    hint: 'The file changed during the join. Run the join again once it is no longer being written.',
  });
}

/**
 * Reads a spill file written by `spreadFile` (Arrow IPC, local to the join: read with afkit's own reader), the next
 * batch read ahead. Its last column holds each row's global friend row.
 */
export async function readSpill(io: { readonly signal?: AbortSignal }, path: string, batchSize: number): Promise<AsyncIterable<RecordBatch>> {
  const source = await openTable(path, signalOf(io));
  return readAhead(source, source.read({ batchSize, ...signalOf(io) }));
}

/** Batches of `source`, each next one read from disk while the current one is worked on; closes the source at the end. */
async function* readAhead(source: TableSource, batches: AsyncIterable<RecordBatch>): AsyncIterable<RecordBatch> {
  const reader = batches[Symbol.asyncIterator]();
  try {
    let next = reader.next();
    for (;;) {
      const { done, value } = await next;
      if (done) return;
      // If the reader stops first, this read's failure is moot.
      next = reader.next();
      next.catch(() => undefined);
      yield value;
    }
  } finally {
    await source.close();
  }
}

/** Opens a table (a TTree `tree` of a ROOT file) with a task's `open`, cancelled with its signal. */
export function openIn(io: ReadIO, path: string, tree: string | undefined): Promise<TableSource> {
  return io.open(path, { ...(tree ? { tree } : {}), ...signalOf(io) });
}

/** The read options that cancel with `io`'s signal, if it has one. */
export function signalOf(io: { readonly signal?: AbortSignal }): { signal?: AbortSignal } {
  return io.signal ? { signal: io.signal } : {};
}
