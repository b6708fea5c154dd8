import { FacilityError } from '@afkit/core';
import type { Vector } from 'apache-arrow';
import type { Axis, AxisValues } from './axes/Axis.ts';
import { CategoryAxis } from './axes/CategoryAxis.ts';
import { RegularAxis } from './axes/RegularAxis.ts';
import { flattenArrow, isVector } from './arrow/flattenArrow.ts';
import { fastFillable, fillRegularFast } from './fill/fillRegularFast.ts';
import { rebinAxis } from './ops/rebinAxis.ts';
import type { AxisChange } from './ops/rebinAxis.ts';
import { reduceStorage, strides } from './ops/reduceStorage.ts';
import { sliceAxis } from './ops/sliceAxis.ts';
import { accumulate } from './storage/accumulate.ts';
import { Storage } from './storage/Storage.ts';
import type { StorageKind } from './storage/Storage.ts';
import type { Metadata, WriterInfo } from './uhi/UHITypes.ts';

/** One fill column: numbers (any typed array or array), strings for string categories, booleans, or an Arrow Vector. */
export type FillColumn = AxisValues | Vector;

/** Per-entry weights and samples of a fill. */
export interface FillOptions {
  /** One weight per entry, or one weight for all. */
  readonly weight?: ArrayLike<number> | Vector | number;
  /** The value averaged by mean / weighted_mean storages (boost-histogram's `sample=`). */
  readonly sample?: ArrayLike<number> | Vector;
}

/** Options of a new {@link Histogram}. */
export interface HistogramOptions {
  /** Default `double`. */
  readonly storage?: StorageKind;
  readonly metadata?: Metadata;
  readonly writerInfo?: WriterInfo;
}

/** Entries are indexed in chunks so the generic path needs bounded scratch memory however big the fill. */
const CHUNK = 1 << 16;

/**
 * A UHI/boost-histogram style histogram: axes plus a storage of flat Float64Arrays (flow bins included).
 * Fill it from typed arrays or Arrow columns, add partials together, project, rebin, slice, and read or
 * write it as UHI JSON with `fromUHI` / `toUHI`.
 */
export class Histogram {
  readonly metadata: Metadata;
  readonly writerInfo: WriterInfo | undefined;
  private axisList: Axis[];
  private store: Storage;
  private changes = 0;

  /** `storage`, when given, is taken as the bin contents (see {@link Histogram.fromStorage}) and `options.storage` ignored. */
  constructor(axes: readonly Axis[], options: HistogramOptions = {}, storage?: Storage) {
    this.axisList = axes.map((a) => a.clone());
    const size = this.axisList.reduce((n, a) => n * a.extent, 1);
    if (storage && storage.size !== size) {
      throw new FacilityError('invalid-input', `The storage holds ${storage.size} bins; axes ${this.describeAxes()} need ${size} (flow bins included).`);
    }
    // a reader's histogram takes its storage without first allocating an empty one (2 MB for a live 500x500 state)
    this.store = storage ?? new Storage(options.storage ?? 'double', size);
    this.metadata = { ...options.metadata };
    this.writerInfo = options.writerInfo;
  }

  /** A histogram over given axes and existing bin contents (used by readers); the axes are copied, the storage is taken. */
  static fromStorage(axes: readonly Axis[], storage: Storage, options: Omit<HistogramOptions, 'storage'> = {}): Histogram {
    return new Histogram(axes, options, storage);
  }

  get axes(): readonly Axis[] {
    return this.axisList;
  }

  /** The bin contents; replaced (not mutated) when a category axis grows. */
  get storage(): Storage {
    return this.store;
  }

  get kind(): StorageKind {
    return this.store.kind;
  }

  get rank(): number {
    return this.axisList.length;
  }

  /** Increases on every change, so a view can tell whether it must redraw. */
  get version(): number {
    return this.changes;
  }

  /** Bins per axis, with or without flow bins. */
  shape(flow = false): number[] {
    return this.axisList.map((a) => (flow ? a.extent : a.bins));
  }

  /**
   * Fills entries: one column per axis (a single column for a 1D histogram), with optional weights and
   * samples. NaN goes to overflow and ±Infinity to the flow bins, dropped where the axis has none.
   */
  fill(columns: FillColumn | readonly FillColumn[], options: FillOptions = {}): this {
    const list = this.columnList(columns);
    if (list.some(isVector) || isVector(options.weight) || isVector(options.sample)) {
      return this.fillArrow(list.map(toVectorOrThrow), options);
    }
    return this.fillArrays(list as AxisValues[], options.weight as ArrayLike<number> | number | undefined, options.sample as ArrayLike<number> | undefined);
  }

