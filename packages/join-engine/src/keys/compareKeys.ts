import { Type } from 'apache-arrow';
import type { Data, RecordBatch } from 'apache-arrow';
import type { KeyLayout } from './KeyLayout.ts';
import { normaliseKeys } from './normaliseKeys.ts';
import type { KeySource } from './normaliseKeys.ts';

/** Compares batches of one file's keys with expected lanes: as read where the keys are stored in their key types. */
export class KeyComparer {
  /** Normalised keys of a batch whose keys are not stored in their key types. */
  private scratch = new Uint32Array(0);

  constructor(
    private readonly layout: KeyLayout,
    private readonly source: KeySource,
  ) {}

  /** The first of the batch's rows whose key differs from row `first` + r of `lanes`, or -1 when all agree. */
  firstDifference(batch: RecordBatch, lanes: Uint32Array, first: number): number {
    const { layout, source } = this;
    const rows = batch.numRows;
    const asRead = keysAsRead(batch, layout, source.columns);
    if (asRead) return firstDifferenceAsRead(layout, lanes, first, asRead, rows);
    if (this.scratch.length < rows * layout.width) this.scratch = new Uint32Array(rows * layout.width);
    normaliseKeys(batch, layout, source, this.scratch, 0);
    return firstDifference(lanes, first, this.scratch, rows, layout.width);
  }
}

/** The first of rows [0, rows) of `lanes` whose key differs from row `first` + r of `expected`, or -1 when all agree. */
export function firstDifference(expected: Uint32Array, first: number, lanes: Uint32Array, rows: number, width: number): number {
  const base = first * width;
  for (let i = 0, end = rows * width; i < end; i++) if (expected[base + i] !== lanes[i]) return Math.floor(i / width);
  return -1;
}

/**
 * The batch's key columns when each is already stored as its key's type (uint32 or uint64, without nulls): such keys
 * are compared and attached as read, with no lanes of their own. Null when any key needs normalising first.
 */
export function keysAsRead(batch: RecordBatch, layout: KeyLayout, columns: readonly string[]): Data[] | null {
  const data: Data[] = [];
  for (const [k, key] of layout.keys.entries()) {
    const chunks = batch.getChild(columns[k]!)?.data;
    const chunk = chunks?.length === 1 ? chunks[0]! : null;
    const type = chunk?.type as { typeId: Type; bitWidth?: number; isSigned?: boolean } | undefined;
    if (!chunk || chunk.nullCount > 0 || type!.typeId !== Type.Int || type!.isSigned || type!.bitWidth !== (key.type === 'uint64' ? 64 : 32)) return null;
    data.push(chunk);
  }
  return data;
}

/**
 * The first of rows [0, rows) of key columns given by {@link keysAsRead} whose key differs from row `first` + r of
 * `lanes`, or -1 when all agree.
 */
export function firstDifferenceAsRead(layout: KeyLayout, lanes: Uint32Array, first: number, columns: readonly Data[], rows: number): number {
  const { width } = layout;
  let differs = rows;
  for (const [k, data] of columns.entries()) {
    const values = data.values as Uint32Array | BigUint64Array;
    const base = first * width + layout.laneOf[k]!;
    // One loop per word count, so that the loop run per row holds no inner loop.
    differs =
      layout.keys[k]!.type === 'uint64'
        ? firstDifferentPair(new Uint32Array(values.buffer, values.byteOffset, rows * 2), lanes, base, width, differs)
        : firstDifferentWord(values as Uint32Array, lanes, base, width, differs);
  }
  return differs < rows ? differs : -1;
}

/** The first row below `rows` whose word differs from its lane at `base` + row × `width`, or `rows`. */
function firstDifferentWord(words: Uint32Array, lanes: Uint32Array, base: number, width: number, rows: number): number {
  for (let i = 0, at = base; i < rows; i++, at += width) if (words[i] !== lanes[at]) return i;
  return rows;
}

/** The first row below `rows` whose two words (low, high) differ from its lanes at `base` + row × `width`, or `rows`. */
function firstDifferentPair(words: Uint32Array, lanes: Uint32Array, base: number, width: number, rows: number): number {
  for (let i = 0, at = base; i < rows; i++, at += width) if (words[2 * i] !== lanes[at] || words[2 * i + 1] !== lanes[at + 1]) return i;
  return rows;
}
