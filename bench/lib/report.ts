/** Median of samples; benchmarks report medians because this machine is noisy. */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) throw new Error('median of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The p-th percentile (0..100) of samples, nearest rank. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** One benchmark figure, afkit beside its anchor measured in the same run. */
export interface BenchFigure {
  readonly area: 'clusters' | 'io' | 'join' | 'hist';
  readonly name: string;
  readonly afkit: number;
  readonly anchor: number;
  readonly unit: string;
  /** Rates (rows/s, MB/s) are better higher; times (ms, s) and memory are better lower. */
  readonly better: 'higher' | 'lower';
  /** What the inputs were, printed as a comment line so the figure can be reproduced. */
  readonly note?: string;
}

/** Prints a figure as `BENCH <area>.<name> afkit=<n> anchor=<n> unit=<u> ratio=<r>`; ratio above 1 means afkit wins. */
export function reportBench(figure: BenchFigure): string {
  const ratio = figure.better === 'higher' ? figure.afkit / figure.anchor : figure.anchor / figure.afkit;
  const line = `BENCH ${figure.area}.${figure.name} afkit=${fmt(figure.afkit)} anchor=${fmt(figure.anchor)} unit=${figure.unit} ratio=${fmt(ratio)}`;
  if (figure.note) console.log(`# ${figure.area}.${figure.name}: ${figure.note}`);
  console.log(line);
  return line;
}

function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return value.toFixed(0);
  if (abs >= 1) return value.toFixed(3).replace(/\.?0+$/, '');
  return value.toPrecision(3);
}

/** Whether `--quick` was given: smaller inputs so that an area finishes within 60 s. */
export const quick = process.argv.includes('--quick');