  /**
   * Fills from Arrow columns. `List<primitive>` columns are filled flat; per-event columns, weights and
   * samples are broadcast to each element of their event; nulls are skipped; 64-bit integers converted.
   */
  fillArrow(columns: Vector | readonly Vector[], options: FillOptions = {}): this {
    const list = Array.isArray(columns) ? (columns as readonly Vector[]) : [columns as Vector];
    if (list.length !== this.rank) throw this.arityError(list.length);
    const sample = options.sample;
    const flat = flattenArrow(list, options.weight, sample);
    return this.fillArrays(flat.columns, flat.weight, flat.sample);
  }

  /** Adds another histogram with the same axes (grown category axes are united); the exact sum of partials. */
  add(other: Histogram): this {
    if (other.kind !== this.kind) {
      throw new FacilityError('invalid-input', `Cannot add a ${other.kind} histogram to a ${this.kind} one: storages differ.`);
    }
    if (other.rank !== this.rank) {
      throw new FacilityError('invalid-input', `Cannot add a ${other.rank}D histogram to a ${this.rank}D one.`);
    }
    let same = true;
    for (let d = 0; d < this.rank; d++) {
      const a = this.axisList[d]!;
      const b = other.axisList[d]!;
      if (a.equals(b)) continue;
      if (!(a instanceof CategoryAxis && b instanceof CategoryAxis && a.growth && b.growth && a.kind === b.kind && a.overflow === b.overflow)) {
        throw new FacilityError('invalid-input', `Cannot add histograms: axis ${d}${axisName(a)} differs: ${a.describe()} here, ${b.describe()} in the other.`, {
          details: { axis: d, left: a.toUHI(), right: b.toUHI() },
        });
      }
      same = false;
    }
    if (same) this.addSameAxes(other);
    else this.addUnitingCategories(other);
    this.changes++;
    return this;
  }

  /** An independent copy. */
  clone(): Histogram {
    return Histogram.fromStorage(this.axisList, this.store.clone(), { metadata: this.metadata, writerInfo: this.writerInfo });
  }

  /** Empties every bin, keeping the axes. */
  reset(): this {
    this.store.reset();
    this.changes++;
    return this;
  }

  /** Bin values (counts, Σw, or profile means), row-major; a copy without flow bins, or the live array with them. */
  values(options: { flow?: boolean } = {}): Float64Array {
    return this.view(this.store.values, options.flow);
  }

  /** Variance per bin: Σw² for weighted storage, the counts (Poisson) for int/double, the variance of the mean for profiles. */
  variances(options: { flow?: boolean } = {}): Float64Array {
    return this.view(this.store.variances(), options.flow);
  }

  /** Entries or Σw per bin (the values for counting storages, the counts for profiles). */
  counts(options: { flow?: boolean } = {}): Float64Array {
    return this.view(this.store.weightArray(), options.flow);
  }

  /** Σ of counts (or Σw), flow bins included unless `flow: false`. */
  sum(options: { flow?: boolean } = {}): number {
    const c = this.counts({ flow: options.flow ?? true });
    let s = 0;
    for (let i = 0; i < c.length; i++) s += c[i]!;
    return s;
  }

  /** The histogram of the given axes (in that order), summing over the others, flow bins included as in boost-histogram. */
  project(...axes: number[]): Histogram {
    if (axes.length === 0 || new Set(axes).size !== axes.length || axes.some((d) => !Number.isInteger(d) || d < 0 || d >= this.rank)) {
      throw new FacilityError('invalid-input', `Cannot project a ${this.rank}D histogram on axes [${axes.join(', ')}].`);
    }
    const kept = axes.map((d) => this.axisList[d]!);
    const maps = kept.map((a) => Int32Array.from({ length: a.extent }, (_, i) => i));
    const storage = reduceStorage(this.store, this.shape(true), axes, maps, kept.map((a) => a.extent));
    return Histogram.fromStorage(kept, storage, { metadata: this.metadata, writerInfo: this.writerInfo });
  }

  /** The histogram of the other axes at one inner bin of `axis` (boost-histogram's `h[:, bin]`), e.g. one sample of a category axis. */
  pick(axis: number, bin: number): Histogram {
    const a = this.axisList[axis];
    if (!a || !Number.isInteger(bin) || bin < 0 || bin >= a.bins) {
      throw new FacilityError('invalid-input', `Cannot pick bin ${bin} of axis ${axis} in a ${this.rank}D histogram (${this.describeAxes()}).`);
    }
    const others = this.axisList.map((_, d) => d).filter((d) => d !== axis);
    if (others.length === 0) throw new FacilityError('invalid-input', 'Picking a bin of the only axis leaves no histogram; read values() instead.');
    const uf = a.underflow ? 1 : 0;
    const only = this.axisList.map((x, d) => (d === axis ? Uint8Array.from({ length: x.extent }, (_, i) => (i === bin + uf ? 1 : 0)) : undefined));
    const kept = others.map((d) => this.axisList[d]!);
    const maps = kept.map((x) => Int32Array.from({ length: x.extent }, (_, i) => i));
    const storage = reduceStorage(this.store, this.shape(true), others, maps, kept.map((x) => x.extent), undefined, only);
    return Histogram.fromStorage(kept, storage, { metadata: this.metadata, writerInfo: this.writerInfo });
  }

