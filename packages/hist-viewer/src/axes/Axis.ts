import type { Metadata, UHIAxis, WriterInfo } from '../uhi/UHITypes.ts';

/** The axis kinds afkit knows; `integer` is written to UHI as a regular axis, as boost-histogram does. */
export type AxisKind = 'regular' | 'variable' | 'integer' | 'category_int' | 'category_str' | 'boolean';

/** Values one axis is filled with: numbers for every axis but `category_str`, which takes strings. */
export type AxisValues = ArrayLike<number> | ArrayLike<string> | ArrayLike<boolean>;

/**
 * One histogram axis. Storage indices along an axis follow boost-histogram: underflow (if any) at 0,
 * inner bins next, overflow (or a category's "other" bin) last; `extent` counts them all.
 */
export interface Axis {
  readonly kind: AxisKind;
  /** Number of inner bins (flow bins excluded). */
  readonly bins: number;
  readonly underflow: boolean;
  readonly overflow: boolean;
  /** bins + flow bins: the length of this axis in storage. */
  readonly extent: number;
  /** UHI metadata; `name` and `label` (with units, e.g. "p_T [GeV]") are what hist uses. */
  readonly metadata: Metadata;
  readonly writerInfo: WriterInfo | undefined;
  /** Whether filling may add bins (category axes with growth). */
  readonly growth: boolean;
  /** Writes the storage index of each value into `out` (-1 where the value is dropped); may grow the axis. */
  indexColumn(values: AxisValues, out: Int32Array): void;
  /** Same binning (metadata ignored); what a merge requires. */
  equals(other: Axis): boolean;
  /** Short human description for error messages, e.g. `regular(100, 0, 1)`. */
  describe(): string;
  /** Human label of inner bin i (an interval or a category). */
  binLabel(i: number): string;
  /** This axis in UHI JSON form. */
  toUHI(): UHIAxis;
  /** An independent copy (growing category axes are mutable). */
  clone(): Axis;
}

/** An axis over a continuous (or integer) range, with bin edges. */
export interface ContinuousAxis extends Axis {
  readonly kind: 'regular' | 'variable' | 'integer';
  readonly circular: boolean;
  /** The bins + 1 inner bin edges. */
  edges(): Float64Array;
}

/** True for regular, variable and integer axes. */
export function isContinuous(axis: Axis): axis is ContinuousAxis {
  return axis.kind === 'regular' || axis.kind === 'variable' || axis.kind === 'integer';
}

/** Common metadata/writer_info part of an axis' UHI form, omitting empty fields. */
export function uhiAxisExtras(metadata: Metadata, writerInfo: WriterInfo | undefined): { metadata?: Metadata; writer_info?: WriterInfo } {
  return {
    ...(Object.keys(metadata).length ? { metadata: { ...metadata } } : {}),
    ...(writerInfo ? { writer_info: structuredClone(writerInfo) } : {}),
  };
}

/** Options shared by axis constructors. */
export interface AxisOptions {
  readonly metadata?: Metadata;
  readonly writerInfo?: WriterInfo;
}

/** Formats an edge for labels without float noise. */
export function formatEdge(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)));
}
