import type { EChartsCoreOption } from 'echarts/core';
import { isContinuous } from '../axes/Axis.ts';
import type { Axis } from '../axes/Axis.ts';
import { upperBound } from '../axes/binContinuous.ts';
import type { Histogram } from '../Histogram.ts';
import { DEFAULT_THEME } from './ChartTheme.ts';
import type { ChartTheme } from './ChartTheme.ts';
import { experimentGraphics } from './experimentLabel.ts';
import type { ExperimentLabel } from './experimentLabel.ts';
import { heatmapPixels } from './heatmapPixels.ts';
import type { HeatmapPixels } from './heatmapPixels.ts';
import { prepare1D } from './prepareSeries.ts';
import type { ChartSeriesInput, Prepared1D } from './prepareSeries.ts';

/** A drawable image for ECharts' `image` element: a canvas or image element, or a URL. */
export type HeatmapImage = string | object;

/** What the user chose to see; every field is optional. */
export interface ChartSettings {
  /** 1D: an outline ("step", default) or a filled histogram. */
  readonly style?: 'step' | 'filled';
  /** 1D: vertical ±1σ bars at bin centres (default on for step, off for filled). */
  readonly errorBars?: boolean;
  /** 1D: stack the series (samples) instead of overlaying them. */
  readonly stack?: boolean;
  /** Logarithmic y axis (the colour scale for 2D). */
  readonly logY?: boolean;
  /** Scale each series to unit area. */
  readonly normalize?: boolean;
  /** Merge this many neighbouring bins. */
  readonly rebin?: number;
  /** A ratio panel below: every series over the reference series (index, default 0). */
  readonly ratio?: boolean | { readonly reference?: number; readonly title?: string };
  /** Split a 2D histogram along this category axis into overlaid (or stacked) 1D series. */
  readonly splitAxis?: number;
  /** Axis titles with units; default from the axis metadata (`label`, else `name`). */
  readonly xTitle?: string;
  readonly yTitle?: string;
  readonly experiment?: ExperimentLabel;
  /** Zoom with the mouse wheel and a slider (default on). */
  readonly zoom?: boolean;
}

/** An option for `chart.setOption` and whether the layout changed (then components must be replaced, not merged). */
export interface ChartUpdate {
  readonly option: EChartsCoreOption;
  readonly replaceMerge: readonly string[] | undefined;
}

const GRID_LEFT = 72;
const GRID_RIGHT = 28;
const GRID_TOP = 40;
const LAYOUT_COMPONENTS = ['series', 'grid', 'xAxis', 'yAxis', 'dataZoom', 'visualMap', 'graphic'];

/**
 * Turns histograms and settings into ECharts options, framework-free: no DOM, no React. Arrays handed to
 * ECharts are flat typed arrays (x, y pairs; x, lo, hi triples) so live redraws allocate little. Keeps the
 * last drawn series so tooltips can report bin content ± uncertainty.
 */
export class ChartModel {
  private drawn: Prepared1D[] = [];
  /** The drawn 2D histogram and its storage arrays, flow bins included (read in place, not copied). */
  private heat: { h: Histogram; values: Float64Array; variances: Float64Array; pixels: HeatmapPixels } | undefined;
  private pointer: readonly [number, number] | undefined;
  private layoutKey = '';

  /** `imageOf` turns a 2D histogram's pixels into something ECharts can draw (a canvas, a data URL); without it 2D charts show axes and colour scale only. */
  constructor(
    private theme: ChartTheme = DEFAULT_THEME,
    private readonly imageOf?: (pixels: HeatmapPixels) => HeatmapImage,
  ) {}

  /** Changes the colours (host theme switched); the next update redraws everything. */
  setTheme(theme: ChartTheme): void {
    this.theme = theme;
    this.layoutKey = '';
  }

  /** The option for these histograms and settings. */
  update(series: readonly ChartSeriesInput[], settings: ChartSettings = {}): ChartUpdate {
    const option = this.option(series, settings);
    const key = layoutKey(option);
    const replaceMerge = key === this.layoutKey ? undefined : LAYOUT_COMPONENTS;
    this.layoutKey = key;
    return { option, replaceMerge };
  }

