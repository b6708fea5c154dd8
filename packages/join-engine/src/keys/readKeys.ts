import { FacilityError, throwIfAborted } from '@afkit/core';
import type { TableSource } from '@afkit/io';
import type { KeyLayout } from './KeyLayout.ts';
import { missingKey, normaliseKeys } from './normaliseKeys.ts';

/** Rows per batch for key scans: large, since keys are narrow. */
export const KEY_BATCH_SIZE = 1 << 18;

/** Checks that `source` holds every key column, failing with the file and the branch it lacks. */
export function requireKeyColumns(source: TableSource, columns: readonly string[]): void {
  for (const column of columns) {
    const unsupported = source.unsupported.find((u) => u.name === column);
    if (unsupported) {
      throw new FacilityError('invalid-input', `${source.path}: key ${column} cannot be read (${unsupported.reason})`, { where: source.path });
    }
    if (!source.schema.fields.some((f) => f.name === column)) throw missingKey(source.path, column);
  }
}

/** Reads and normalises every key of a file into `out` (lanes, see {@link KeyLayout}; `numEntries * width` long). */
export async function readKeys(source: TableSource, layout: KeyLayout, columns: readonly string[], out: Uint32Array, signal?: AbortSignal): Promise<void> {
  requireKeyColumns(source, columns);
  let row = 0;
  for await (const batch of source.read({ columns, batchSize: KEY_BATCH_SIZE, ...(signal ? { signal } : {}) })) {
    throwIfAborted(signal);
    normaliseKeys(batch, layout, { file: source.path, columns }, out, row);
    row += batch.numRows;
  }
  if (row !== source.numEntries) {
    throw new FacilityError('bad-response', `${source.path}: read ${row} entries, expected ${source.numEntries}`, { where: source.path });
  }
}
