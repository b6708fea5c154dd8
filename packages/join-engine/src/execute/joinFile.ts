import { FacilityError, throwIfAborted } from '@afkit/core';
import { Type } from 'apache-arrow';
import type { Data, DataType, Schema } from 'apache-arrow';
import { recordBatch } from '@afkit/io';
import { KeyDigest } from '../keys/KeyDigest.ts';
import { sameKey } from '../keys/KeyIndex.ts';
import { formatKey, keyLayout } from '../keys/KeyLayout.ts';
import { KeyComparer, firstDifference, keysAsRead } from '../keys/compareKeys.ts';
import { normaliseKeys } from '../keys/normaliseKeys.ts';
import type { OpenTable } from '../JoinOptions.ts';
import type { TableWriter } from '@afkit/io';
import { UNMATCHED, fileOf } from '../validate/scanKeys.ts';
import type { FileRange } from '../validate/scanKeys.ts';
import type { FileTask, FileResult } from './FileTask.ts';
import { keyColumns } from './keyColumns.ts';
import { friendColumnNames, mapColumns, outputSchema } from './outputSchema.ts';
import type { ColumnMapping } from './outputSchema.ts';
import { Growable } from './Growable.ts';
import { copyVerified, fileAsOutput } from './copyAligned.ts';
import type { CopyContext } from './copyAligned.ts';
import { friendName, lengthMismatch, misaligned, rowMismatch } from './joinErrors.ts';
import { openIn, readFriend, readSpill, signalOf } from './readFriend.ts';
import { scatterRows } from './scatterRows.ts';
import { takeRows } from './takeRows.ts';
import { verifyAligned } from './verifyAligned.ts';

/** Rows per batch read from friend files during execution. */
const BATCH_SIZE = 1 << 16;
/**
 * Rows per batch for aligned files: their batches are written on as read, so larger batches mean fewer, larger output
 * batches (and as written in the file, no sliced list columns to rebase); nothing is held beyond one batch.
 */
const ALIGNED_BATCH_SIZE = 1 << 18;

/** What a task needs besides its plain data: how to open inputs and outputs, cancellation, progress. */
export interface TaskIO {
  readonly open: OpenTable;
  readonly openWriter: (path: string, schema: Schema) => Promise<TableWriter>;
  readonly signal?: AbortSignal;
  /** Called with primary rows finished since the last call. */
  readonly onRows?: (rows: number) => void;
}

/**
 * Joins one friend onto one primary file and writes the output file, checking that every attached friend row's
 * keys equal its primary row's keys; a mismatch stops the join naming both rows.
 */
export async function joinFile(task: FileTask, io: TaskIO): Promise<FileResult> {
  const ctx = await openContext(task, io);
  const asOutput = fileAsOutput(ctx);
  if (asOutput && (await copyVerified(ctx, asOutput))) {
    return fileResult(ctx, { rows: ctx.rows, primaryMatched: ctx.rows, primaryUnmatched: 0, attached: ctx.rows }, 0);
  }
  const writer = await io.openWriter(task.outputPath, ctx.schema);
  try {
    const counts = task.strategy === 'aligned' || task.byPosition ? await attachAligned(ctx, writer) : await attachByIndex(ctx, writer);
    return fileResult(ctx, counts, task.appendUnmatched.length > 0 ? await appendUnmatched(ctx, writer) : 0);
  } finally {
    await writer.close();
  }
}

function fileResult({ task, digest }: Context, counts: Counts, friendAppended: number): FileResult {
  return { outputPath: task.outputPath, strategy: task.strategy, ...counts, rows: counts.rows + friendAppended, friendAppended, digest: digest.hex(), verifiedRows: digest.count };
}

/** Row counts of one part of a task. */
interface Counts {
  rows: number;
  primaryMatched: number;
  primaryUnmatched: number;
  attached: number;
}

interface Context extends CopyContext {
  readonly io: TaskIO;
  readonly friendColumns: readonly ColumnMapping[];
  /** Requested primary columns of this file, whole (only read when the plan asks for primary columns). */
  readonly primaryData: readonly (readonly Data[])[];
  readonly start: number;
  readonly rows: number;
}

