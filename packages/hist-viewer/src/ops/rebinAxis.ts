import { FacilityError } from '@afkit/core';
import type { Axis } from '../axes/Axis.ts';
import { RegularAxis } from '../axes/RegularAxis.ts';
import { VariableAxis } from '../axes/VariableAxis.ts';
import { IntegerAxis } from '../axes/IntegerAxis.ts';

/** An axis with every `factor` bins merged, and where each old storage index goes. */
export interface AxisChange {
  readonly axis: Axis;
  readonly map: Int32Array;
}

/**
 * Merges `factor` neighbouring bins of a regular, variable or integer axis; as in boost-histogram's
 * reduce, trailing bins that do not fill a group move to the overflow bin (or are dropped without one).
 */
export function rebinAxis(axis: Axis, factor: number): AxisChange {
  if (!Number.isInteger(factor) || factor < 1) throw new FacilityError('invalid-input', `Rebin factor must be a positive whole number, not ${factor}.`);
  if (!(axis instanceof RegularAxis || axis instanceof VariableAxis || axis instanceof IntegerAxis)) {
    throw new FacilityError('invalid-input', `Cannot rebin a ${axis.kind} axis; only regular, variable and integer axes have neighbouring bins.`);
  }
  const bins = Math.floor(axis.bins / factor);
  if (bins < 1) throw new FacilityError('invalid-input', `Rebin factor ${factor} is larger than the ${axis.bins} bins of ${axis.describe()}.`);
  const e = axis.edges();
  const options = { underflow: axis.underflow, overflow: axis.overflow, circular: axis.circular && bins * factor === axis.bins, metadata: axis.metadata };
  const merged =
    axis instanceof VariableAxis
      ? new VariableAxis(Array.from({ length: bins + 1 }, (_, i) => e[i * factor]!), { ...options, writerInfo: axis.writerInfo })
      : new RegularAxis(bins, e[0]!, e[bins * factor]!, options);
  return { axis: merged, map: groupMap(axis, merged, (i) => (i < bins * factor ? Math.floor(i / factor) : bins)) };
}

/**
 * Storage-index map from `from` to `to`, given where each inner bin goes (`to.bins` = overflow side,
 * -1 = underflow side); flow bins stay flow bins, and a side without a flow bin drops.
 */
export function groupMap(from: Axis, to: Axis, inner: (i: number) => number): Int32Array {
  const map = new Int32Array(from.extent);
  const ufFrom = from.underflow ? 1 : 0;
  const ufTo = to.underflow ? 1 : 0;
  const under = to.underflow ? 0 : -1;
  const over = to.overflow ? to.bins + ufTo : -1;
  const place = (t: number): number => (t < 0 ? under : t >= to.bins ? over : t + ufTo);
  if (from.underflow) map[0] = under;
  for (let i = 0; i < from.bins; i++) map[i + ufFrom] = place(inner(i));
  if (from.overflow) map[from.bins + ufFrom] = over;
  return map;
}