  /** Merges `factor` neighbouring bins of one axis (regular, variable or integer). */
  rebin(axis: number, factor: number): Histogram {
    return this.changeAxis(axis, (a) => rebinAxis(a, factor));
  }

  /** Keeps inner bins [start, stop) of one axis; cut contents move to the flow bins where they exist. */
  slice(axis: number, start: number, stop: number): Histogram {
    return this.changeAxis(axis, (a) => sliceAxis(a, start, stop));
  }

  private changeAxis(axis: number, change: (a: Axis) => AxisChange): Histogram {
    const a = this.axisList[axis];
    if (!a) throw new FacilityError('invalid-input', `This histogram has ${this.rank} axes; there is no axis ${axis}.`);
    const { axis: changed, map } = change(a);
    const axes = this.axisList.map((x, d) => (d === axis ? changed : x));
    const maps = this.axisList.map((x, d) => (d === axis ? map : Int32Array.from({ length: x.extent }, (_, i) => i)));
    const storage = reduceStorage(this.store, this.shape(true), axes.map((_, d) => d), maps, axes.map((x) => x.extent));
    return Histogram.fromStorage(axes, storage, { metadata: this.metadata, writerInfo: this.writerInfo });
  }

  private fillArrays(columns: readonly AxisValues[], weight: ArrayLike<number> | number | undefined, sample: ArrayLike<number> | undefined): this {
    if (columns.length !== this.rank) throw this.arityError(columns.length);
    const n = columns[0]?.length ?? 0;
    for (const [name, c] of [...columns.map((c, i) => [`column ${i}`, c] as const), ['weight', weight] as const, ['sample', sample] as const]) {
      if (c !== undefined && typeof c !== 'number' && c.length !== n) {
        throw new FacilityError('invalid-input', `The ${name} has ${c.length} entries; column 0 has ${n}.`);
      }
    }
    if ((this.kind === 'mean' || this.kind === 'weighted_mean') && !sample) {
      throw new FacilityError('invalid-input', `A ${this.kind} histogram is filled with samples: pass \`sample\`.`);
    }
    if (typeof weight === 'number' && weight === 1) weight = undefined;
    const fast =
      (this.rank === 1 || this.rank === 2) &&
      this.kind !== 'mean' &&
      this.kind !== 'weighted_mean' &&
      typeof weight !== 'number' &&
      this.axisList.every((a) => a instanceof RegularAxis && fastFillable(a)) &&
      columns.every((c) => typeof c[0] !== 'string');
    if (fast) fillRegularFast(this.axisList as RegularAxis[], columns as ArrayLike<number>[], this.store, weight as ArrayLike<number> | undefined);
    else this.fillGeneric(columns, weight, sample, n);
    this.changes++;
    return this;
  }

  private fillGeneric(columns: readonly AxisValues[], weight: ArrayLike<number> | number | undefined, sample: ArrayLike<number> | undefined, n: number): void {
    const local = this.axisList.map(() => new Int32Array(Math.min(n, CHUNK)));
    for (let start = 0; start < n; start += CHUNK) {
      const end = Math.min(n, start + CHUNK);
      const len = end - start;
      const before = this.shape(true);
      this.axisList.forEach((axis, d) => axis.indexColumn(part(columns[d]!, start, end), local[d]!.subarray(0, len)));
      if (this.axisList.some((a, d) => a.extent !== before[d])) this.regrow(before);
      const st = strides(this.shape(true));
      const index = new Int32Array(len);
      for (let k = 0; k < len; k++) {
        let i = 0;
        for (let d = 0; d < this.rank; d++) {
          const j = local[d]![k]!;
          if (j < 0) {
            i = -1;
            break;
          }
          i += j * st[d]!;
        }
        index[k] = i;
      }
      accumulate(this.store, index, weight === undefined ? 1 : typeof weight === 'number' ? weight : part(weight, start, end), sample && part(sample, start, end));
    }
  }

  /** Moves contents to the layout of axes that grew during a fill (new categories go before the "other" bin). */
  private regrow(before: readonly number[]): void {
    const maps = this.axisList.map((a, d) => {
      const old = before[d]!;
      const map = Int32Array.from({ length: old }, (_, i) => i);
      if (a.overflow && old !== a.extent) map[old - 1] = a.extent - 1;
      return map;
    });
    this.store = reduceStorage(this.store, before, this.axisList.map((_, d) => d), maps, this.shape(true));
  }