async function openContext(task: FileTask, io: TaskIO): Promise<Context> {
  const { plan } = task;
  const friend = plan.friends[task.friendIndex]!;
  const file = task.primaryFiles[task.primaryFile]!;
  const friendFile = task.sources[0]?.file ?? task.appendUnmatched[0] ?? 0;
  const friendSource = await openIn(io, task.friendFiles[friendFile]!.path, friend.tree);
  let friendColumns: ColumnMapping[];
  try {
    friendColumns = mapColumns(friendColumnNames(friend), friendSource.schema, friendSource.path);
  } finally {
    await friendSource.close();
  }
  let primaryColumns: ColumnMapping[] = [];
  let primaryData: Data[][] = [];
  const wanted = plan.primary.columns ?? [];
  if (wanted.length > 0) {
    const source = await openIn(io, file.path, plan.primary.tree);
    try {
      primaryColumns = mapColumns(wanted.map((c) => ({ from: c, to: c })), source.schema, source.path);
      primaryData = wanted.map(() => []);
      for await (const batch of source.read({ columns: wanted, ...signalOf(io) })) {
        wanted.forEach((c, i) => primaryData[i]!.push(...batch.getChild(c)!.data));
      }
    } finally {
      await source.close();
    }
  }
  return {
    task,
    io,
    layout: keyLayout(plan.keys),
    schema: outputSchema(plan, primaryColumns, friendColumns),
    friendFile,
    friendSchema: friendSource.schema,
    friendColumns,
    primaryColumns,
    primaryData,
    start: file.start,
    rows: file.rows,
    digest: new KeyDigest(),
  };
}

/**
 * Aligned: the friend holds the same keys in the same order at this file's dataset rows, in its paired file or in parts
 * of the files that hold those rows (a friend of as many rows, split into files elsewhere); verify each row and attach
 * its columns as they are.
 */
async function attachAligned(ctx: Context, writer: TableWriter): Promise<Counts> {
  const { task, layout, start } = ctx;
  const { width } = layout;
  const primaryFile = task.primaryFiles[task.primaryFile]!;
  const parts = alignedParts(task, start, ctx.rows);
  if (!parts) throw misaligned(task, `friend "${friendName(task)}" has no file paired with primary file ${primaryFile.path}`);
  let offset = 0;
  for (const { file, span } of parts) {
    const comparer = new KeyComparer(layout, { file: file.path, columns: task.keyColumns });
    // The entry of the part's first row in its file.
    const entry = span.from - file.start - offset;
    for await (const batch of (await readFriend(ctx.io, task, ctx.friendColumns, file, { batchSize: ALIGNED_BATCH_SIZE, span })).batches) {
      const m = batch.numRows;
      if (offset + m > ctx.rows) throw lengthMismatch(task, file.path, primaryFile.path, ctx.rows, offset + m);
      verifyAligned(ctx, comparer, batch, offset, file.path, entry + offset);
      // Keys the friend stores in the output's types are attached as read.
      const keys = keysAsRead(batch, layout, task.keyColumns) ?? keyColumns(layout, task.primaryLanes.subarray((start + offset) * width), m);
      const primary = ctx.primaryColumns.map((c, i) => takeRows(c.type, ctx.primaryData[i]!, range(offset, m), c.to));
      // Friend columns are attached as read, without copying.
      const friend = ctx.friendColumns.map((c) => batch.getChild(c.from)!.data[0]!);
      await writer.write(recordBatch(ctx.schema, [...keys, ...primary, ...friend], m));
      offset += m;
      ctx.io.onRows?.(m);
      throwIfAborted(ctx.io.signal);
    }
  }
  if (offset !== ctx.rows) throw lengthMismatch(task, parts.at(-1)?.file.path ?? `friend "${friendName(task)}"`, primaryFile.path, ctx.rows, offset);
  return { rows: offset, primaryMatched: offset, primaryUnmatched: 0, attached: offset };
}

/**
 * The friend rows an aligned primary file takes, file by file: for a friend of as many rows as the primary, the parts
 * of its files at the file's dataset rows [start, start + rows) (its paired file, whole, where there is one); else the
 * paired file whole (its length then shows whether it is aligned); null when there is none.
 */
function alignedParts(task: FileTask, start: number, rows: number): { file: FileRange; span: { from: number; to: number } }[] | null {
  const files = task.friendFiles;
  const last = files.at(-1);
  const primaryLast = task.primaryFiles.at(-1)!;
  if (last && last.start + last.rows === primaryLast.start + primaryLast.rows) {
    return files.flatMap((file) => {
      const from = Math.max(start, file.start);
      const to = Math.min(start + rows, file.start + file.rows);
      return from < to ? [{ file, span: { from, to } }] : [];
    });
  }
  const paired = files[task.primaryFile];
  return paired ? [{ file: paired, span: { from: paired.start, to: paired.start + paired.rows } }] : null;
}

