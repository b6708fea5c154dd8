import { FacilityError } from '@afkit/core';
import { isContinuous } from '../axes/Axis.ts';
import type { Axis } from '../axes/Axis.ts';
import { CategoryAxis } from '../axes/CategoryAxis.ts';
import type { Histogram } from '../Histogram.ts';

/** One histogram to draw, with its legend name and optional colour. */
export interface ChartSeriesInput {
  readonly name: string;
  readonly histogram: Histogram;
  readonly color?: string;
}

/** A 1D series ready to draw: bin edges, contents and their uncertainties, as flat arrays. */
export interface Prepared1D {
  readonly name: string;
  readonly color: string | undefined;
  readonly axis: Axis;
  /** bins + 1 edges; category and boolean axes get 0, 1, …, n. */
  readonly edges: Float64Array;
  readonly values: Float64Array;
  /** One standard deviation: √variance. */
  readonly errors: Float64Array;
}

/** How series are turned into drawable arrays. */
export interface PrepareOptions {
  /** Merge this many neighbouring bins (continuous axes; others are left as they are). */
  readonly rebin?: number;
  /** Scale to unit area (a density: content / (total · width)). */
  readonly normalize?: boolean;
  /** Split a 2D histogram along this category axis into one 1D series per category (samples, variations). */
  readonly splitAxis?: number;
}

/** Turns histograms into 1D drawable series (splitting 2D ones along a category axis when asked). */
export function prepare1D(inputs: readonly ChartSeriesInput[], options: PrepareOptions): Prepared1D[] {
  return inputs.flatMap((input) => split(input, options.splitAxis)).map((input) => prepareOne(input, options));
}

function split(input: ChartSeriesInput, splitAxis: number | undefined): ChartSeriesInput[] {
  const h = input.histogram;
  if (h.rank === 1) return [input];
  const along = splitAxis ?? h.axes.findIndex((a) => a instanceof CategoryAxis);
  const axis = h.axes[along];
  if (h.rank !== 2 || !(axis instanceof CategoryAxis)) {
    throw new FacilityError('invalid-input', `Only 1D histograms, or 2D ones split along a category axis, can be drawn as lines; "${input.name}" has axes ${h.axes.map((a) => a.kind).join(', ')}.`);
  }
  return axis.categories.map((category, i) => ({
    name: inputsName(input.name, String(category)),
    histogram: h.pick(along, i),
  }));
}

function inputsName(name: string, category: string): string {
  return name ? `${name}: ${category}` : category;
}

function prepareOne(input: ChartSeriesInput, options: PrepareOptions): Prepared1D {
  let h = input.histogram;
  const factor = options.rebin ?? 1;
  if (factor > 1 && isContinuous(h.axes[0]!) && h.axes[0]!.bins >= factor) h = h.rebin(0, factor);
  const axis = h.axes[0]!;
  const edges = isContinuous(axis) ? axis.edges() : Float64Array.from({ length: axis.bins + 1 }, (_, i) => i);
  const values = h.values();
  const errors = h.variances().map(Math.sqrt);
  if (options.normalize) {
    let total = 0;
    for (let i = 0; i < values.length; i++) total += values[i]!;
    if (total > 0) {
      for (let i = 0; i < values.length; i++) {
        const scale = 1 / (total * (edges[i + 1]! - edges[i]!));
        values[i]! *= scale;
        errors[i]! *= scale;
      }
    }
  }
  return { name: input.name, color: input.color, axis, edges, values, errors };
}