  /** The full option (also what SVG export renders). */
  option(series: readonly ChartSeriesInput[], settings: ChartSettings = {}): EChartsCoreOption {
    const first = series[0]?.histogram;
    if (first && first.rank === 2 && settings.splitAxis === undefined && !first.axes.some((a) => a.kind === 'category_str' || a.kind === 'category_int')) {
      return this.heatmapOption(first, series[0]!.name, settings);
    }
    return this.lineOption(series, settings);
  }

  /** Tooltip text at x on the 1D chart: for each series, the bin, its content and ± uncertainty. */
  tooltipAt(x: number): string {
    const lines: string[] = [];
    for (const s of this.drawn) {
      const i = upperBound(s.edges, x) - 1;
      if (i < 0 || i >= s.values.length) continue;
      if (lines.length === 0) lines.push(`${escapeHtml(binLabel(s.axis, i))}`);
      lines.push(`${marker(s.color ?? this.theme.accent)}${escapeHtml(s.name)}: ${formatValue(s.values[i]!)} ± ${formatValue(s.errors[i]!)}`);
    }
    return lines.join('<br/>');
  }

  /** Where the pointer is, in the 2D chart's axis coordinates (the host converts from pixels); the tooltip reads it. */
  pointAt(point: readonly [number, number] | undefined): void {
    this.pointer = point;
  }

  /** The colour-mapped pixels of the drawn 2D histogram, if one is drawn. */
  get heatmap(): HeatmapPixels | undefined {
    return this.heat?.pixels;
  }

  /** Tooltip text of the 2D bin at axis coordinates (x, y): both bins, content ± uncertainty; '' outside. */
  tooltipAt2D(x: number, y: number): string {
    if (!this.heat) return '';
    const { h, values, variances } = this.heat;
    const [ax, ay] = h.axes as [Axis, Axis];
    const i = binAt(ax, x);
    const j = binAt(ay, y);
    if (i < 0 || j < 0) return '';
    const k = (i + (ax.underflow ? 1 : 0)) * ay.extent + j + (ay.underflow ? 1 : 0);
    const value = values[k] ?? 0;
    const error = Math.sqrt(variances[k] ?? 0);
    return `${escapeHtml(axisTitle(ax, undefined))} ${escapeHtml(binLabel(ax, i))}<br/>${escapeHtml(axisTitle(ay, undefined))} ${escapeHtml(binLabel(ay, j))}<br/>${formatValue(value)} ± ${formatValue(error)}`;
  }

