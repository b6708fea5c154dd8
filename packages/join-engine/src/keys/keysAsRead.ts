import { Type } from 'apache-arrow';
import type { Data, RecordBatch } from 'apache-arrow';
import type { KeyLayout } from './KeyLayout.ts';

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
