import { throwIfAborted } from '@afkit/core';
import { openTableWriter, recordBatch } from '@afkit/io';
import type { TableWriter } from '@afkit/io';
import { Field, Int32, Schema, makeData } from 'apache-arrow';
import type { Data } from 'apache-arrow';
import { fileOf } from '../validate/scanKeys.ts';
import type { FileRange } from '../validate/scanKeys.ts';
import { Growable } from './Growable.ts';
import { friendColumnNames } from './outputSchema.ts';
import { readFriend } from './readFriend.ts';
import type { FriendOfTask, ReadIO } from './readFriend.ts';
import { takeRows } from './takeRows.ts';

/**
 * One friend file sent to the primary files that take rows from it: each gets a spill file holding its rows of this
 * friend file, in friend order. A friend whose files each feed several primary files is read once this way, instead
 * of once per primary file. Plain data (shared arrays) so a worker thread can run it.
 */
export interface SpreadTask extends FriendOfTask {
  readonly friendFiles: readonly FileRange[];
  readonly friendFile: number;
  readonly primaryFiles: readonly FileRange[];
  /** Friend global row → primary head row, or a negative marker (shared memory). */
  readonly matchOf: Int32Array;
  /** Next primary row with the same key, -1 at a chain's end; null when the primary has no repeated key. */
  readonly primaryChain: Int32Array | null;
  /** The spill file of each primary file that takes rows of this friend file. */
  readonly spills: readonly { readonly primaryFile: number; readonly path: string }[];
}

/** Rows per batch read from the friend file: each is cut into one spill batch per primary file. */
const SPREAD_BATCH_SIZE = 1 << 18;
/** Spill files open at once; a friend file feeding more primary files is read once per group of this many. */
const OPEN_SPILLS = 128;

/**
 * Spreads a friend file: writes each of its matched rows (key and brought columns as read, and its global friend row
 * as the last column) to the spill file of every primary file holding its key.
 */
export async function spreadFile(task: SpreadTask, io: ReadIO & { readonly onRows?: (rows: number) => void }): Promise<void> {
  const friend = task.plan.friends[task.friendIndex]!;
  const file = task.friendFiles[task.friendFile]!;
  const brought = friendColumnNames(friend);
  for (let from = 0; from < task.spills.length; from += OPEN_SPILLS) {
    const spills = task.spills.slice(from, from + OPEN_SPILLS);
    // Slot of each primary file in this group, -1 for the others.
    const slotOf = new Int32Array(task.primaryFiles.length).fill(-1);
    spills.forEach((s, k) => (slotOf[s.primaryFile] = k));
    const { schema, columns, batches } = await readFriend(io, task, brought, file, { batchSize: SPREAD_BATCH_SIZE });
    const spillSchema = new Schema([...columns.map((c) => schema.fields.find((f) => f.name === c)!), new Field('__afkit_friend_row', new Int32(), false)]);
    const writers: TableWriter[] = [];
    try {
      for (const s of spills) writers.push(await openTableWriter('arrow', s.path, spillSchema));
      const picked = spills.map(() => new Growable());
      let g = file.start;
      for await (const batch of batches) {
        const m = batch.numRows;
        pickTargets(task, slotOf, g, m, picked);
        for (const [k, rows] of picked.entries()) {
          if (rows.length === 0) continue;
          const sel = rows.view();
          const friendRows = new Int32Array(sel.length);
          for (let i = 0; i < sel.length; i++) friendRows[i] = g + sel[i]!;
          const children: Data[] = columns.map((c) => takeRows(batch.getChild(c)!.type, batch.getChild(c)!.data, sel, c));
          children.push(makeData({ type: new Int32(), length: sel.length, nullCount: 0, data: friendRows }));
          await writers[k]!.write(recordBatch(spillSchema, children, sel.length));
          rows.length = 0;
        }
        g += m;
        if (from === 0) io.onRows?.(m);
        throwIfAborted(io.signal);
      }
    } finally {
      await Promise.all(writers.map((w) => w.close()));
    }
  }
}

/**
 * Lists, per spill slot, the rows of a batch (global friend rows g, g + 1, …) whose key some primary row of that slot's
 * file holds; a row goes to each file once, however many of its rows hold the key. A plain function, apart from the
 * async loop around it, so that V8 optimises this hot loop fully.
 */
function pickTargets(task: SpreadTask, slotOf: Int32Array, g: number, m: number, picked: readonly Growable[]): void {
  const { matchOf, primaryChain: chain, primaryFiles } = task;
  let hint = 0;
  for (let r = 0; r < m; r++) {
    for (let p = matchOf[g + r]!; p >= 0; p = chain ? chain[p]! : -1) {
      hint = fileOf(primaryFiles, p, hint);
      const slot = slotOf[hint]!;
      // A repeated primary key may reach a file several times: its list already ends with this row.
      if (slot >= 0 && picked[slot]!.top() !== r) picked[slot]!.push(r);
    }
  }
}
