import type { JoinKey } from '../plan/JoinPlan.ts';

/**
 * How composite keys are laid out in memory: every row is `width` consecutive uint32 lanes,
 * one lane per uint32 key and two (low, high) per uint64 key. Exact for every 64-bit value.
 */
export interface KeyLayout {
  readonly keys: readonly JoinKey[];
  /** Lanes per row. */
  readonly width: number;
  /** First lane of each key. */
  readonly laneOf: readonly number[];
}

/** Whether `count` lanes of `a` from `aAt` equal those of `b` from `bAt`. */
export function sameLanes(a: Uint32Array, aAt: number, b: Uint32Array, bAt: number, count: number): boolean {
  for (let l = 0; l < count; l++) if (a[aAt + l] !== b[bAt + l]) return false;
  return true;
}

/** The lane layout for a list of keys. */
export function keyLayout(keys: readonly JoinKey[]): KeyLayout {
  const laneOf: number[] = [];
  let width = 0;
  for (const key of keys) {
    laneOf.push(width);
    width += key.type === 'uint32' ? 1 : 2;
  }
  return { keys, width, laneOf };
}

/** The keys of row `row` as text, e.g. `run=1 luminosityBlock=2 event=3`, for error messages and reports. */
export function formatKey(layout: KeyLayout, lanes: Uint32Array, row: number): string {
  return layout.keys.map((key, k) => `${key.name}=${keyValue(layout, lanes, row, k)}`).join(' ');
}

/** The exact value of key `k` at `row`, as a BigInt (for messages and output columns, not hot loops). */
export function keyValue(layout: KeyLayout, lanes: Uint32Array, row: number, k: number): bigint {
  const base = row * layout.width + layout.laneOf[k]!;
  if (layout.keys[k]!.type === 'uint32') return BigInt(lanes[base]!);
  return (BigInt(lanes[base + 1]!) << 32n) | BigInt(lanes[base]!);
}
