import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CategoryAxis, Histogram, RegularAxis, VariableAxis } from '../index.ts';
import { ChartModel } from './ChartModel.ts';
import type { ChartTheme } from './ChartTheme.ts';
import { DEFAULT_THEME } from './ChartTheme.ts';
import { renderChartSVG } from './renderChartSVG.ts';

type Series = { type: string; name: string; data: Float64Array; xAxisIndex?: number; areaStyle?: unknown; lineStyle?: { color: string } };
const seriesOf = (option: object): Series[] => (option as { series: Series[] }).series;

function oneD(values: number[], options: { label?: string; storage?: 'double' | 'weighted' } = {}): Histogram {
  const h = new Histogram([new RegularAxis(values.length, 0, values.length, { metadata: options.label ? { label: options.label } : {} })], { storage: options.storage ?? 'double' });
  h.fill(values.map((_, i) => i + 0.5), { weight: values });
  return h;
}

describe('ChartModel, 1D', () => {
  it('draws a step outline over bin edges from a flat typed array, with ±√variance error bars', () => {
    const model = new ChartModel();
    const option = model.option([{ name: 'data', histogram: oneD([4, 9, 1], { label: 'p_T [GeV]' }) }]);
    const [step, errors] = seriesOf(option);
    assert.equal(step!.type, 'line');
    assert.ok(step!.data instanceof Float64Array);
    assert.deepEqual(Array.from(step!.data), [0, 4, 1, 9, 2, 1, 3, 1]);
    assert.equal(errors!.type, 'custom');
    // [centre, value - σ, value + σ]; a double storage has Poisson σ = √value
    assert.deepEqual(Array.from(errors!.data), [0.5, 2, 6, 1.5, 6, 12, 2.5, 0, 2]);
    const weighted = seriesOf(model.option([{ name: 'w', histogram: oneD([4, 9], { storage: 'weighted' }) }]))[1]!;
    assert.deepEqual(Array.from(weighted.data), [0.5, 0, 8, 1.5, 0, 18]); // one entry of weight w: σ = √w² = w
    const xAxis = (option as { xAxis: { name: string }[] }).xAxis[0]!;
    assert.equal(xAxis.name, 'p_T [GeV]');
  });

  it('reports bin content ± uncertainty in the tooltip', () => {
    const model = new ChartModel();
    model.option([{ name: 'sig', histogram: oneD([4, 9, 1]) }]);
    const text = model.tooltipAt(1.2);
    assert.match(text, /^\[1, 2\)<br\/>/);
    assert.match(text, /sig: 9 ± 3/);
    assert.equal(model.tooltipAt(7), '');
  });

  it('normalises to unit area, rebins, and hides non-positive bins on a log axis', () => {
    const model = new ChartModel();
    const h = oneD([2, 2, 0, 4]);
    const norm = seriesOf(model.option([{ name: 'h', histogram: h }], { normalize: true }))[0]!;
    assert.deepEqual(Array.from(norm.data).filter((_, i) => i % 2 === 1), [0.25, 0.25, 0, 0.5, 0.5]);
    const rebinned = seriesOf(model.option([{ name: 'h', histogram: h }], { rebin: 2 }))[0]!;
    assert.deepEqual(Array.from(rebinned.data), [0, 4, 2, 4, 4, 4]);
    const log = seriesOf(model.option([{ name: 'h', histogram: h }], { logY: true }))[0]!;
    assert.ok(Number.isNaN(log.data[5]!));
    assert.equal((model.option([{ name: 'h', histogram: h }], { logY: true }) as { yAxis: { type: string }[] }).yAxis[0]!.type, 'log');
  });

  it('stacks samples as cumulative filled series, largest first', () => {
    const model = new ChartModel();
    const option = model.option(
      [
        { name: 'ttbar', histogram: oneD([1, 2]) },
        { name: 'W+jets', histogram: oneD([3, 4]) },
      ],
      { stack: true, errorBars: false },
    );
    const [top, bottom] = seriesOf(option);
    assert.equal(top!.name, 'W+jets');
    assert.deepEqual(Array.from(top!.data), [0, 4, 1, 6, 2, 6]);
    assert.equal(bottom!.name, 'ttbar');
    assert.ok(top!.areaStyle && bottom!.areaStyle);
  });

  it('splits a histogram along its category axis into overlaid series', () => {
    const h = new Histogram([new RegularAxis(2, 0, 2), CategoryAxis.str(['nominal', 'jesUp'])]);
    h.fill([[0.5, 0.5, 1.5], ['nominal', 'jesUp', 'jesUp']]);
    const series = seriesOf(new ChartModel().option([{ name: '', histogram: h }], { errorBars: false }));
    assert.deepEqual(series.map((s) => s.name), ['nominal', 'jesUp']);
    assert.deepEqual(Array.from(series[1]!.data), [0, 1, 1, 1, 2, 1]);
  });

  it('adds a ratio panel over the reference series on a second grid', () => {
    const option = new ChartModel().option(
      [
        { name: 'data', histogram: oneD([10, 20]) },
        { name: 'MC', histogram: oneD([5, 40]) },
      ],
      { ratio: true, errorBars: false },
    );
    const grids = (option as { grid: unknown[] }).grid;
    assert.equal(grids.length, 2);
    const ratio = seriesOf(option).find((s) => s.xAxisIndex === 1 && s.type === 'line')!;
    assert.deepEqual(Array.from(ratio.data), [0, 0.5, 1, 2, 2, 2]);
  });

  it('takes its colours from the theme (the host CSS variables)', () => {
    const dark: ChartTheme = { ...DEFAULT_THEME, fg: '#eeeeee', bg: '#1e1e1e', accent: '#ff00aa', font: 'Fira Sans' };
    const option = new ChartModel(dark).option([{ name: 'h', histogram: oneD([1]) }]) as { backgroundColor: string; textStyle: { color: string; fontFamily: string } };
    assert.equal(option.backgroundColor, '#1e1e1e');
    assert.deepEqual(option.textStyle, { color: '#eeeeee', fontFamily: 'Fira Sans' });
    assert.equal(seriesOf(option)[0]!.lineStyle!.color, '#ff00aa');
  });

  it('asks for components to be replaced only when the layout changes, so live updates merge', () => {
    const model = new ChartModel();
    const first = model.update([{ name: 'h', histogram: oneD([1, 2]) }]);
    assert.ok(first.replaceMerge);
    assert.equal(model.update([{ name: 'h', histogram: oneD([3, 4]) }]).replaceMerge, undefined);
    assert.ok(model.update([{ name: 'h', histogram: oneD([3, 4]) }], { ratio: true }).replaceMerge);
  });
});

