import { FacilityError } from '@afkit/core';
import { util } from 'apache-arrow';
import type { Data } from 'apache-arrow';
import { BOOL_LEAF, COUNTER_LEAF } from './branchPlan.ts';
import type { ColumnPlan } from './branchPlan.ts';
import { BranchData } from './BranchData.ts';
import { copyBigEndian, fillDefault } from './bigEndian.ts';

/** Whether entry `i` of `data` is not null, read from the validity bitmap (Data.getValid costs more in a loop). */
function validAt(data: Data): (i: number) => boolean {
  const bits = data.nullBitmap;
  if (data.nullCount === 0 || !bits) return () => true;
  const offset = data.offset;
  return (i) => ((bits[(offset + i) >> 3]! >> ((offset + i) & 7)) & 1) === 1;
}

/**
 * Turns one Arrow column into its ROOT branches: the values (a flat branch, or a jagged one after its `n<name>`
 * counter) and, for a nullable column, a `<name>_valid` Bool_t branch. A null entry holds the default value (NaN for
 * floats, 0, false, an empty list) with `<name>_valid` false.
 */
export class ColumnWriter {
  readonly values: BranchData;
  readonly counter?: BranchData;
  readonly valid?: BranchData;

  constructor(
    private readonly plan: ColumnPlan,
    private readonly path: string,
  ) {
    this.counter = plan.counter === undefined ? undefined : new BranchData(plan.counter, COUNTER_LEAF, undefined, true);
    this.values = new BranchData(plan.field.name, plan.leaf, plan.counter);
    this.valid = plan.valid === undefined ? undefined : new BranchData(plan.valid, BOOL_LEAF);
  }

  /** This column's branches in tree order (a counter before the branch it counts). */
  get branches(): BranchData[] {
    return [this.counter, this.values, this.valid].filter((b): b is BranchData => b !== undefined);
  }

  /** Bytes that entries `[from, to)` of `data` add to this column's baskets (an upper bound for lists with nulls). */
  bytesFor(data: Data, from: number, to: number): number {
    const n = to - from;
    const validBytes = this.valid ? n : 0;
    if (!this.counter) return n * this.plan.leaf.size + validBytes;
    const offsets = data.valueOffsets as Int32Array;
    const items = offsets[to]! - offsets[from]!;
    return items * this.plan.leaf.size + 8 * n + validBytes;
  }

  /** Appends entries `[from, to)` of this column's Arrow data; `first` is the output entry number of `from`, for errors. */
  append(data: Data, from: number, to: number, first: number): void {
    if (this.valid) this.appendValidity(data, from, to);
    if (this.counter) this.appendJagged(data, from, to, first);
    else {
      this.appendValues(data, from, to);
      this.values.addEntries(to - from);
    }
  }

  private appendValidity(data: Data, from: number, to: number): void {
    const { target, at } = this.valid!.reserve(to - from);
    if (data.nullCount === 0) target.fill(1, at, at + to - from);
    else {
      const valid = validAt(data);
      for (let i = from; i < to; i++) target[at + i - from] = valid(i) ? 1 : 0;
    }
    this.valid!.addEntries(to - from);
  }

  private appendJagged(data: Data, from: number, to: number, first: number): void {
    const offsets = data.valueOffsets as Int32Array;
    const items = data.children[0]!;
    const valid = validAt(data);
    if (items.nullCount > 0) {
      const itemValid = validAt(items);
      for (let i = from; i < to; i++) {
        if (!valid(i)) continue;
        for (let k = offsets[i]!; k < offsets[i + 1]!; k++) {
          if (!itemValid(k)) {
            throw new FacilityError('unsupported', `${this.path}: column ${this.plan.field.name} holds a null inside the list of entry ${first + i - from}; ROOT lists cannot hold nulls`, {
              where: this.path,
              hint: 'Write "arrow" or "parquet" output for lists with null items.',
              details: { column: this.plan.field.name, entry: first + i - from },
            });
          }
        }
      }
    }
    const counts = this.counter!.reserve(4 * (to - from));
    const countView = new DataView(counts.target.buffer, counts.target.byteOffset + counts.at, 4 * (to - from));
    let maximum = this.counter!.maximum;
    if (data.nullCount === 0) {
      // No null entries: the items of [from, to) are contiguous, so one copy fills every entry.
      const begin = this.values.byteLength;
      const firstItem = offsets[from]!;
      for (let i = from; i < to; i++) {
        const n = offsets[i + 1]! - offsets[i]!;
        countView.setUint32(4 * (i - from), n);
        if (n > maximum) maximum = n;
        this.values.startEntry(begin + (offsets[i]! - firstItem) * this.plan.leaf.size);
      }
      this.appendValues(items, firstItem, offsets[to]!);
    } else {
      for (let i = from; i < to; i++) {
        const n = valid(i) ? offsets[i + 1]! - offsets[i]! : 0;
        countView.setUint32(4 * (i - from), n);
        if (n > maximum) maximum = n;
        this.values.startEntry();
        if (n > 0) this.appendValues(items, offsets[i]!, offsets[i + 1]!);
      }
    }
    this.counter!.maximum = maximum;
    this.counter!.addEntries(to - from);
  }

  private appendValues(data: Data, from: number, to: number): void {
    const { target, at } = this.values.reserve((to - from) * this.plan.leaf.size);
    this.writeValues(target, at, data, from, to);
  }

  /**
   * Writes values `[from, to)` of flat Arrow data big-endian at `at`, with defaults in null slots. As everywhere in
   * apache-arrow, a sliced Data's value buffer and list offsets already start at the slice, while bitmaps (validity,
   * booleans) keep the whole buffer and count from `data.offset`.
   */
  private writeValues(target: Uint8Array, at: number, data: Data, from: number, to: number): void {
    const { leaf, half } = this.plan;
    if (leaf === BOOL_LEAF) {
      const bits = data.values as Uint8Array;
      for (let i = from; i < to; i++) {
        const bit = data.offset + i;
        target[at + i - from] = (bits[bit >> 3]! >> (bit & 7)) & 1;
      }
    } else if (half) {
      const halves = data.values as Uint16Array;
      const view = new DataView(target.buffer, target.byteOffset + at, 4 * (to - from));
      for (let i = from; i < to; i++) view.setFloat32(4 * (i - from), util.uint16ToFloat64(halves[i]!));
    } else {
      const values = data.values as Exclude<Data['values'], undefined> & { subarray(a: number, b: number): ArrayBufferView };
      copyBigEndian(values.subarray(from, to), target, at, leaf.size);
    }
    if (data.nullCount > 0) {
      const valid = validAt(data);
      for (let i = from; i < to; i++) if (!valid(i)) fillDefault(target, at + (i - from) * leaf.size, leaf);
    }
  }
}
