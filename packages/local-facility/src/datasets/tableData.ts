import { Table, tableToIPC, type RecordBatch } from 'apache-arrow';
import { FacilityError, encodeFrame, type BranchListing, type ReadSummary, type TreeInfo } from '@afkit/core';
import { listTrees, openTable, type TableSource } from '@afkit/io';

/** Preview rows are for eyes, not for reading a file: this many at most. */
export const MAX_PREVIEW_ROWS = 10_000;

/** The trees (tables) of one file. */
export function fileTrees(path: string, signal: AbortSignal): Promise<TreeInfo[]> {
  return listTrees(path, { signal });
}

/** The branches of one tree, as the browser shows them. */
export async function treeBranches(path: string, tree: string, signal: AbortSignal): Promise<BranchListing> {
  const table = await openTree(path, tree, signal);
  try {
    return { file: path, tree: table.tree ?? tree, entries: table.numEntries, branches: table.columns.map((c) => ({ ...c })) };
  } finally {
    await table.close();
  }
}

/** Opens a tree and checks that every asked-for branch exists and is readable, before any data moves. */
export async function openTree(path: string, tree: string, signal: AbortSignal, columns: readonly string[] = []): Promise<TableSource> {
  const table = await openTable(path, { tree: tree === '' ? undefined : tree, signal });
  const known = new Map(table.columns.map((c) => [c.name, c]));
  for (const name of columns) {
    const column = known.get(name);
    const problem = !column
      ? new FacilityError('not-found', `${path}${tree ? ` (tree ${tree})` : ''} has no branch "${name}".`, {
          where: path,
          hint: 'Branch names are case-sensitive; pick one from the branch list.',
        })
      : column.unsupported
        ? new FacilityError('unsupported', `Branch "${name}" of ${path} cannot be read: ${column.unsupported}.`, { where: path, hint: 'Choose another branch.' })
        : undefined;
    if (problem) {
      await table.close();
      throw problem;
    }
  }
  return table;
}

/** The first `limit` rows of some branches as one Arrow IPC stream. */
export async function previewRows(path: string, tree: string, columns: readonly string[], limit: number, signal: AbortSignal): Promise<Uint8Array> {
  if (!Array.isArray(columns) || columns.length === 0) throw new FacilityError('invalid-input', 'Choose at least one branch to preview.');
  const rows = Math.max(1, Math.min(MAX_PREVIEW_ROWS, Math.floor(limit)));
  const table = await openTree(path, tree, signal, columns);
  try {
    const batches: RecordBatch[] = [];
    for await (const batch of table.read({ columns, entryStop: rows, batchSize: rows, signal })) batches.push(batch);
    return tableToIPC(batches.length > 0 ? new Table(batches) : new Table(table.schema.select(columns as string[])), 'stream');
  } finally {
    await table.close();
  }
}

/** What {@link readFrames} reads. */
export interface ReadRequest {
  readonly columns: readonly string[];
  readonly entryStart?: number;
  readonly entryStop?: number;
  readonly batchSize?: number;
}

/**
 * Streams an entry range of an open tree as frames: each batch a self-contained Arrow IPC stream, progress after it,
 * a summary at the end, or an error frame if reading fails half-way. Closes the table however it ends.
 */
export async function* readFrames(table: TableSource, request: ReadRequest, signal: AbortSignal): AsyncGenerator<Uint8Array> {
  const start = Math.max(0, request.entryStart ?? 0);
  const stop = Math.min(table.numEntries, request.entryStop ?? table.numEntries);
  const total = Math.max(0, stop - start);
  const summary = { entries: 0, batches: 0, bytes: 0 };
  try {
    yield encodeFrame({ kind: 'progress', value: { done: 0, total, unit: 'entries', file: table.path } });
    const batches = table.read({ columns: request.columns, entryStart: start, entryStop: stop, batchSize: request.batchSize, signal });
    for await (const batch of batches) {
      const ipc = tableToIPC(new Table(batch), 'stream');
      summary.entries += batch.numRows;
      summary.batches += 1;
      summary.bytes += ipc.byteLength;
      yield encodeFrame({ kind: 'batch', bytes: ipc });
      yield encodeFrame({ kind: 'progress', value: { done: summary.entries, total, unit: 'entries', file: table.path } });
    }
    yield encodeFrame({ kind: 'result', value: summary satisfies ReadSummary });
  } catch (error) {
    yield encodeFrame({ kind: 'error', error: FacilityError.from(error).toJSON() });
  } finally {
    await table.close();
  }
}