/**
 * Reordered or regrouped: stream the friend files that hold this file's keys, keep only the rows it needs, then place
 * them in primary order. The primary file is joined in windows of rows sized to the plan's memory limit; each window
 * streams the friend files again (partitioning instead of failing on inputs larger than memory).
 */
async function attachByIndex(ctx: Context, writer: TableWriter): Promise<Counts> {
  const windowRows = Math.max(4096, Math.floor((ctx.task.plan.memoryLimitMB * 2 ** 20) / 3 / bytesPerRow(ctx)));
  if (ctx.task.rowOf && windowRows >= ctx.rows) return attachPermuted(ctx, writer, ctx.task.rowOf);
  const total: Counts = { rows: 0, primaryMatched: 0, primaryUnmatched: 0, attached: 0 };
  let from = 0;
  do {
    const counts = await attachWindow(ctx, writer, from, Math.min(ctx.rows, from + windowRows));
    total.rows += counts.rows;
    total.primaryMatched += counts.primaryMatched;
    total.primaryUnmatched += counts.primaryUnmatched;
    total.attached += counts.attached;
    from += windowRows;
  } while (from < ctx.rows);
  return total;
}

/**
 * Reordered, with every row's place known from the scan's match of this file pair (`matchOf`: friend row → primary
 * row): the paired friend file is read whole, its rows and keys are put in primary order by writing each where it goes
 * (several times faster than reading each from where it is), and every placed key is compared with its primary row's.
 */
async function attachPermuted(ctx: Context, writer: TableWriter, rowOf: Int32Array): Promise<Counts> {
  const { task, layout, start, rows } = ctx;
  const { width } = layout;
  const file = task.friendFiles[task.primaryFile]!;
  const primaryPath = task.primaryFiles[task.primaryFile]!.path;
  const lanes = new Uint32Array(file.rows * width);
  const chunks: Data[][] = ctx.friendColumns.map(() => []);
  let read = 0;
  for await (const batch of (await readFriend(ctx.io, task, ctx.friendColumns, file, { batchSize: ALIGNED_BATCH_SIZE })).batches) {
    if (read + batch.numRows > file.rows) throw lengthMismatch(task, file.path, primaryPath, rows, read + batch.numRows);
    normaliseKeys(batch, layout, { file: file.path, columns: task.keyColumns }, lanes, read);
    ctx.friendColumns.forEach((c, i) => chunks[i]!.push(...batch.getChild(c.from)!.data));
    read += batch.numRows;
    throwIfAborted(ctx.io.signal);
  }
  if (read !== rows) throw lengthMismatch(task, file.path, primaryPath, rows, read);
  const to = placesOf(task.matchOf.subarray(file.start, file.start + rows), start);
  if (to === null) throw new FacilityError('internal', `friend "${friendName(task)}": the scan's match of ${file.path} with ${primaryPath} does not give each entry one row`, { where: primaryPath });
  const placed = new Uint32Array(rows * width);
  placeKeys(lanes, to, placed, width);
  const bad = firstDifference(task.primaryLanes, start, placed, rows, width);
  if (bad >= 0) {
    const f = rowOf[start + bad]! - file.start;
    throw rowMismatch(task, primaryPath, bad, formatKey(layout, task.primaryLanes, start + bad), file.path, f, formatKey(layout, placed, bad));
  }
  ctx.digest.addRows(task.primaryLanes, start, start + rows, width);
  const keys = keyColumns(layout, task.primaryLanes.subarray(start * width), rows);
  const primary = ctx.primaryColumns.map((c, i) => takeRows(c.type, ctx.primaryData[i]!, range(0, rows), c.to));
  // Types that cannot be placed are gathered, from the friend row of each primary row.
  const gather = (type: DataType, from: readonly Data[], column: string) => takeRows(type, from, Int32Array.from(rowOf.subarray(start, start + rows), (r) => r - file.start), column);
  const friend = ctx.friendColumns.map((c, i) => scatterRows(c.type, chunks[i]!, to, rows) ?? gather(c.type, chunks[i]!, c.to));
  await writer.write(recordBatch(ctx.schema, [...keys, ...primary, ...friend], rows));
  ctx.io.onRows?.(rows);
  return { rows, primaryMatched: rows, primaryUnmatched: 0, attached: rows };
}

