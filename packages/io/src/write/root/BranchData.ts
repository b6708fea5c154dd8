import type { LeafType } from './branchPlan.ts';

/** One basket's contents, taken from a branch when its cluster is flushed. */
export interface BasketContents {
  /** Big-endian values of the basket's entries. */
  readonly data: Uint8Array;
  /** Start of each entry in `data`, for jagged branches. */
  readonly entryStarts?: Int32Array;
  readonly entries: number;
}

/** Where a written basket lies and what it holds, for the TBranch record. */
export interface BasketRecord {
  readonly seek: number;
  readonly bytes: number;
  readonly firstEntry: number;
  readonly objlen: number;
  readonly keylen: number;
}

/**
 * One TBranch being written: the big-endian bytes of its current basket (and, for a jagged branch, where each entry
 * starts), then the records of the baskets already on disk.
 */
export class BranchData {
  private bytes = new Uint8Array(1024);
  private length = 0;
  private starts: Int32Array | undefined;
  private entries = 0;
  readonly baskets: BasketRecord[] = [];
  /** Largest value written, kept for counter branches (ROOT sizes jagged reads by the counter leaf's maximum). */
  maximum = 0;

  constructor(
    readonly name: string,
    readonly leaf: LeafType,
    /** Counter branch of a jagged branch. */
    readonly counter?: string,
    /** Whether this branch counts the entries of a jagged one. */
    readonly isCounter = false,
  ) {
    if (counter !== undefined) this.starts = new Int32Array(256);
  }

  /** ROOT's branch title: `name/L`, `name[nname]/F`. */
  get title(): string {
    return `${this.leafTitle}/${this.leaf.letter}`;
  }

  /** ROOT's leaf title: the name with its counter in brackets for jagged branches. */
  get leafTitle(): string {
    return this.counter === undefined ? this.name : `${this.name}[${this.counter}]`;
  }

  /** Bytes the current basket holds, its entry table included. */
  get bufferedBytes(): number {
    return this.length + (this.starts ? 4 * this.entries : 0);
  }

  /**
   * Reserves room for `bytes` more bytes of values and returns the buffer and the offset to write them at. The offset
   * is a multiple of the value size, and the buffer starts on a fresh ArrayBuffer, so aligned typed views fit.
   */
  reserve(bytes: number): { readonly target: Uint8Array; readonly at: number } {
    if (this.length + bytes > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + bytes));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    const at = this.length;
    this.length += bytes;
    return { target: this.bytes, at };
  }

  /** Counts `n` entries of a flat branch, whose values `reserve` already took. */
  addEntries(n: number): void {
    this.entries += n;
  }

  /** Bytes of values in the current basket. */
  get byteLength(): number {
    return this.length;
  }

  /** Starts one entry of a jagged branch at byte `at` of the current basket (by default its end). */
  startEntry(at = this.length): void {
    if (this.entries >= this.starts!.length) {
      const grown = new Int32Array(this.starts!.length * 2);
      grown.set(this.starts!);
      this.starts = grown;
    }
    this.starts![this.entries++] = at;
  }

  /** Hands over the current basket and starts an empty one (keeping the buffers' capacity). */
  take(): BasketContents {
    const contents = { data: this.bytes.subarray(0, this.length), entries: this.entries, ...(this.starts ? { entryStarts: this.starts.subarray(0, this.entries) } : {}) };
    this.bytes = new Uint8Array(this.bytes.length);
    if (this.starts) this.starts = new Int32Array(this.starts.length);
    this.length = 0;
    this.entries = 0;
    return contents;
  }
}