  private lineOption(inputs: readonly ChartSeriesInput[], settings: ChartSettings): EChartsCoreOption {
    const theme = this.theme;
    const prepared = prepare1D(inputs, settings).map((s, i) => ({ ...s, color: s.color ?? colorAt(theme, i) }));
    this.drawn = prepared;
    this.heat = undefined;
    const logY = settings.logY ?? false;
    const filled = settings.style === 'filled';
    const errorBars = settings.errorBars ?? !filled;
    const ratio = settings.ratio ? (typeof settings.ratio === 'object' ? settings.ratio : {}) : undefined;
    const reference = ratio ? prepared[Math.min(ratio.reference ?? 0, prepared.length - 1)] : undefined;

    // stacked series draw cumulative sums, the largest first so that each smaller one covers its part
    const shown = settings.stack ? cumulate(prepared) : prepared;
    const order = settings.stack ? [...shown.keys()].reverse() : [...shown.keys()];
    const floor = logY ? positiveFloor(shown) : 0;
    const series: object[] = [];
    for (const k of order) {
      const s = shown[k]!;
      series.push(stepSeries(s, s.values, logY, filled || Boolean(settings.stack), 0));
      if (errorBars && !settings.stack) series.push(errorSeries(s, s.values, s.errors, floor, 0));
    }
    if (settings.stack && errorBars && shown.length) {
      const top = shown[shown.length - 1]!;
      const total = prepared.reduce((acc, s) => acc.map((v, i) => v + s.errors[i]! ** 2), new Float64Array(top.values.length)).map(Math.sqrt);
      series.push(errorSeries({ ...top, name: 'total', color: theme.fg }, top.values, total, floor, 0));
    }

    const [lo, hi] = xRange(prepared);
    const axis = prepared[0]?.axis;
    const xTitle = settings.xTitle ?? (axis ? axisTitle(axis, undefined) : '');
    const yTitle = settings.yTitle ?? (settings.normalize ? 'Density' : 'Events');
    const grids: object[] = [{ left: GRID_LEFT, right: GRID_RIGHT, top: GRID_TOP, bottom: ratio ? '36%' : 72, containLabel: false }];
    const xAxes: object[] = [valueAxis(theme, { min: lo, max: hi, name: ratio ? '' : xTitle, gridIndex: 0, labels: !ratio, axis })];
    const yAxes: object[] = [valueAxis(theme, { name: yTitle, gridIndex: 0, log: logY, vertical: true })];
    if (ratio && reference) {
      grids.push({ left: GRID_LEFT, right: GRID_RIGHT, top: '68%', bottom: 72 });
      xAxes.push(valueAxis(theme, { min: lo, max: hi, name: xTitle, gridIndex: 1, labels: true, axis }));
      yAxes.push(valueAxis(theme, { name: ratio.title ?? `Ratio to ${reference.name}`, gridIndex: 1, vertical: true, splitNumber: 3, min: 0 }));
      for (const s of prepared) {
        const r = s.values.map((v, i) => v / reference.values[i]!);
        const e = s.errors.map((v, i) => v / reference.values[i]!);
        if (s === reference) series.push(errorBand(s, e, theme));
        else {
          series.push(stepSeries(s, r, false, false, 1));
          if (errorBars) series.push(errorSeries(s, r, e, 0, 1));
        }
      }
    }
    const zoom = settings.zoom ?? true;
    return {
      backgroundColor: theme.bg,
      animation: false,
      textStyle: { color: theme.fg, fontFamily: theme.font },
      color: prepared.map((s) => s.color),
      // inside the axes, top right, as mplhep's legends usually are
      legend:
        prepared.length > 1
          ? { top: GRID_TOP + 8, right: GRID_RIGHT + 8, orient: 'vertical', textStyle: { color: theme.fg, fontFamily: theme.font }, data: prepared.map((s) => s.name) }
          : { show: false },
      grid: grids,
      xAxis: xAxes,
      yAxis: yAxes,
      series,
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'line', snap: false, lineStyle: { color: theme.border } },
        backgroundColor: theme.bg,
        borderColor: theme.border,
        textStyle: { color: theme.fg, fontFamily: theme.font },
        formatter: (params: unknown) => this.tooltipAt(axisValueOf(params)),
      },
      dataZoom: zoom
        ? [
            { type: 'inside', xAxisIndex: xAxes.map((_, i) => i), filterMode: 'none' },
            { type: 'slider', xAxisIndex: xAxes.map((_, i) => i), filterMode: 'none', height: 14, bottom: 6, borderColor: theme.border, textStyle: { color: theme.fg } },
          ]
        : [],
      graphic: settings.experiment ? experimentGraphics(settings.experiment, theme, GRID_LEFT, GRID_RIGHT, 10) : [],
    };
  }

  private heatmapOption(h0: Histogram, name: string, settings: ChartSettings): EChartsCoreOption {
    const theme = this.theme;
    let h = h0;
    const factor = settings.rebin ?? 1;
    for (const d of [0, 1]) if (factor > 1 && isContinuous(h.axes[d]!) && h.axes[d]!.bins >= factor) h = h.rebin(d, factor);
    const log = settings.logY ?? false;
    this.drawn = [];
    const values = h.values({ flow: true });
    const [ax, ay] = h.axes as [Axis, Axis];
    const pixels = heatmapPixels(values, ax, ay, theme.ramp, log, this.heat?.pixels.rgba);
    this.heat = { h, values, variances: h.variances({ flow: true }), pixels };
    const image = this.imageOf?.(pixels);
    const [x0, x1] = axisSpan(ax);
    const [y0, y1] = axisSpan(ay);
    const right = 96;
    return {
      backgroundColor: theme.bg,
      animation: false,
      textStyle: { color: theme.fg, fontFamily: theme.font },
      grid: [{ left: GRID_LEFT, right, top: GRID_TOP, bottom: 72 }],
      xAxis: [valueAxis(theme, { min: x0, max: x1, name: settings.xTitle ?? axisTitle(ax, undefined), gridIndex: 0, axis: ax })],
      yAxis: [{ ...valueAxis(theme, { min: y0, max: y1, name: settings.yTitle ?? axisTitle(ay, undefined), gridIndex: 0, vertical: true, axis: ay }), scale: true }],
      // the colour scale only: the cells are one image, so the map targets no series
      visualMap: [
        {
          type: 'continuous',
          seriesIndex: [],
          min: pixels.min,
          max: pixels.max,
          calculable: false,
          orient: 'vertical',
          right: 8,
          top: GRID_TOP,
          bottom: 72,
          itemHeight: 200,
          inRange: { color: [...theme.ramp] },
          textStyle: { color: theme.fg, fontFamily: theme.font },
          // the scale's ends in bin contents, whether or not the colours follow their logarithm
          text: [formatValue(log ? 10 ** pixels.max : pixels.max), formatValue(log ? 10 ** pixels.min : pixels.min)],
        },
      ],
      // 250,000 heat-map cells as ECharts elements take seconds to lay out; one image of the colour-mapped bins takes milliseconds
      series: [
        {
          type: 'custom',
          name,
          data: [[x0, y0, x1, y1]],
          dimensions: ['x0', 'y0', 'x1', 'y1'],
          encode: { x: [0, 2], y: [1, 3] },
          clip: true,
          renderItem: (_params: unknown, api: { coord: (p: number[]) => number[] }) => {
            if (image === undefined) return null;
            const a = api.coord([x0, y1]);
            const b = api.coord([x1, y0]);
            return { type: 'image', style: { image, x: a[0], y: a[1], width: b[0]! - a[0]!, height: b[1]! - a[1]! } };
          },
        },
      ],
      tooltip: {
        trigger: 'item',
        backgroundColor: theme.bg,
        borderColor: theme.border,
        textStyle: { color: theme.fg, fontFamily: theme.font },
        formatter: () => (this.pointer ? this.tooltipAt2D(this.pointer[0], this.pointer[1]) : ''),
      },
      dataZoom: (settings.zoom ?? true) ? [{ type: 'inside', xAxisIndex: [0], yAxisIndex: [0], filterMode: 'none' }] : [],
      graphic: settings.experiment ? experimentGraphics(settings.experiment, theme, GRID_LEFT, right, 10) : [],
    };
  }
}

