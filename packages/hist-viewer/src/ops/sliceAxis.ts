import { FacilityError } from '@afkit/core';
import type { Axis } from '../axes/Axis.ts';
import { RegularAxis } from '../axes/RegularAxis.ts';
import { VariableAxis } from '../axes/VariableAxis.ts';
import { IntegerAxis } from '../axes/IntegerAxis.ts';
import { CategoryAxis } from '../axes/CategoryAxis.ts';
import type { AxisChange } from './rebinAxis.ts';
import { groupMap } from './rebinAxis.ts';

/**
 * Keeps inner bins [start, stop) of an axis. As in boost-histogram slicing, contents of the cut bins move
 * to the underflow/overflow bins (a category's cut bins to its "other" bin) where those exist.
 */
export function sliceAxis(axis: Axis, start: number, stop: number): AxisChange {
  if (!Number.isInteger(start) || !Number.isInteger(stop) || start < 0 || stop > axis.bins || stop <= start) {
    throw new FacilityError('invalid-input', `Slice [${start}, ${stop}) is not a non-empty range of the ${axis.bins} bins of ${axis.describe()}.`);
  }
  let sliced: Axis;
  if (axis instanceof RegularAxis || axis instanceof VariableAxis || axis instanceof IntegerAxis) {
    const whole = start === 0 && stop === axis.bins;
    const circular = axis.circular && whole;
    const options = { underflow: axis.underflow || (axis.circular && !circular), overflow: axis.overflow, circular, metadata: axis.metadata, writerInfo: axis.writerInfo };
    const e = axis.edges();
    if (axis instanceof RegularAxis) sliced = whole ? axis.clone() : new RegularAxis(stop - start, e[start]!, e[stop]!, options);
    else if (axis instanceof IntegerAxis) sliced = new IntegerAxis(axis.lower + start, axis.lower + stop, options);
    else sliced = new VariableAxis(e.subarray(start, stop + 1), options);
  } else if (axis instanceof CategoryAxis) {
    sliced = axis.withCategories(axis.categories.slice(start, stop));
  } else if (start === 0 && stop === axis.bins) {
    sliced = axis.clone();
  } else {
    throw new FacilityError('invalid-input', 'A boolean axis cannot be sliced.');
  }
  const isCategory = axis instanceof CategoryAxis;
  return { axis: sliced, map: groupMap(axis, sliced, (i) => (i < start ? (isCategory ? sliced.bins : -1) : i - start)) };
}
