import type { Axis, AxisOptions, AxisValues } from './Axis.ts';
import { uhiAxisExtras } from './Axis.ts';
import type { Metadata, UHIBooleanAxis, WriterInfo } from '../uhi/UHITypes.ts';

/** Two bins, false then true, no flow; any non-zero number (NaN included, as in Python) is true. */
export class BooleanAxis implements Axis {
  readonly kind = 'boolean' as const;
  readonly bins = 2;
  readonly extent = 2;
  readonly underflow = false;
  readonly overflow = false;
  readonly growth = false;
  readonly metadata: Metadata;
  readonly writerInfo: WriterInfo | undefined;

  constructor(options: AxisOptions = {}) {
    this.metadata = { ...options.metadata };
    this.writerInfo = options.writerInfo;
  }

  indexColumn(values: AxisValues, out: Int32Array): void {
    for (let k = 0; k < values.length; k++) {
      const v = values[k];
      out[k] = v === true || (typeof v === 'number' && v !== 0) ? 1 : 0;
    }
  }

  equals(other: Axis): boolean {
    return other instanceof BooleanAxis;
  }

  describe(): string {
    return 'boolean';
  }

  binLabel(i: number): string {
    return i ? 'true' : 'false';
  }

  toUHI(): UHIBooleanAxis {
    return { type: 'boolean', ...uhiAxisExtras(this.metadata, this.writerInfo) };
  }

  clone(): BooleanAxis {
    return new BooleanAxis({ metadata: this.metadata, writerInfo: this.writerInfo });
  }
}
