import type { KeyLayout } from './KeyLayout.ts';

/**
 * A running 64-bit digest of a sequence of composite keys (two murmur3-mixed 32-bit lanes), the join's proof:
 * equal key sequences give equal digests, so anyone can recompute it from the output's key columns.
 */
export class KeyDigest {
  private h1 = 0x811c9dc5;
  private h2 = 0x01000193;
  /** Keys folded in. */
  count = 0;

  /** Folds in the key of `row` of `lanes`. */
  add(lanes: Uint32Array, row: number, width: number): void {
    this.addRows(lanes, row, row + 1, width);
  }

  /** Folds in the keys of rows [from, to) of `lanes`, in order (the same digest as adding them one by one). */
  addRows(lanes: Uint32Array, from: number, to: number, width: number): void {
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = from * width, end = to * width; i < end; i++) {
      const v = lanes[i]!;
      h1 = Math.imul(h1 ^ v, 0x01000193);
      h1 = (h1 << 13) | (h1 >>> 19);
      h2 = Math.imul(h2 ^ v, 0x5bd1e995) ^ (h2 >>> 15);
    }
    this.h1 = h1;
    this.h2 = h2;
    this.count += to - from;
  }

  /** Folds in the keys of rows `rows[0]`, `rows[1]`, … of `lanes`, in that order. */
  addListed(lanes: Uint32Array, rows: Int32Array, width: number): void {
    for (let k = 0; k < rows.length; k++) this.addRows(lanes, rows[k]!, rows[k]! + 1, width);
  }

  /** Folds in another digest's value (to chain per-file digests in file order). */
  addDigest(hex: string): void {
    const lanes = new Uint32Array([parseInt(hex.slice(0, 8), 16), parseInt(hex.slice(8, 16), 16)]);
    this.add(lanes, 0, 2);
    this.count--;
  }

  /** The digest as 16 hex digits. */
  hex(): string {
    return (this.h1 >>> 0).toString(16).padStart(8, '0') + (this.h2 >>> 0).toString(16).padStart(8, '0');
  }
}

/** Digests rows of lanes in order (what the proof recomputes from an output's key columns). */
export function digestKeys(layout: KeyLayout, lanes: Uint32Array, rows: number): string {
  const digest = new KeyDigest();
  for (let r = 0; r < rows; r++) digest.add(lanes, r, layout.width);
  return digest.hex();
}
