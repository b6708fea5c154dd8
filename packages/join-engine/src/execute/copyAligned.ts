import { constants } from 'node:fs';
import { chmod, copyFile, open, rm } from 'node:fs/promises';
import { throwIfAborted } from '@afkit/core';
import { openTable } from '@afkit/io';
import { util } from 'apache-arrow';
import type { Schema } from 'apache-arrow';
import type { OpenTable } from '../JoinOptions.ts';
import type { KeyDigest } from '../keys/KeyDigest.ts';
import type { KeyLayout } from '../keys/KeyLayout.ts';
import { KeyComparer } from '../keys/compareKeys.ts';
import type { FileRange } from '../validate/scanKeys.ts';
import type { FileTask } from './FileTask.ts';
import type { ColumnMapping } from './outputSchema.ts';
import { friendName } from './joinErrors.ts';
import { checkUnchanged, signalOf } from './readFriend.ts';
import { verifyAligned } from './verifyAligned.ts';

/** Rows per batch when verifying a copy's keys: only the key columns are read. */
const VERIFY_BATCH_SIZE = 1 << 18;

/** What deciding on and verifying a copy needs from its task. */
export interface CopyContext {
  readonly task: FileTask;
  readonly io: { readonly open: OpenTable; readonly signal?: AbortSignal; readonly onRows?: (rows: number) => void };
  readonly layout: KeyLayout;
  /** The output's schema. */
  readonly schema: Schema;
  /** The friend file whose schema is `friendSchema` (index in the task's friend files). */
  readonly friendFile: number;
  readonly friendSchema: Schema;
  /** Primary columns the output brings beside the keys. */
  readonly primaryColumns: readonly ColumnMapping[];
  /** Takes the verified key sequence, as every other way of attaching rows gives it. */
  readonly digest: KeyDigest;
}

/**
 * The friend file that already is this task's output, or null: its paired file, aligned row by row with the primary
 * file, local, in the output's format (Arrow IPC file or Parquet; a ROOT file holds more than its tree), with exactly the
 * output's columns (the keys under the primary's names in their key types, then the brought columns under their
 * output names) and nothing to add (no primary columns, no unmatched friend rows appended). Writing it again would
 * only rewrite the same table, so it is copied by the file system instead (see {@link copyVerified}).
 */
export function fileAsOutput(ctx: CopyContext): FileRange | null {
  const { task } = ctx;
  const file = task.friendFiles[task.primaryFile];
  const primary = task.primaryFiles[task.primaryFile]!;
  // A custom `open` reads through something else than this file system: its paths are not files to copy.
  if (task.strategy !== 'aligned' || ctx.primaryColumns.length > 0 || task.appendUnmatched.length > 0 || ctx.io.open !== openTable) return null;
  if (!file || ctx.friendFile !== task.primaryFile || file.start !== primary.start || file.rows !== primary.rows) return null;
  if (file.format !== task.plan.output.format || file.format === 'root' || /^[a-z][a-z\d+.-]*:\/\//i.test(file.path)) return null;
  const [a, b] = [ctx.friendSchema.fields, ctx.schema.fields];
  return a.length === b.length && a.every((f, i) => f.name === b[i]!.name && util.compareTypes(f.type, b[i]!.type)) ? file : null;
}

/**
 * Copies `file`, which {@link fileAsOutput} found to be the task's output, to the output path, then reads the copy's
 * keys and compares them with the primary's row by row: the proof covers the bytes written, as with any other output.
 * The file system clones it where it can (copy on write on XFS or Btrfs), else copies it in the kernel, without
 * decoding and encoding every column. Returns false, writing nothing, when the file is not an Arrow IPC file after all
 * (an IPC stream under a file name), so that the caller writes the output.
 */
export async function copyVerified(ctx: CopyContext, file: FileRange): Promise<boolean> {
  const { task, layout, io } = ctx;
  if (file.format === 'arrow' && !(await startsWith(file.path, 'ARROW1'))) return false;
  const output = task.outputPath;
  await copyFile(file.path, output, constants.COPYFILE_FICLONE);
  try {
    // The copy takes the friend file's mode (read-only for a shared dataset); an output gets a new file's.
    await chmod(output, 0o666 & ~process.umask());
    throwIfAborted(io.signal);
    const copy = await openTable(output, signalOf(io));
    try {
      checkUnchanged(friendName(task), file, copy.numEntries);
      const comparer = new KeyComparer(layout, { file: output, columns: task.keyColumns });
      let row = 0;
      for await (const batch of copy.read({ columns: task.keyColumns, batchSize: VERIFY_BATCH_SIZE, ...signalOf(io) })) {
        // Named by the friend file's entries: the copy holds them at the same entries.
        verifyAligned(ctx, comparer, batch, row, file.path, row);
        row += batch.numRows;
        io.onRows?.(batch.numRows);
        throwIfAborted(io.signal);
      }
    } finally {
      await copy.close();
    }
    return true;
  } catch (error) {
    // A copy whose keys were not all verified is no output.
    await rm(output, { force: true });
    throw error;
  }
}

async function startsWith(path: string, magic: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(magic.length), 0, magic.length, 0);
    return bytesRead === magic.length && buffer.toString('latin1') === magic;
  } finally {
    await handle.close();
  }
}