/**
 * Where each friend row goes in the primary file starting at global row `start`: `matchOf` less `start`, when that
 * gives every file row exactly once; else null.
 */
function placesOf(matchOf: Int32Array, start: number): Int32Array | null {
  const rows = matchOf.length;
  const to = new Int32Array(rows);
  const taken = new Uint8Array(rows);
  for (let f = 0; f < rows; f++) {
    const p = matchOf[f]! - start;
    if (p < 0 || p >= rows || taken[p]) return null;
    taken[p] = 1;
    to[f] = p;
  }
  return to;
}

/** Writes the key lanes of row f of `lanes` as row `to[f]` of `placed`. */
function placeKeys(lanes: Uint32Array, to: Int32Array, placed: Uint32Array, width: number): void {
  for (let f = 0; f < to.length; f++) {
    for (let l = 0, from = f * width, at = to[f]! * width; l < width; l++) placed[at + l] = lanes[from + l]!;
  }
}

/** Joins primary rows [from, to) of the file. */
async function attachWindow(ctx: Context, writer: TableWriter, from: number, to: number): Promise<Counts> {
  const { task, layout } = ctx;
  const { width } = layout;
  const start = ctx.start + from;
  const rows = to - from;
  const primaryPath = task.primaryFiles[task.primaryFile]!.path;
  let window = await pairWindow(ctx, from, to, false);
  let placed = checkPlaced(task.primaryLanes, start, window.placed, window.pairs.first, width);
  // Pairs are written blind, a window row keeping its last friend row: a row that had several (friend duplicates
  // allowed by the plan, or a friend file changed since the scan) sends the window through the friends again, checked.
  if (placed.bad < 0 && placed.rows !== window.pairs.count) {
    window = await pairWindow(ctx, from, to, true);
    placed = checkPlaced(task.primaryLanes, start, window.placed, window.pairs.first, width);
  }
  const { pairs, needed, neededFrom } = window;
  if (placed.bad >= 0) {
    const w = placed.bad;
    const friendRow = friendEntry(task, neededFrom.view()[pairs.first[w]!]!);
    throw rowMismatch(task, primaryPath, from + w, formatKey(layout, task.primaryLanes, start + w), friendRow.path, friendRow.entry, formatKey(layout, window.placed, w));
  }
  const keepUnmatched = task.plan.kind === 'left' || task.plan.kind === 'outer';
  const { outPrimary, outFriend, attachedTo, primaryMatched, placeOf } = outputRows(pairs, from, keepUnmatched, neededFrom.length);
  const outRows = outPrimary.length;
  ctx.digest.addListed(task.primaryLanes.subarray(ctx.start * width), attachedTo, width);
  const keys = keyColumns(layout, task.primaryLanes.subarray(ctx.start * width), outRows, outPrimary);
  const primary = ctx.primaryColumns.map((c, i) => takeRows(c.type, ctx.primaryData[i]!, outPrimary, c.to));
  const friend = ctx.friendColumns.map((c, i) => (placeOf && scatterRows(c.type, needed[i]!, placeOf, outRows)) || takeRows(c.type, needed[i]!, outFriend, c.to));
  if (outRows > 0 || ctx.rows === 0) await writer.write(recordBatch(ctx.schema, [...keys, ...primary, ...friend], outRows));
  ctx.io.onRows?.(rows);
  return { rows: outRows, primaryMatched, primaryUnmatched: rows - primaryMatched, attached: pairs.count };
}

/** A window's friend rows: who pairs with whom, the first friend row's keys placed at each window row, the rows kept. */
interface WindowPairs {
  readonly pairs: Pairs;
  readonly placed: Uint32Array;
  /** Per friend column, the needed friend rows' data, in the order picked. */
  readonly needed: Data[][];
  /** The dataset row of each needed friend row, to name it should its keys differ. */
  readonly neededFrom: Growable;
}

/**
 * Streams the friend files that hold keys of primary rows [from, to) and pairs their rows with the window's. Unless
 * `checked`, each pair is written without looking at what the window row had (random writes cost less than random
 * reads here): a row with several friend rows keeps only its last, which `attachWindow` detects by counting.
 */
