import { distinctInRuns } from './distinctInRuns.ts';
import { sameLanes } from './KeyLayout.ts';

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
  return sameLanes(lanesA, a * width, lanesB, b * width, width);
}

/**
 * Rows per hash partition: a partition's slots and key lanes (about 130 KiB) stay in the CPU cache while they are
 * filled or probed, so building and probing touch memory in order instead of at random across the whole dataset.
 */
const ROWS_PER_PARTITION = 4096;

/** Rows grouped by hash partition (stable: ascending row within a partition), with their hashes and keys in that order. */
interface Partitioned {
  /** Rows in partition order. */
  readonly order: Int32Array;
  /** The hash of each row of `order`. */
  readonly hashes: Int32Array;
  /** The key lanes of each row of `order`, in that order; when not copied, the lanes as given (indexed by row). */
  readonly lanes: Uint32Array;
  /** First position in `order` of each partition; `parts + 1` long. */
  readonly bounds: Int32Array;
}

/**
 * An open-addressing hash index over the composite keys of one lanes array, split into hash partitions (high hash
 * bits pick the partition, low bits the slot). Each slot keeps the key's hash beside its head, and for lookups the
 * index keeps its own copy of the keys in partition order, so a probe compares keys held next to the slots it reads.
 * Rows with equal keys are chained from the first one (the head); `duplicateRows` counts rows whose key was already present.
 */
export class KeyIndex {
  readonly lanes: Uint32Array;
  readonly width: number;
  readonly rows: number;
  /** Rows that repeat a key already indexed. */
  duplicateRows = 0;
  /** Distinct keys indexed. */
  distinct = 0;
  /** 1 for a row whose key an earlier row already had. */
  readonly repeats: Uint8Array;
  /** Hash bits that pick a partition (`hash >>> (32 - bits)`); 0 for one partition. */
  private readonly bits: number;
  /** Rows in partition order. */
  private order: Int32Array = new Int32Array(0);
  /** The keys in partition order (lookups compare against them); null until a lookup needs them. */
  private partitionLanes: Uint32Array | null = null;
  /** First slot of each partition; `parts + 1` long. Partition sizes are powers of two. */
  private segments: Int32Array = new Int32Array(1);
  /** First position in `order` of each partition; `parts + 1` long. */
  private starts: Int32Array = new Int32Array(1);
  /** Per slot: the head's position in `order` + 1 (0 = empty), then the key's hash. */
  private slots: Int32Array = new Int32Array(0);
  /** Whether the partitions and slots exist; not while the keys were proven distinct without them. */
  private built = false;
  /** What the last lookup's {@link touch} calls read, kept (not private: no reader) so that the reads are not optimised away. */
  touched = 0;
  /** Next row with the same key, -1 at a chain's end; only allocated once a key repeats. */
  private chain: Int32Array | null = null;

  /**
   * Indexes rows [0, rows) of `lanes`. With `lookups` false the index expects no {@link findAll} (it only counts and
   * chains keys), so it does not copy the keys into partition order until a lookup comes; and where rows come in runs
   * sharing their first `runLanes` lanes (see {@link distinctInRuns}), keys proven distinct run by run need no index
   * until a lookup comes. `provenDistinct` is that proof's answer when already worked out (on another thread).
   */
  constructor(
    lanes: Uint32Array,
    width: number,
    rows: number,
    { lookups = true, runLanes = 0, provenDistinct }: { lookups?: boolean; runLanes?: number; provenDistinct?: boolean | undefined } = {},
  ) {
    this.lanes = lanes;
    this.width = width;
    this.rows = rows;
    this.repeats = new Uint8Array(rows);
    this.bits = partitionBits(rows);
    if (!lookups && (provenDistinct ?? distinctInRuns(lanes, width, rows, runLanes))) {
      this.distinct = rows;
      return;
    }
    this.build(lookups);
  }

