import { Uint32, Uint64, makeData } from 'apache-arrow';
import type { Data } from 'apache-arrow';
import type { KeyLayout } from '../keys/KeyLayout.ts';

/** Turns `rows` rows of key lanes into one Arrow column per key (Uint32 or exact Uint64). */
export function keyColumns(layout: KeyLayout, lanes: Uint32Array, rows: number): Data[] {
  const { width } = layout;
  return layout.keys.map((key, k) => {
    const lane = layout.laneOf[k]!;
    if (key.type === 'uint32') {
      const values = new Uint32Array(rows);
      for (let r = 0, at = lane; r < rows; r++, at += width) values[r] = lanes[at]!;
      return makeData({ type: new Uint32(), length: rows, nullCount: 0, data: values });
    }
    const values = new BigUint64Array(rows);
    const words = new Uint32Array(values.buffer);
    for (let r = 0, at = lane; r < rows; r++, at += width) {
      words[2 * r] = lanes[at]!;
      words[2 * r + 1] = lanes[at + 1]!;
    }
    return makeData({ type: new Uint64(), length: rows, nullCount: 0, data: values });
  });
}