async function pairWindow(ctx: Context, from: number, to: number, checked: boolean): Promise<WindowPairs> {
  const { task, layout } = ctx;
  const { width } = layout;
  const start = ctx.start + from;
  const rows = to - from;
  const primaryPath = task.primaryFiles[task.primaryFile]!.path;
  const pairs = new Pairs(rows);
  const placed = new Uint32Array(rows * width);
  const needed: Data[][] = ctx.friendColumns.map(() => []);
  const neededFrom = new Growable();
  let lanes = new Uint32Array(0);
  const picked = new Growable();
  const wholeFile = rows === ctx.rows;
  for (const source of task.sources) {
    const file = task.friendFiles[source.file]!;
    // A spread friend's rows for this file are in its spill files, each row with its dataset row; else the part of
    // the friend file that holds them is read, its rows in order (known from the scan, unless this is a window).
    const { spill } = source;
    const span = spill ? null : wholeFile ? source : neededSpan(task, file, start, rows);
    if (!spill && !span) continue;
    const batches = spill ? await readSpill(ctx.io, spill, BATCH_SIZE) : (await readFriend(ctx.io, task, ctx.friendColumns, file, { batchSize: BATCH_SIZE, span: span! })).batches;
    let g = span?.from ?? -1;
    for await (const batch of batches) {
      const m = batch.numRows;
      const rowsAt = spill ? (batch.getChildAt(batch.numCols - 1)!.data[0]!.values as Int32Array) : null;
      if (lanes.length < m * width) lanes = new Uint32Array(m * width);
      normaliseKeys(batch, layout, { file: spill ?? file.path, columns: task.keyColumns }, lanes, 0);
      picked.length = 0;
      const bad = pairBatch(task, lanes, width, m, g, rowsAt, start, rows, neededFrom, picked, pairs, placed, checked);
      if (bad) {
        const { p, r } = bad;
        const friendRow = friendEntry(task, rowsAt ? rowsAt[r]! : g + r);
        throw rowMismatch(task, primaryPath, p - ctx.start, formatKey(layout, task.primaryLanes, p), friendRow.path, friendRow.entry, formatKey(layout, lanes, r));
      }
      g += m;
      if (picked.length > 0) {
        const sel = picked.view();
        // Rows are picked in order, so a batch picked whole is kept as read.
        const whole = sel.length === m;
        ctx.friendColumns.forEach((c, i) => {
          const data = batch.getChild(c.from)!.data;
          needed[i]!.push(...(whole ? data : [takeRows(c.type, data, sel, c.from)]));
        });
      }
      throwIfAborted(ctx.io.signal);
    }
  }
  return { pairs, placed, needed, neededFrom };
}

/**
 * Pairs the rows of one friend batch (global rows g, g + 1, …, or those of `rowsAt` for a spill file's) with the window's primary rows [start, start + rows) that
 * hold their keys. A window row's first friend row (its only one, unless `checked`) has its keys written to the row's
 * place in `placed`, to be compared in primary order once every friend file is read: reading primary keys at random
 * cost more than the rest of this loop. Further friend rows of a window row, seen only when `checked`, are compared at
 * once; returns the first pair whose keys differ, if any. A plain function of its own, apart from the async loop around
 * it, so that V8 optimises this hot loop fully.
 */
function pairBatch(
  task: FileTask,
  lanes: Uint32Array,
  width: number,
  m: number,
  g: number,
  rowsAt: Int32Array | null,
  start: number,
  rows: number,
  neededFrom: Growable,
  picked: Growable,
  pairs: Pairs,
  placed: Uint32Array,
  checked: boolean,
): { p: number; r: number } | null {
  const { matchOf, primaryLanes, primaryChain: chain } = task;
  const first = pairs.first;
  for (let r = 0; r < m; r++) {
    const row = rowsAt ? rowsAt[r]! : g + r;
    const head = matchOf[row]!;
    if (head < 0) continue;
    let pick = -1;
    for (let p = head; p >= 0; p = chain ? chain[p]! : -1) {
      const w = p - start;
      if (w < 0 || w >= rows) continue;
      if (pick < 0) {
        pick = neededFrom.push(row);
        picked.push(r);
      }
      if (!checked) {
        first[w] = pick;
        pairs.count++;
      } else if (!pairs.add(w, pick)) {
        if (!sameKey(primaryLanes, p, lanes, r, width)) return { p, r };
        continue;
      }
      for (let l = 0, from = r * width, at = w * width; l < width; l++) placed[at + l] = lanes[from + l]!;
    }
  }
  return null;
}