  private build(lookups: boolean): void {
    const { lanes, rows } = this;
    const { order, hashes, lanes: partitionLanes, bounds } = this.partition(lanes, rows, lookups);
    this.order = order;
    this.starts = bounds;
    this.partitionLanes = lookups ? partitionLanes : null;
    const parts = bounds.length - 1;
    this.segments = new Int32Array(parts + 1);
    for (let p = 0; p < parts; p++) this.segments[p + 1] = this.segments[p]! + tableSize(bounds[p + 1]! - bounds[p]!);
    this.slots = new Int32Array(this.segments[parts]! * 2);
    // Counted afresh: keys proven distinct before the build were counted all at once.
    this.distinct = 0;
    for (let p = 0; p < parts; p++) {
      const base = this.segments[p]!;
      const mask = this.segments[p + 1]! - base - 1;
      for (let i = bounds[p]!, end = bounds[p + 1]!; i < end; i++) this.insert(i, hashes[i]!, base, mask);
    }
    this.built = true;
  }

  /** Inserts the row at position `i` of the partition order. */
  private insert(i: number, hash: number, base: number, mask: number): void {
    const { slots, order } = this;
    let slot = hash & mask;
    for (;;) {
      const at = (base + slot) << 1;
      const position = slots[at]! - 1;
      if (position < 0) {
        slots[at] = i + 1;
        slots[at + 1] = hash;
        this.distinct++;
        return;
      }
      // Keys are compared only where hashes agree: almost only for a repeated key.
      if (slots[at + 1] === hash && this.samePositions(position, i)) {
        const head = order[position]!;
        const row = order[i]!;
        const chain = (this.chain ??= sharedChain(this.rows));
        chain[row] = chain[head]!;
        chain[head] = row;
        this.repeats[row] = 1;
        this.duplicateRows++;
        return;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Whether the rows at positions `a` and `b` of the partition order hold the same key. */
  private samePositions(a: number, b: number): boolean {
    const { partitionLanes, lanes, order, width } = this;
    return partitionLanes ? sameKey(partitionLanes, a, partitionLanes, b, width) : sameKey(lanes, order[a]!, lanes, order[b]!, width);
  }

  /**
   * Looks up rows [0, rows) of `other` partition by partition (so the probed slots and keys stay in cache): `heads[r]`
   * is the head row holding row r's key or -1, and `again[r]` is 1 when an earlier row of `other` found the same head.
   */
  findAll(other: Uint32Array, rows: number, heads: Int32Array, again: Uint8Array): void {
    if (!this.built) this.build(true);
    const own = (this.partitionLanes ??= gatherKeys(this.lanes, this.order, this.width));
    const { order, hashes, lanes, bounds } = this.partition(other, rows, true);
    const { slots, width } = this;
    const parts = bounds.length - 1;
    let widest = 0;
    for (let p = 0; p < parts; p++) widest = Math.max(widest, this.segments[p + 1]! - this.segments[p]!);
    // Per slot of the current partition: whether a row of `other` already found it (rows come in ascending order).
    const seen = new Uint8Array(widest);
    let touched = 0;
    for (let p = 0; p < parts; p++) {
      const base = this.segments[p]!;
      const mask = this.segments[p + 1]! - base - 1;
      seen.fill(0, 0, mask + 1);
      // A probe reads a slot, then the key it points to: two waits on memory in turn when neither is cached. Read in
      // order first, the partition's slots and keys stream into the cache at once (this halves the probing time).
      touched |= touch(slots, base << 1, (base + mask + 1) << 1) | touch(own, this.starts[p]! * width, this.starts[p + 1]! * width);
      for (let i = bounds[p]!, end = bounds[p + 1]!; i < end; i++) {
        const hash = hashes[i]!;
        let slot = hash & mask;
        let head = -1;
        for (;;) {
          const at = (base + slot) << 1;
          const position = slots[at]! - 1;
          if (position < 0) break;
          if (slots[at + 1] === hash && sameKey(own, position, lanes, i, width)) {
            head = this.order[position]!;
            break;
          }
          slot = (slot + 1) & mask;
        }
        const row = order[i]!;
        heads[row] = head;
        if (head < 0) continue;
        again[row] = seen[slot]!;
        seen[slot] = 1;
      }
    }
    this.touched = touched;
  }

  /**
   * Groups rows [0, rows) of `lanes` by this index's partitions, hashing each once; with `copyKeys`, also copies the
   * keys into that order (else `lanes` comes back as given).
   */
  private partition(lanes: Uint32Array, rows: number, copyKeys: boolean): Partitioned {
    const { width, bits } = this;
    const parts = 1 << bits;
    const shift = 32 - bits;
    const rowHashes = new Int32Array(rows);
    const bounds = new Int32Array(parts + 1);
    for (let r = 0; r < rows; r++) {
      const h = hashKey(lanes, r, width);
      rowHashes[r] = h;
      if (bits > 0) bounds[(h >>> shift) + 1]!++;
    }
    const order = new Int32Array(rows);
    if (bits === 0) {
      bounds[1] = rows;
      for (let r = 0; r < rows; r++) order[r] = r;
      return { order, hashes: rowHashes, lanes, bounds };
    }
    for (let p = 0; p < parts; p++) bounds[p + 1]! += bounds[p]!;
    const fill = bounds.slice(0, parts);
    const hashes = new Int32Array(rows);
    const ordered = copyKeys ? new Uint32Array(rows * width) : lanes;
    for (let r = 0; r < rows; r++) {
      const h = rowHashes[r]!;
      const at = fill[h >>> shift]!++;
      order[at] = r;
      hashes[at] = h;
      if (copyKeys) copyKey(lanes, r, ordered, at, width);
    }
    return { order, hashes, lanes: ordered, bounds };
  }

  /** The chain array (next row with the same key, or -1), to hand to worker threads; null when no key repeats. */
  chainArray(): Int32Array | null {
    return this.chain;
  }

  /** The next row with the same key as `row`, or -1. */
  next(row: number): number {
    return this.chain === null ? -1 : this.chain[row]!;
  }
}

/** Reads one word per 64-byte cache line of `words` [from, to), bringing them into the cache; returns their OR. */
function touch(words: Int32Array | Uint32Array, from: number, to: number): number {
  let x = 0;
  for (let k = from; k < to; k += 16) x |= words[k]!;
  return x;
}

/** The keys of `lanes` in the order of `rows`. */
function gatherKeys(lanes: Uint32Array, rows: Int32Array, width: number): Uint32Array {
  const out = new Uint32Array(rows.length * width);
  for (let i = 0; i < rows.length; i++) copyKey(lanes, rows[i]!, out, i, width);
  return out;
}

/** Copies the key of row `from` of `source` to row `to` of `target`; unrolled for the usual run/lumi/event width. */
function copyKey(source: Uint32Array, from: number, target: Uint32Array, to: number, width: number): void {
  const f = from * width;
  const t = to * width;
  if (width === 4) {
    target[t] = source[f]!;
    target[t + 1] = source[f + 1]!;
    target[t + 2] = source[f + 2]!;
    target[t + 3] = source[f + 3]!;
    return;
  }
  for (let l = 0; l < width; l++) target[t + l] = source[f + l]!;
}

/** Hash bits that pick a partition, for about {@link ROWS_PER_PARTITION} rows per partition. */
function partitionBits(rows: number): number {
  let bits = 0;
  while (bits < 16 && rows >> bits > ROWS_PER_PARTITION) bits++;
  return bits;
}

/** Slots for `rows` keys: a power of two at least twice as many, so probes stay short. */
function tableSize(rows: number): number {
  let size = 16;
  while (size < rows * 2) size *= 2;
  return size;
}

function sharedChain(rows: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(Math.max(1, rows) * 4), 0, rows).fill(-1);
}
