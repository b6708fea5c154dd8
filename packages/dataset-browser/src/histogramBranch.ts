import { tableFromIPC, type Vector } from 'apache-arrow';
import { FacilityError, type DatasetsService } from '@afkit/core';
import { Histogram, IntegerAxis, RegularAxis, type Axis } from '@afkit/hist-viewer';

/** What to histogram: one branch of one tree over one or more files. */
export interface HistogramTarget {
  readonly files: readonly string[];
  readonly tree: string;
  readonly branch: string;
  /** The branch's readable type (`float32`, `var * int32`, `bool`), which picks the axis kind. */
  readonly type: string;
}

/** How far a histogram fill has come. */
export interface HistogramProgress {
  readonly entries: number;
  /** Entries of all files, when the caller knows them. */
  readonly total?: number;
  readonly filesDone: number;
  readonly files: number;
}

/** Options of {@link histogramBranch}. */
export interface HistogramBranchOptions {
  readonly signal?: AbortSignal;
  /** Entries of all files together, for the progress bar. */
  readonly totalEntries?: number;
  readonly onProgress?: (progress: HistogramProgress) => void;
  /** Called after every filled batch with the histogram so far, to redraw while data streams in. */
  readonly onUpdate?: (histogram: Histogram) => void;
}

/** Regular bins of a float branch. */
const FLOAT_BINS = 60;
/** Integer branches spanning at most this many values get one bin per value. */
const MAX_INTEGER_BINS = 200;

/**
 * Fills a 1D histogram of one branch over whole files, streaming batches from the facility. Like ROOT's TTree::Draw,
 * the range comes from the first batch with values; later values outside it land in the flow bins (shown as such).
 * Jagged branches are filled element by element.
 */
export async function histogramBranch(datasets: DatasetsService, target: HistogramTarget, options: HistogramBranchOptions = {}): Promise<Histogram> {
  let histogram: Histogram | undefined;
  let entries = 0;
  const report = (filesDone: number): void => options.onProgress?.({ entries, total: options.totalEntries, filesDone, files: target.files.length });
  for (const [index, file] of target.files.entries()) {
    report(index);
    await datasets.read(file, target.tree, [target.branch], {
      signal: options.signal,
      onBatch: (ipc) => {
        const column = tableFromIPC(ipc).getChild(target.branch);
        if (!column) throw new FacilityError('bad-response', `The facility sent no column "${target.branch}".`);
        if (!histogram) {
          const axis = firstAxis(column, target);
          if (axis) histogram = new Histogram([axis], { metadata: { name: target.branch } });
        }
        histogram?.fill(column);
        entries += column.length;
        report(index);
        if (histogram) options.onUpdate?.(histogram);
      },
    });
  }
  report(target.files.length);
  return histogram ?? new Histogram([new RegularAxis(1, 0, 1)], { metadata: { name: target.branch } });
}

/** The axis for a branch, from the values of its first batch; undefined when the batch holds no finite value. */
export function firstAxis(column: Vector, target: Pick<HistogramTarget, 'type' | 'branch'>): Axis | undefined {
  const element = target.type.replace(/^var \* /, '');
  const options = { metadata: { name: target.branch, label: target.branch } };
  if (element === 'bool') return new IntegerAxis(0, 2, options);
  let min = Infinity;
  let max = -Infinity;
  const visit = (value: unknown): void => {
    const x = typeof value === 'bigint' ? Number(value) : (value as number);
    if (typeof x === 'number' && Number.isFinite(x)) {
      if (x < min) min = x;
      if (x > max) max = x;
    }
  };
  for (let row = 0; row < column.length; row++) {
    const cell = column.get(row);
    if (cell !== null && typeof cell === 'object' && Symbol.iterator in cell) for (const v of cell as Iterable<unknown>) visit(v);
    else visit(cell);
  }
  if (min > max) return undefined;
  if (/int/.test(element)) {
    const lower = Math.floor(min);
    const upper = Math.floor(max) + 1;
    return upper - lower <= MAX_INTEGER_BINS ? new IntegerAxis(lower, upper, options) : new RegularAxis(MAX_INTEGER_BINS / 2, lower, upper, options);
  }
  if (min === max) return new RegularAxis(FLOAT_BINS, min - 0.5, max + 0.5, options);
  // Round bin widths to 1, 2 or 5 × 10^k and edges to multiples of them, so the axis reads as people draw it.
  const step = niceStep((max - min) / FLOAT_BINS);
  const lower = tidy(Math.floor(min / step) * step);
  // The last value must fall inside the last bin, not on its upper edge.
  const upper = tidy(Math.max(Math.ceil(max / step), Math.floor(max / step) + 1) * step);
  return new RegularAxis(Math.round((upper - lower) / step), lower, upper, options);
}

/** Drops the binary noise of `k * step` (-2.4000000000000004 → -2.4). */
function tidy(x: number): number {
  return Number(x.toPrecision(12));
}

function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const mantissa = raw / power;
  return (mantissa <= 1 ? 1 : mantissa <= 2 ? 2 : mantissa <= 5 ? 5 : 10) * power;
}
