import { Uint32, Uint64, makeData } from 'apache-arrow';
import type { Data } from 'apache-arrow';
import type { KeyLayout } from '../keys/KeyLayout.ts';

/**
 * Turns `rows` rows of key lanes into one Arrow column per key (Uint32 or exact Uint64): rows [0, rows) of `lanes`,
 * or with `at`, rows `at[0]`, `at[1]`, … of `lanes`.
 */
export function keyColumns(layout: KeyLayout, lanes: Uint32Array, rows: number, at?: Int32Array): Data[] {
  const { width } = layout;
  return layout.keys.map((key, k) => {
    const lane = layout.laneOf[k]!;
    if (key.type === 'uint32') {
      const values = new Uint32Array(rows);
      for (let r = 0; r < rows; r++) values[r] = lanes[(at ? at[r]! : r) * width + lane]!;
      return makeData({ type: new Uint32(), length: rows, nullCount: 0, data: values });
    }
    const values = new BigUint64Array(rows);
    const words = new Uint32Array(values.buffer);
    for (let r = 0; r < rows; r++) {
      const from = (at ? at[r]! : r) * width + lane;
      words[2 * r] = lanes[from]!;
      words[2 * r + 1] = lanes[from + 1]!;
    }
    return makeData({ type: new Uint64(), length: rows, nullCount: 0, data: values });
  });
}
