/** A 32-bit hash of one row's key lanes (murmur3 mixing); equal keys hash equally across files. */
export function hashKey(lanes: Uint32Array, row: number, width: number): number {
  let h = 0x9747b28c;
  const base = row * width;
  for (let i = 0; i < width; i++) {
    let k = Math.imul(lanes[base + i]!, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= width;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Whether row `a` of `lanesA` and row `b` of `lanesB` hold the same key. */
export function sameKey(lanesA: Uint32Array, a: number, lanesB: Uint32Array, b: number, width: number): boolean {
  const ba = a * width;
  const bb = b * width;
  for (let i = 0; i < width; i++) if (lanesA[ba + i] !== lanesB[bb + i]) return false;
  return true;
}

/** Which of `parts` hash partitions a key belongs to; uses the high bits, the table uses the low ones. */
export function partitionOf(hash: number, parts: number): number {
  return parts === 1 ? 0 : Math.floor((hash / 0x100000000) * parts);
}

/** Bytes an index over `rows` keys of `width` lanes holds, besides the lanes themselves. */
export function indexBytes(rows: number): number {
  return tableSize(rows) * 4 + rows * 4;
}

function tableSize(rows: number): number {
  let size = 16;
  while (size < rows * 2) size *= 2;
  return size;
}

/**
 * An open-addressing hash index over the composite keys of one lanes array. Rows with equal keys are
 * chained from the first one (the head); `duplicateRows` counts rows whose key was already present.
 */
export class KeyIndex {
  readonly lanes: Uint32Array;
  readonly width: number;
  /** Rows that repeat a key already indexed. */
  duplicateRows = 0;
  /** Distinct keys indexed. */
  distinct = 0;
  /** 1 for a row whose key an earlier row already had. */
  readonly repeats: Uint8Array;
  private readonly table: Int32Array;
  private readonly mask: number;
  private readonly chain: Int32Array;

  /** Indexes rows [0, rows) of `lanes`; with `parts` > 1 only the rows of hash partition `part`. */
  constructor(lanes: Uint32Array, width: number, rows: number, part = 0, parts = 1) {
    this.lanes = lanes;
    this.width = width;
    const size = tableSize(parts === 1 ? rows : Math.ceil((rows / parts) * 1.2));
    this.table = new Int32Array(size);
    this.mask = size - 1;
    this.chain = new Int32Array(new SharedArrayBuffer(Math.max(1, rows) * 4), 0, rows).fill(-1);
    this.repeats = new Uint8Array(rows);
    for (let row = 0; row < rows; row++) {
      const hash = hashKey(lanes, row, width);
      if (parts > 1 && partitionOf(hash, parts) !== part) continue;
      this.insert(row, hash);
    }
  }

  private insert(row: number, hash: number): void {
    const { table, mask, lanes, width } = this;
    let slot = hash & mask;
    for (;;) {
      const head = table[slot]! - 1;
      if (head < 0) {
        table[slot] = row + 1;
        this.distinct++;
        return;
      }
      if (sameKey(lanes, head, lanes, row, width)) {
        this.chain[row] = this.chain[head]!;
        this.chain[head] = row;
        this.repeats[row] = 1;
        this.duplicateRows++;
        return;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** The head row holding the key of row `row` of `other`, or -1. */
  find(other: Uint32Array, row: number, hash = hashKey(other, row, this.width)): number {
    const { table, mask, lanes, width } = this;
    let slot = hash & mask;
    for (;;) {
      const head = table[slot]! - 1;
      if (head < 0) return -1;
      if (sameKey(lanes, head, other, row, width)) return head;
      slot = (slot + 1) & mask;
    }
  }

  /** The chain array (next row with the same key, or -1), to hand to worker threads. */
  chainArray(): Int32Array {
    return this.chain;
  }

  /** The next row with the same key as `row`, or -1. */
  next(row: number): number {
    return this.chain[row]!;
  }
}