  private addSameAxes(other: Histogram): void {
    const a = this.store;
    const b = other.store;
    if (a.kind === 'mean' || a.kind === 'weighted_mean') {
      for (let i = 0; i < a.size; i++) a.addBin(i, b, i);
      return;
    }
    for (const [field, x] of Object.entries(a.arrays)) {
      const y = b.arrays[field as keyof typeof b.arrays]!;
      for (let i = 0; i < x.length; i++) x[i]! += y[i]!;
    }
  }

  private addUnitingCategories(other: Histogram): void {
    const united = this.axisList.map((a, d) => {
      const b = other.axisList[d]!;
      if (a.equals(b) || !(a instanceof CategoryAxis) || !(b instanceof CategoryAxis)) return a;
      const known = new Set(a.categories);
      return a.withCategories([...a.categories, ...b.categories.filter((c) => !known.has(c))]);
    });
    const mapInto = (from: Axis, to: Axis): Int32Array => {
      if (!(from instanceof CategoryAxis) || !(to instanceof CategoryAxis) || from === to) return Int32Array.from({ length: from.extent }, (_, i) => i);
      const map = Int32Array.from(from.categories, (c) => to.indexOf(c)!);
      return from.overflow ? Int32Array.from([...map, to.bins]) : map;
    };
    const all = united.map((_, d) => d);
    const extents = united.map((a) => a.extent);
    const merged = reduceStorage(this.store, this.shape(true), all, this.axisList.map((a, d) => mapInto(a, united[d]!)), extents);
    reduceStorage(other.store, other.shape(true), all, other.axisList.map((a, d) => mapInto(a, united[d]!)), extents, merged);
    this.axisList = united;
    this.store = merged;
  }

  private view(array: Float64Array, flow: boolean | undefined): Float64Array {
    if (flow) return array;
    const out = new Float64Array(this.axisList.reduce((n, a) => n * a.bins, 1));
    if (this.rank === 0) out[0] = array[0]!;
    else copyInner(array, this.axisList, this.shape(true), 0, 0, out, 0);
    return out;
  }

  private columnList(columns: FillColumn | readonly FillColumn[]): readonly FillColumn[] {
    if (!Array.isArray(columns)) return [columns as FillColumn];
    const first = (columns as readonly unknown[])[0];
    const isListOfColumns = columns.length === 0 ? this.rank !== 1 : typeof first === 'object' && first !== null;
    return isListOfColumns ? (columns as readonly FillColumn[]) : [columns as FillColumn];
  }

  private arityError(given: number): FacilityError {
    return new FacilityError('invalid-input', `This histogram has ${this.rank} axes (${this.describeAxes()}) but was given ${given} columns.`);
  }

  private describeAxes(): string {
    return this.axisList.map((a) => a.describe()).join(' × ') || 'none';
  }
}

/** Adds two histograms into a new one, leaving both unchanged. */
export function merge(a: Histogram, b: Histogram): Histogram {
  return a.clone().add(b);
}

function axisName(axis: Axis): string {
  const name = axis.metadata.name ?? axis.metadata.label;
  return name === undefined ? '' : ` ("${name}")`;
}

function part<T extends ArrayLike<unknown>>(column: T, start: number, end: number): T {
  if (start === 0 && end === column.length) return column;
  const c = column as unknown as { subarray?: (s: number, e: number) => T; slice?: (s: number, e: number) => T };
  if (ArrayBuffer.isView(column) && c.subarray) return c.subarray(start, end);
  return Array.prototype.slice.call(column, start, end) as unknown as T;
}

function toVectorOrThrow(column: FillColumn): Vector {
  if (!isVector(column)) throw new FacilityError('invalid-input', 'Do not mix Arrow Vectors and plain arrays in one fill; pass Arrow Vectors for every column.');
  return column;
}

/**
 * Copies the inner bins (no flow) of the block of `array` at `offset` spanning axes[depth..] into `out` from `at`,
 * a run of the last axis at a time; returns where the next block goes.
 */
function copyInner(array: Float64Array, axes: readonly Axis[], extents: readonly number[], depth: number, offset: number, out: Float64Array, at: number): number {
  const axis = axes[depth]!;
  const first = axis.underflow ? 1 : 0;
  if (depth === axes.length - 1) {
    out.set(array.subarray(offset + first, offset + first + axis.bins), at);
    return at + axis.bins;
  }
  let stride = 1;
  for (let d = depth + 1; d < extents.length; d++) stride *= extents[d]!;
  for (let i = 0; i < axis.bins; i++) at = copyInner(array, axes, extents, depth + 1, offset + (i + first) * stride, out, at);
  return at;
}