/** Where an axis lies on a chart: its outer edges, or [0, n] for categories. */
function axisSpan(axis: Axis): [number, number] {
  if (!isContinuous(axis)) return [0, axis.bins];
  const edges = axis.edges();
  return [edges[0]!, edges[edges.length - 1]!];
}

/** The inner bin at coordinate v of an axis drawn over {@link axisSpan}, or -1 outside. */
function binAt(axis: Axis, v: number): number {
  const i = isContinuous(axis) ? upperBound(axis.edges(), v) - 1 : Math.floor(v);
  return i >= 0 && i < axis.bins ? i : -1;
}

/** Series colour: an explicit one, else the accent first and the palette after it. */
function colorAt(theme: ChartTheme, i: number): string {
  if (i === 0) return theme.accent;
  const rest = theme.palette.filter((c) => c.toLowerCase() !== theme.accent.toLowerCase());
  return rest[(i - 1) % rest.length]!;
}

/** A step outline over bin edges: points (e_i, v_i) and a closing (e_n, v_{n-1}), drawn with step 'end'. */
function stepSeries(s: Prepared1D, values: Float64Array, logY: boolean, filled: boolean, gridIndex: number): object {
  const n = values.length;
  const data = new Float64Array(2 * (n + 1));
  for (let i = 0; i <= n; i++) {
    const v = values[Math.min(i, n - 1)]!;
    data[2 * i] = s.edges[i]!;
    data[2 * i + 1] = logY && !(v > 0) ? NaN : v;
  }
  return {
    type: 'line',
    name: s.name,
    xAxisIndex: gridIndex,
    yAxisIndex: gridIndex,
    data,
    dimensions: ['x', 'y'],
    step: 'end',
    showSymbol: false,
    connectNulls: false,
    lineStyle: { color: s.color, width: 1.5 },
    itemStyle: { color: s.color },
    areaStyle: filled ? { color: s.color, opacity: 0.85 } : undefined,
    emphasis: { disabled: true },
    silent: true,
    z: 2,
  };
}

