import { FacilityError } from '@afkit/core';
import type { Axis, AxisValues, ContinuousAxis } from './Axis.ts';
import { formatEdge, uhiAxisExtras } from './Axis.ts';
import type { RegularAxisOptions } from './RegularAxis.ts';
import type { Metadata, UHIVariableAxis, WriterInfo } from '../uhi/UHITypes.ts';
import { binContinuous } from './binContinuous.ts';

/** Bins between increasing edges, [e_i, e_{i+1}). */
export class VariableAxis implements ContinuousAxis {
  readonly kind = 'variable' as const;
  readonly bins: number;
  readonly underflow: boolean;
  readonly overflow: boolean;
  readonly circular: boolean;
  readonly extent: number;
  readonly metadata: Metadata;
  readonly writerInfo: WriterInfo | undefined;
  readonly growth = false;
  private readonly edgeArray: Float64Array;

  constructor(edges: ArrayLike<number>, options: RegularAxisOptions = {}) {
    const e = Float64Array.from(edges);
    if (e.length < 2) throw new FacilityError('invalid-input', 'A variable axis needs at least two edges.');
    for (let i = 0; i < e.length; i++) {
      if (!Number.isFinite(e[i]!) || (i > 0 && !(e[i]! > e[i - 1]!))) {
        throw new FacilityError('invalid-input', `Variable axis edges must be finite and strictly increasing; edge ${i} is ${e[i]}.`);
      }
    }
    this.edgeArray = e;
    this.bins = e.length - 1;
    this.circular = options.circular ?? false;
    this.underflow = this.circular ? false : (options.underflow ?? true);
    this.overflow = options.overflow ?? true;
    this.extent = this.bins + (this.underflow ? 1 : 0) + (this.overflow ? 1 : 0);
    this.metadata = { ...options.metadata };
    this.writerInfo = options.writerInfo;
  }

  edges(): Float64Array {
    return this.edgeArray;
  }

  indexColumn(values: AxisValues, out: Int32Array): void {
    binContinuous(this, values as ArrayLike<number>, out);
  }

  equals(other: Axis): boolean {
    if (!(other instanceof VariableAxis)) return false;
    if (other.underflow !== this.underflow || other.overflow !== this.overflow || other.circular !== this.circular) return false;
    const a = this.edgeArray;
    const b = other.edgeArray;
    return a.length === b.length && a.every((x, i) => x === b[i]);
  }

  describe(): string {
    const e = this.edgeArray;
    return `variable(${this.bins} bins, ${e[0]}..${e[this.bins]}; underflow=${this.underflow}, overflow=${this.overflow})`;
  }

  binLabel(i: number): string {
    return `[${formatEdge(this.edgeArray[i]!)}, ${formatEdge(this.edgeArray[i + 1]!)})`;
  }

  toUHI(): UHIVariableAxis {
    return {
      type: 'variable',
      edges: Array.from(this.edgeArray),
      underflow: this.underflow,
      overflow: this.overflow,
      circular: this.circular,
      ...uhiAxisExtras(this.metadata, this.writerInfo),
    };
  }

  clone(): VariableAxis {
    return new VariableAxis(this.edgeArray, this.options());
  }

  /** The constructor options that rebuild this axis. */
  options(): RegularAxisOptions {
    return { underflow: this.underflow, overflow: this.overflow, circular: this.circular, metadata: this.metadata, writerInfo: this.writerInfo };
  }
}
