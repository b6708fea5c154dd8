import { FacilityError } from '@afkit/core';
import type { Axis, AxisValues, ContinuousAxis } from './Axis.ts';
import { uhiAxisExtras } from './Axis.ts';
import type { RegularAxisOptions } from './RegularAxis.ts';
import type { Metadata, UHIRegularAxis, WriterInfo } from '../uhi/UHITypes.ts';
import { binContinuous } from './binContinuous.ts';

/** One bin per integer in [lower, upper): multiplicities, charges, flags. */
export class IntegerAxis implements ContinuousAxis {
  readonly kind = 'integer' as const;
  readonly bins: number;
  readonly underflow: boolean;
  readonly overflow: boolean;
  readonly circular: boolean;
  readonly extent: number;
  readonly metadata: Metadata;
  readonly writerInfo: WriterInfo | undefined;
  readonly growth = false;
  private edgeCache: Float64Array | undefined;

  constructor(
    readonly lower: number,
    readonly upper: number,
    options: RegularAxisOptions = {},
  ) {
    if (!Number.isInteger(lower) || !Number.isInteger(upper) || !(upper > lower)) {
      throw new FacilityError('invalid-input', `An integer axis needs whole numbers lower < upper, not [${lower}, ${upper}).`);
    }
    this.bins = upper - lower;
    this.circular = options.circular ?? false;
    this.underflow = this.circular ? false : (options.underflow ?? true);
    this.overflow = options.overflow ?? true;
    this.extent = this.bins + (this.underflow ? 1 : 0) + (this.overflow ? 1 : 0);
    this.metadata = { ...options.metadata };
    this.writerInfo = options.writerInfo;
  }

  edges(): Float64Array {
    if (!this.edgeCache) {
      this.edgeCache = new Float64Array(this.bins + 1);
      for (let i = 0; i <= this.bins; i++) this.edgeCache[i] = this.lower + i;
    }
    return this.edgeCache;
  }

  indexColumn(values: AxisValues, out: Int32Array): void {
    binContinuous(this, values as ArrayLike<number>, out);
  }

  equals(other: Axis): boolean {
    return (
      other instanceof IntegerAxis &&
      other.lower === this.lower &&
      other.upper === this.upper &&
      other.underflow === this.underflow &&
      other.overflow === this.overflow &&
      other.circular === this.circular
    );
  }

  describe(): string {
    return `integer(${this.lower}, ${this.upper}; underflow=${this.underflow}, overflow=${this.overflow})`;
  }

  binLabel(i: number): string {
    return String(this.lower + i);
  }

  /** Written as boost-histogram writes an Integer axis: a regular axis marked `orig_type: Integer`. */
  toUHI(): UHIRegularAxis {
    const writerInfo = { ...this.writerInfo, 'boost-histogram': { ...this.writerInfo?.['boost-histogram'], orig_type: 'Integer' } };
    return {
      type: 'regular',
      lower: this.lower,
      upper: this.upper,
      bins: this.bins,
      underflow: this.underflow,
      overflow: this.overflow,
      circular: this.circular,
      ...uhiAxisExtras(this.metadata, writerInfo),
    };
  }

  clone(): IntegerAxis {
    return new IntegerAxis(this.lower, this.upper, {
      underflow: this.underflow,
      overflow: this.overflow,
      circular: this.circular,
      metadata: this.metadata,
      writerInfo: this.writerInfo,
    });
  }
}