/**
 * Compares the keys placed at each window row that has a friend row (`first`, -1: none) with primary row `start` + row:
 * how many rows have one, and the first whose keys differ (-1: none).
 */
function checkPlaced(primaryLanes: Uint32Array, start: number, placed: Uint32Array, first: Int32Array, width: number): { rows: number; bad: number } {
  let rows = 0;
  for (let w = 0; w < first.length; w++) {
    if (first[w]! < 0) continue;
    rows++;
    for (let l = 0, a = (start + w) * width, b = w * width; l < width; l++) if (primaryLanes[a + l] !== placed[b + l]) return { rows, bad: w };
  }
  return { rows, bad: -1 };
}

/**
 * The output rows of a window whose rows start at file row `from`: per output row its primary file row and its needed
 * friend row (-1: none), in primary order; a primary row without a friend row is kept only when `keepUnmatched`. When
 * no output row has more than one friend row, also the output row of each of the `needed` friend rows (`placeOf`), so
 * that columns can be placed instead of gathered; else null.
 */
function outputRows(
  pairs: Pairs,
  from: number,
  keepUnmatched: boolean,
  needed: number,
): { outPrimary: Int32Array; outFriend: Int32Array; attachedTo: Int32Array; primaryMatched: number; placeOf: Int32Array | null } {
  const { perRow, sorted, onePerRow } = pairs.grouped();
  const rows = perRow.length - 1;
  let primaryMatched = 0;
  let outRows = 0;
  for (let r = 0; r < rows; r++) {
    const n = perRow[r + 1]! - perRow[r]!;
    if (n > 0) primaryMatched++;
    outRows += n > 0 ? n : keepUnmatched ? 1 : 0;
  }
  const outPrimary = new Int32Array(outRows);
  const outFriend = new Int32Array(outRows);
  // The primary row of each attached friend row, in output order: the rows whose keys were verified.
  const attachedTo = new Int32Array(sorted.length);
  const placeOf = onePerRow && sorted.length === needed ? new Int32Array(needed) : null;
  for (let r = 0, k = 0, a = 0; r < rows; r++) {
    const first = perRow[r]!;
    const end = perRow[r + 1]!;
    if (first === end) {
      if (!keepUnmatched) continue;
      outPrimary[k] = from + r;
      outFriend[k++] = -1;
    }
    for (let i = first; i < end; i++, k++) {
      outPrimary[k] = from + r;
      outFriend[k] = sorted[i]!;
      if (placeOf) placeOf[sorted[i]!] = k;
      attachedTo[a++] = from + r;
    }
  }
  return { outPrimary, outFriend, attachedTo, primaryMatched, placeOf };
}

/**
 * A rough size of one output row held in memory, for sizing windows: its keys twice (the output's, and the friend's
 * placed to be verified), numbers as they are, 64 bytes per list, string or other.
 */
