import { Table, tableToIPC, type RecordBatch, type Schema } from 'apache-arrow';
import { openTable } from '@afkit/io';

/**
 * The first `limit` rows of a friend's joined output, read across its files in order, as Arrow IPC stream bytes
 * (an empty table with the output's schema when it has no rows).
 */
export async function previewOutput(files: readonly string[], limit: number, signal?: AbortSignal): Promise<Uint8Array> {
  const batches: RecordBatch[] = [];
  let schema: Schema | undefined;
  let rows = 0;
  for (const path of files) {
    if (rows >= limit) break;
    const source = await openTable(path, signal ? { signal } : {});
    try {
      schema ??= source.schema;
      for await (const batch of source.read({ entryStop: Math.min(source.numEntries, limit - rows), ...(signal ? { signal } : {}) })) {
        batches.push(batch);
        rows += batch.numRows;
      }
    } finally {
      await source.close();
    }
  }
  const table = batches.length > 0 ? new Table(batches) : new Table(schema!);
  return tableToIPC(table, 'stream');
}
