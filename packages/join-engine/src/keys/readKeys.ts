import { FacilityError, throwIfAborted } from '@afkit/core';
import type { TableSource } from '@afkit/io';
import { KeyComparer } from './compareKeys.ts';
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
  await readKeysAgainst(source, layout, columns, null, () => out, signal);
}

/**
 * Reads the keys of a file and compares them with `expected` (lanes of as many rows), storing nothing while they are
 * equal: at the first batch that differs, `out()` gives the file's lanes, which get the keys so far and the rest.
 * Returns whether every key equalled `expected`'s (with `expected` null, every key is stored and it returns false).
 */
export async function readKeysAgainst(
  source: TableSource,
  layout: KeyLayout,
  columns: readonly string[],
  expected: Uint32Array | null,
  out: () => Uint32Array,
  signal?: AbortSignal,
): Promise<boolean> {
  requireKeyColumns(source, columns);
  const { width } = layout;
  let lanes = expected ? null : out();
  const comparer = new KeyComparer(layout, { file: source.path, columns });
  let row = 0;
  for await (const batch of source.read({ columns, batchSize: KEY_BATCH_SIZE, ...(signal ? { signal } : {}) })) {
    throwIfAborted(signal);
    const m = batch.numRows;
    if (lanes === null) {
      if (row + m <= source.numEntries && comparer.firstDifference(batch, expected!, row) < 0) {
        row += m;
        continue;
      }
      lanes = out();
      // The rows so far equalled the expected ones.
      lanes.set(expected!.subarray(0, row * width));
    }
    normaliseKeys(batch, layout, { file: source.path, columns }, lanes, row);
    row += m;
  }
  if (row !== source.numEntries) {
    throw new FacilityError('bad-response', `${source.path}: read ${row} entries, expected ${source.numEntries}`, { where: source.path });
  }
  return lanes === null;
}