/**
 * Vertical ±σ bars at bin centres from [centre, low, high] triples (which also give the y axis its extent),
 * drawn as one path by the first item: one element per redraw instead of one per bin keeps live 1D redraws cheap.
 */
function errorSeries(s: Prepared1D, values: Float64Array, errors: Float64Array, floor: number, gridIndex: number): object {
  const n = values.length;
  const data = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    const e = errors[i]!;
    const ok = Number.isFinite(v) && Number.isFinite(e) && e > 0 && !(floor > 0 && !(v > 0));
    data[3 * i] = 0.5 * (s.edges[i]! + s.edges[i + 1]!);
    data[3 * i + 1] = ok ? Math.max(v - e, floor > 0 ? floor : -Infinity) : NaN;
    data[3 * i + 2] = ok ? v + e : NaN;
  }
  const color = s.color;
  return {
    type: 'custom',
    name: s.name,
    xAxisIndex: gridIndex,
    yAxisIndex: gridIndex,
    data,
    dimensions: ['x', 'lo', 'hi'],
    encode: { x: 0, y: [1, 2] },
    // the path is in pixels: zooming in leaves bars outside the grid, which the clip hides
    clip: true,
    silent: true,
    z: 3,
    renderItem: (params: { dataIndex: number }, api: { coord: (p: number[]) => number[] }) => {
      if (params.dataIndex !== 0) return null;
      const parts: string[] = [];
      for (let i = 0; i < n; i++) {
        const lo = data[3 * i + 1]!;
        const hi = data[3 * i + 2]!;
        if (!(lo === lo) || !(hi === hi)) continue;
        const a = api.coord([data[3 * i]!, lo]);
        const b = api.coord([data[3 * i]!, hi]);
        parts.push(`M${a[0]!.toFixed(1)} ${a[1]!.toFixed(1)}V${b[1]!.toFixed(1)}`);
      }
      return parts.length ? { type: 'path', shape: { pathData: parts.join('') }, style: { stroke: color, lineWidth: 1.2, fill: null } } : null;
    },
  };
}

/** The reference's own uncertainty in the ratio panel: a band 1 ± σ/value. */
function errorBand(s: Prepared1D, relative: Float64Array, theme: ChartTheme): object {
  const n = relative.length;
  const data = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    const e = relative[i]!;
    data[3 * i] = i;
    data[3 * i + 1] = Number.isFinite(e) ? 1 - e : NaN;
    data[3 * i + 2] = Number.isFinite(e) ? 1 + e : NaN;
  }
  const edges = s.edges;
  return {
    type: 'custom',
    name: `${s.name} uncertainty`,
    xAxisIndex: 1,
    yAxisIndex: 1,
    data,
    dimensions: ['bin', 'lo', 'hi'],
    encode: { y: [1, 2] },
    silent: true,
    z: 1,
    renderItem: (_params: unknown, api: { value: (d: number) => number; coord: (p: number[]) => number[] }) => {
      const i = api.value(0);
      const lo = api.value(1);
      const hi = api.value(2);
      if (!(lo === lo)) return null;
      const a = api.coord([edges[i]!, hi]);
      const b = api.coord([edges[i + 1]!, lo]);
      return { type: 'rect', shape: { x: a[0], y: a[1], width: b[0]! - a[0]!, height: b[1]! - a[1]! }, style: { fill: theme.border, opacity: 0.6 } };
    },
  };
}

