import { FacilityError } from '@afkit/core';
import type { RecordBatch } from 'apache-arrow';
import { formatKey } from '../keys/KeyLayout.ts';
import type { KeyLayout } from '../keys/KeyLayout.ts';
import { normaliseKeys } from '../keys/normaliseKeys.ts';
import type { FileTask } from './FileTask.ts';

// The errors that stop a join when a friend row would land on another event, shared by the ways a task attaches rows.

/** The key of row `r` of a friend batch as text, for an error message. */
export function formatFriendKey(layout: KeyLayout, keyColumns: readonly string[], batch: RecordBatch, file: string, r: number): string {
  const lanes = new Uint32Array(batch.numRows * layout.width);
  normaliseKeys(batch, layout, { file, columns: keyColumns }, lanes, 0);
  return formatKey(layout, lanes, r);
}

export function friendName(task: FileTask): string {
  return task.plan.friends[task.friendIndex]!.name;
}

export function misaligned(task: FileTask, message: string): FacilityError {
  return new FacilityError('conflict', message, { where: task.outputPath });
}

export function lengthMismatch(task: FileTask, friendPath: string, primaryPath: string, primaryRows: number, friendRows: number): FacilityError {
  return misaligned(
    task,
    `friend "${friendName(task)}": ${friendPath} has ${friendRows > primaryRows ? 'more than ' : ''}${friendRows} entries but ${primaryPath} has ${primaryRows}; ` +
      `entry ${Math.min(primaryRows, friendRows)} has no partner, so the files are not aligned row by row`,
  );
}

export function rowMismatch(task: FileTask, primaryPath: string, primaryEntry: number, primaryKey: string, friendPath: string, friendEntry: number, friendKey: string): FacilityError {
  return new FacilityError(
    'conflict',
    `friend "${friendName(task)}": ${primaryPath} entry ${primaryEntry} (${primaryKey}) would get ${friendPath} entry ${friendEntry} (${friendKey}); the keys differ, so the join stopped`,
    { where: primaryPath, details: { primaryPath, primaryEntry, primaryKey, friendPath, friendEntry, friendKey } },
  );
}
