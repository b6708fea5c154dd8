import { FacilityError } from '@afkit/core';
import type { AxisOptions, AxisValues, ContinuousAxis } from './Axis.ts';
import { formatEdge, uhiAxisExtras } from './Axis.ts';
import type { Metadata, UHIRegularAxis, WriterInfo } from '../uhi/UHITypes.ts';
import { binContinuous } from './binContinuous.ts';

/** Options of a {@link RegularAxis}; flow bins default to on, as in boost-histogram. */
export interface RegularAxisOptions extends AxisOptions {
  readonly underflow?: boolean;
  readonly overflow?: boolean;
  /** Values wrap around the range (angles); a circular axis has no underflow. */
  readonly circular?: boolean;
}

/** `bins` equal-width bins over [lower, upper); the fast-fill axis. */
export class RegularAxis implements ContinuousAxis {
  readonly kind = 'regular' as const;
  readonly underflow: boolean;
  readonly overflow: boolean;
  readonly circular: boolean;
  readonly extent: number;
  readonly metadata: Metadata;
  readonly writerInfo: WriterInfo | undefined;
  readonly growth = false;
  private edgeCache: Float64Array | undefined;

  constructor(
    readonly bins: number,
    readonly lower: number,
    readonly upper: number,
    options: RegularAxisOptions = {},
  ) {
    if (!Number.isInteger(bins) || bins < 1) throw new FacilityError('invalid-input', `A regular axis needs a positive whole number of bins, not ${bins}.`);
    if (!Number.isFinite(lower) || !Number.isFinite(upper) || !(upper > lower)) {
      throw new FacilityError('invalid-input', `A regular axis needs finite lower < upper, not [${lower}, ${upper}).`);
    }
    this.circular = options.circular ?? false;
    this.underflow = this.circular ? false : (options.underflow ?? true);
    this.overflow = options.overflow ?? true;
    this.extent = bins + (this.underflow ? 1 : 0) + (this.overflow ? 1 : 0);
    this.metadata = { ...options.metadata };
    this.writerInfo = options.writerInfo;
  }

  /** Edges as boost-histogram computes them, so a value equal to an edge lands in the bin starting there. */
  edges(): Float64Array {
    if (!this.edgeCache) {
      const e = new Float64Array(this.bins + 1);
      for (let i = 0; i <= this.bins; i++) {
        const z = i / this.bins;
        e[i] = (1 - z) * this.lower + z * this.upper;
      }
      this.edgeCache = e;
    }
    return this.edgeCache;
  }

  indexColumn(values: AxisValues, out: Int32Array): void {
    binContinuous(this, values as ArrayLike<number>, out);
  }

  equals(other: import('./Axis.ts').Axis): boolean {
    return (
      other instanceof RegularAxis &&
      other.bins === this.bins &&
      other.lower === this.lower &&
      other.upper === this.upper &&
      other.underflow === this.underflow &&
      other.overflow === this.overflow &&
      other.circular === this.circular
    );
  }

  describe(): string {
    return `regular(${this.bins}, ${this.lower}, ${this.upper}${this.circular ? ', circular' : ''}; underflow=${this.underflow}, overflow=${this.overflow})`;
  }

  binLabel(i: number): string {
    const e = this.edges();
    return `[${formatEdge(e[i]!)}, ${formatEdge(e[i + 1]!)})`;
  }

  toUHI(): UHIRegularAxis {
    return {
      type: 'regular',
      lower: this.lower,
      upper: this.upper,
      bins: this.bins,
      underflow: this.underflow,
      overflow: this.overflow,
      circular: this.circular,
      ...uhiAxisExtras(this.metadata, this.writerInfo),
    };
  }

  clone(): RegularAxis {
    return new RegularAxis(this.bins, this.lower, this.upper, this.options());
  }

  /** The constructor options that rebuild this axis (for rebin/slice). */
  options(): RegularAxisOptions {
    return { underflow: this.underflow, overflow: this.overflow, circular: this.circular, metadata: this.metadata, writerInfo: this.writerInfo };
  }
}