function valueAxis(
  theme: ChartTheme,
  o: { name: string; gridIndex: number; min?: number; max?: number; labels?: boolean; log?: boolean; vertical?: boolean; splitNumber?: number; axis?: Axis },
): object {
  const discrete = o.axis && !isContinuous(o.axis) ? o.axis : undefined;
  return {
    type: o.log ? 'log' : 'value',
    gridIndex: o.gridIndex,
    min: o.min,
    max: o.max,
    scale: !o.vertical || o.log,
    name: o.name,
    nameLocation: 'middle',
    nameGap: o.vertical ? 50 : 30,
    nameTextStyle: { color: theme.fg, fontFamily: theme.font, fontSize: 13 },
    splitNumber: o.splitNumber,
    interval: discrete ? 1 : undefined,
    axisLine: { show: true, onZero: false, lineStyle: { color: theme.fg } },
    axisTick: { show: true, inside: true, lineStyle: { color: theme.fg } },
    axisLabel: {
      show: o.labels ?? true,
      color: theme.fg,
      fontFamily: theme.font,
      hideOverlap: true,
      formatter: discrete ? (v: number) => (v >= 0 && v < discrete.bins ? discrete.binLabel(v) : '') : undefined,
    },
    splitLine: { show: false, lineStyle: { color: theme.border } },
  };
}

function cumulate(series: readonly Prepared1D[]): Prepared1D[] {
  let running: Float64Array | undefined;
  return series.map((s) => {
    running = running ? running.map((v, i) => v + s.values[i]!) : s.values.slice();
    return { ...s, values: running };
  });
}

/** The smallest positive content / 10: where error bars end on a log axis instead of at zero. */
function positiveFloor(series: readonly Prepared1D[]): number {
  let min = Infinity;
  for (const s of series) for (const v of s.values) if (v > 0 && v < min) min = v;
  return Number.isFinite(min) ? min / 10 : 1e-3;
}

function xRange(series: readonly Prepared1D[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    lo = Math.min(lo, s.edges[0]!);
    hi = Math.max(hi, s.edges[s.edges.length - 1]!);
  }
  return Number.isFinite(lo) ? [lo, hi] : [0, 1];
}

/** An axis title from its metadata: `label` (with units) first, then `name`. */
export function axisTitle(axis: Axis, fallback: string | undefined): string {
  const label = axis.metadata.label ?? axis.metadata.name;
  return label === undefined ? (fallback ?? '') : String(label);
}

function binLabel(axis: Axis, i: number): string {
  return axis.binLabel(i);
}

function axisValueOf(params: unknown): number {
  const first = (Array.isArray(params) ? params[0] : params) as { axisValue?: number } | undefined;
  return Number(first?.axisValue);
}

function marker(color: string): string {
  return `<span style="display:inline-block;width:9px;height:9px;margin-right:5px;background:${color}"></span>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

function formatValue(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const abs = Math.abs(x);
  return abs >= 1e5 || abs < 1e-3 ? x.toExponential(3) : String(Number(x.toPrecision(5)));
}

/** A string that changes only when the chart's structure does (series, axes, panels), not with the data. */
function layoutKey(option: EChartsCoreOption): string {
  const o = option as Record<string, unknown>;
  const series = (o.series as { type: string; name: string }[] | undefined) ?? [];
  const axes = (o.yAxis as { type: string }[] | undefined) ?? [];
  return JSON.stringify([series.map((s) => [s.type, s.name]), axes.map((a) => a.type), (o.grid as unknown[]).length, (o.graphic as unknown[]).length, (o.dataZoom as unknown[]).length]);
}