describe('ChartModel rendered by ECharts (server-side SVG, no DOM)', () => {
  it('draws the mplhep-style CMS label with luminosity and energy', () => {
    const option = new ChartModel().option([{ name: 'data', histogram: oneD([4, 9, 1], { label: 'm [GeV]' }) }], {
      experiment: { experiment: 'CMS', status: 'Preliminary', luminosity: 138, energy: 13 },
    });
    const svg = renderChartSVG(option, 640, 480);
    assert.match(svg, /^<svg/);
    assert.match(svg, />CMS</);
    assert.match(svg, />Preliminary</);
    assert.match(svg, /138 fb⁻¹ \(13 TeV\)/);
    assert.match(svg, />m \[GeV\]</);
    assert.match(svg, /<path d="M/);
  });

  it('writes the ATLAS label in its own style', () => {
    const option = new ChartModel().option([{ name: 'data', histogram: oneD([1, 2]) }], { experiment: { experiment: 'ATLAS', status: 'Internal', luminosity: 139, energy: 13 } });
    const svg = renderChartSVG(option, 640, 480);
    assert.match(svg, /font-style:italic;font-weight:bold[^>]*>ATLAS|font-weight:bold;font-style:italic[^>]*>ATLAS|>ATLAS</);
    assert.match(svg, /√s = 13 TeV, 139 fb⁻¹/);
  });

  it('draws a 2D histogram as one colour-mapped image with a colour scale and a bin tooltip', () => {
    const h = new Histogram([new RegularAxis(3, 0, 3, { metadata: { label: 'x [cm]' } }), new RegularAxis(2, 0, 2, { metadata: { label: 'y [cm]' } })]);
    h.fill([[0.5, 0.5, 2.5], [0.5, 0.5, 1.5]]);
    // in Node a canvas stand-in: ECharts' SVG renderer only asks an image for its data URL
    const model = new ChartModel(DEFAULT_THEME, (p) => ({ toDataURL: () => `data:image/png;base64,${p.width}x${p.height}` }));
    const option = model.option([{ name: 'hits', histogram: h }]);
    assert.equal(seriesOf(option)[0]!.type, 'custom');
    const pixels = model.heatmap!;
    assert.deepEqual([pixels.width, pixels.height, pixels.min, pixels.max], [3, 2, 1, 2]);
    const rgba = (px: number, py: number): number[] => Array.from(pixels.rgba.slice(4 * (py * 3 + px), 4 * (py * 3 + px) + 4));
    assert.deepEqual(rgba(0, 1), [0xfd, 0xe7, 0x25, 255]); // bin (0, 0) = 2, the top of viridis; row 0 is the top y bin
    assert.deepEqual(rgba(2, 0), [0x44, 0x01, 0x54, 255]); // bin (2, 1) = 1, the bottom
    assert.deepEqual(rgba(1, 0), [0, 0, 0, 0]); // empty bins stay blank
    assert.match(model.tooltipAt2D(2.5, 1.2), /x \[cm\] \[2, 3\)<br\/>y \[cm\] \[1, 2\)<br\/>1 ± 1/);
    assert.equal(model.tooltipAt2D(3.5, 1.2), '');
    const visualMap = (option as { visualMap: { min: number; max: number; text: string[] }[] }).visualMap[0]!;
    assert.deepEqual([visualMap.min, visualMap.max, ...visualMap.text], [1, 2, '2', '1']);
    const svg = renderChartSVG(option, 640, 480);
    assert.match(svg, />y \[cm\]</);
    assert.match(svg, /<image[^>]*href="data:image\/png;base64,3x2"/);
  });

  it('paints each 2D state over the last one: bins emptied since are blank again, flow bins are not drawn', () => {
    const axes = (): RegularAxis[] => [new RegularAxis(2, 0, 2), new RegularAxis(2, 0, 2)];
    const model = new ChartModel();
    const first = new Histogram(axes());
    first.fill([[0.5, 1.5, 1.5], [0.5, 1.5, 1.5]]);
    model.option([{ name: 'h', histogram: first }]);
    const before = model.heatmap!.rgba;
    const second = new Histogram(axes());
    second.fill([[1.5, -5, 9], [0.5, 0.5, 0.5]]);
    model.option([{ name: 'h', histogram: second }]);
    const pixels = model.heatmap!;
    assert.equal(pixels.rgba, before, 'the rgba buffer is reused');
    const alpha = (px: number, py: number): number => pixels.rgba[4 * (py * 2 + px) + 3]!;
    assert.deepEqual([alpha(0, 1), alpha(1, 0), alpha(0, 0), alpha(1, 1)], [0, 0, 0, 255]); // only bin (1, 0), the bottom right pixel
    assert.deepEqual([pixels.min, pixels.max], [1, 1]);
    assert.match(model.tooltipAt2D(1.5, 0.5), /1 ± 1$/);
    assert.match(model.tooltipAt2D(0.5, 0.5), /0 ± 0$/);
  });

  it('maps a log colour scale and variable bins by edge lookup', () => {
    const h = new Histogram([new VariableAxis([0, 1, 3]), new RegularAxis(1, 0, 1)]);
    h.fill([[0.5, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2], Array(11).fill(0.5)]);
    const model = new ChartModel();
    model.option([{ name: 'v', histogram: h }], { logY: true });
    const pixels = model.heatmap!;
    assert.deepEqual([pixels.width, pixels.min, pixels.max], [3, 0, 1]); // the wide bin covers two of three pixels; log10 1 … log10 10
    const red = (px: number): number => pixels.rgba[4 * px]!;
    assert.equal(red(0), 0x44);
    assert.equal(red(1), 0xfd);
    assert.equal(red(2), 0xfd);
  });
});
