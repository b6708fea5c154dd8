import type { RecordBatch } from 'apache-arrow';
import type { KeyComparer } from '../keys/compareKeys.ts';
import type { KeyDigest } from '../keys/KeyDigest.ts';
import { formatKey } from '../keys/KeyLayout.ts';
import type { KeyLayout } from '../keys/KeyLayout.ts';
import type { FileTask } from './FileTask.ts';
import { formatFriendKey, rowMismatch } from './joinErrors.ts';

/**
 * Compares a batch of friend keys, row r of which belongs to row `offset` + r of the task's primary file, with the
 * primary's keys; the first row that differs stops the join naming both rows (the friend's as entry `friendEntry` + r
 * of `friendPath`). Folds the verified keys into `digest`: they equal the primary's, so the digest is theirs.
 */
export function verifyAligned(
  { task, layout, digest }: { readonly task: FileTask; readonly layout: KeyLayout; readonly digest: KeyDigest },
  comparer: KeyComparer,
  batch: RecordBatch,
  offset: number,
  friendPath: string,
  friendEntry: number,
): void {
  const primaryFile = task.primaryFiles[task.primaryFile]!;
  const first = primaryFile.start + offset;
  const r = comparer.firstDifference(batch, task.primaryLanes, first);
  if (r >= 0) {
    const primaryKey = formatKey(layout, task.primaryLanes, first + r);
    throw rowMismatch(task, primaryFile.path, offset + r, primaryKey, friendPath, friendEntry + r, formatFriendKey(layout, task.keyColumns, batch, friendPath, r));
  }
  digest.addRows(task.primaryLanes, first, first + batch.numRows, layout.width);
}