function bytesPerRow(ctx: Context): number {
  let bytes = 16 + 2 * ctx.layout.width * 4;
  for (const { type } of [...ctx.friendColumns, ...ctx.primaryColumns]) {
    const number = type.typeId === Type.Int || type.typeId === Type.Float;
    bytes += number ? (type.ArrayType as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT : 64;
  }
  return bytes;
}

/** Right and outer joins: friend rows matching no primary row, after the primary-ordered part, primary columns null. */
async function appendUnmatched(ctx: Context, writer: TableWriter): Promise<number> {
  const { task, layout } = ctx;
  const { width } = layout;
  let appended = 0;
  let lanes = new Uint32Array(0);
  const picked = new Growable();
  for (const j of task.appendUnmatched) {
    const file = task.friendFiles[j]!;
    let g = file.start;
    for await (const batch of (await readFriend(ctx.io, task, ctx.friendColumns, file, { batchSize: BATCH_SIZE })).batches) {
      const m = batch.numRows;
      if (lanes.length < m * width) lanes = new Uint32Array(m * width);
      normaliseKeys(batch, layout, { file: file.path, columns: task.keyColumns }, lanes, 0);
      picked.length = 0;
      for (let r = 0; r < m; r++, g++) if (task.matchOf[g] === UNMATCHED) picked.push(r);
      if (picked.length === 0) continue;
      const sel = picked.view();
      const none = new Int32Array(sel.length).fill(-1);
      const keys = keyColumns(layout, lanes, sel.length, sel);
      const primary = ctx.primaryColumns.map((c) => takeRows(c.type, [], none, c.to));
      const friend = ctx.friendColumns.map((c) => takeRows(c.type, batch.getChild(c.from)!.data, sel, c.from));
      await writer.write(recordBatch(ctx.schema, [...keys, ...primary, ...friend], sel.length));
      appended += sel.length;
      throwIfAborted(ctx.io.signal);
    }
  }
  return appended;
}

/**
 * The friend rows of `file` (dataset rows, [from, to)) from the first to the last that pairs with a primary row in
 * [start, start + rows); null when none does. A friend written in other groupings than the primary (files merged or
 * split, rows in the same order) holds each primary file's rows in one part of a file: its windows read that part
 * instead of the whole file (and of every file, for each primary file).
 */
function neededSpan(task: FileTask, file: FileRange, start: number, rows: number): { from: number; to: number } | null {
  const { matchOf, primaryChain: chain } = task;
  const end = start + rows;
  let first = -1;
  let last = -1;
  for (let g = file.start, stop = file.start + file.rows; g < stop; g++) {
    for (let p = matchOf[g]!; p >= 0; p = chain ? chain[p]! : -1) {
      if (p < start || p >= end) continue;
      if (first < 0) first = g;
      last = g;
      break;
    }
  }
  return first < 0 ? null : { from: first, to: last + 1 };
}

function range(from: number, length: number): Int32Array {
  const rows = new Int32Array(length);
  for (let i = 0; i < length; i++) rows[i] = from + i;
  return rows;
}

/** The friend file holding dataset row `g`, and the row's entry in it. */
function friendEntry(task: FileTask, g: number): { path: string; entry: number } {
  const file = task.friendFiles[fileOf(task.friendFiles, g, 0)]!;
  return { path: file.path, entry: g - file.start };
}

/**
 * The (window row, needed friend row) pairs of a window, to be grouped by window row in friend order. Held as one
 * friend row per window row, the usual case, until a window row gets a second; from then on as a list of pairs.
 */
class Pairs {
  /** Pairs added. */
  count = 0;
  /** Per window row: its first friend row, or -1. */
  readonly first: Int32Array;
  private list: { rows: Growable; picks: Growable } | null = null;

  constructor(rows: number) {
    this.first = new Int32Array(rows).fill(-1);
  }

  /** Pairs window row `row` with needed friend row `pick`; true when it is the row's first. */
  add(row: number, pick: number): boolean {
    this.count++;
    const isFirst = this.first[row]! < 0;
    if (isFirst) this.first[row] = pick;
    if (this.list === null) {
      if (isFirst) return true;
      // A window row with a second friend row: keep every pair from here on, the ones so far first.
      const list = (this.list = { rows: new Growable(), picks: new Growable() });
      this.first.forEach((p, r) => {
        if (p < 0) return;
        list.rows.push(r);
        list.picks.push(p);
      });
    }
    this.list.rows.push(row);
    this.list.picks.push(pick);
    return isFirst;
  }

  /**
   * The friend rows of window row r are `sorted[perRow[r]]` up to `sorted[perRow[r + 1]]`, in the order added;
   * `onePerRow` when no window row has more than one.
   */
  grouped(): { perRow: Int32Array; sorted: Int32Array; onePerRow: boolean } {
    const rows = this.first.length;
    const perRow = new Int32Array(rows + 1);
    const sorted = new Int32Array(this.count);
    if (this.list === null) {
      for (let r = 0, k = 0; r < rows; r++) {
        const p = this.first[r]!;
        if (p >= 0) sorted[k++] = p;
        perRow[r + 1] = k;
      }
      return { perRow, sorted, onePerRow: true };
    }
    // A counting sort by window row, stable so each row keeps its friend rows in the order added.
    const pr = this.list.rows.view();
    const pn = this.list.picks.view();
    for (let i = 0; i < pr.length; i++) perRow[pr[i]! + 1]!++;
    for (let r = 0; r < rows; r++) perRow[r + 1]! += perRow[r]!;
    const fill = perRow.slice(0, rows);
    for (let i = 0; i < pr.length; i++) sorted[fill[pr[i]!]!++] = pn[i]!;
    return { perRow, sorted, onePerRow: false };
  }
}
