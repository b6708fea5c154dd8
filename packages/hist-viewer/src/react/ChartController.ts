import type { ECharts } from 'echarts/core';
import { ChartModel } from '../chart/ChartModel.ts';
import type { ChartSettings } from '../chart/ChartModel.ts';
import type { ChartSeriesInput } from '../chart/prepareSeries.ts';
import { echartsCore } from '../chart/echartsCore.ts';
import type { HeatmapPixels } from '../chart/heatmapPixels.ts';
import { renderChartSVG } from '../chart/renderChartSVG.ts';
import { readHostTheme, watchHostTheme } from './readHostTheme.ts';

/**
 * A live histogram chart on a DOM element, framework-free (the React component is a thin wrapper).
 * Updates are coalesced to one redraw per animation frame however fast histograms arrive, and redraws
 * merge into the existing chart (`notMerge: false`) unless the layout changed. The redraw already runs in
 * an animation frame, so ECharts renders at once (`lazyUpdate: false`) rather than a frame later.
 */
export class ChartController {
  private readonly chart: ECharts;
  private readonly model: ChartModel;
  private series: readonly ChartSeriesInput[] = [];
  private settings: ChartSettings = {};
  private frame: number | undefined;
  private readonly stopWatchingTheme: () => void;
  private readonly resizeObserver: ResizeObserver;
  private redraws = 0;
  private heatmapCanvas: HTMLCanvasElement | undefined;

  constructor(private readonly element: HTMLElement) {
    this.model = new ChartModel(readHostTheme(element), (pixels) => this.toCanvas(pixels));
    this.chart = echartsCore().init(element, null, { renderer: 'canvas' });
    // registered before the tooltip's own listener, so a 2D tooltip reads the bin under the pointer
    this.chart.getZr().on('mousemove', (e) => {
      const point = this.chart.containPixel({ gridIndex: 0 }, [e.offsetX, e.offsetY]) ? this.chart.convertFromPixel({ gridIndex: 0 }, [e.offsetX, e.offsetY]) : undefined;
      this.model.pointAt(point as [number, number] | undefined);
    });
    this.stopWatchingTheme = watchHostTheme(() => {
      this.model.setTheme(readHostTheme(element));
      this.schedule();
    });
    this.resizeObserver = new ResizeObserver(() => this.chart.resize());
    this.resizeObserver.observe(element);
  }

  /** Shows these histograms with these settings at the next animation frame (earlier calls in the same frame are dropped). */
  update(series: readonly ChartSeriesInput[], settings: ChartSettings = {}): void {
    this.series = series;
    this.settings = settings;
    this.schedule();
  }

  /** How many times the chart was actually redrawn (coalescing makes this ≤ the number of updates). */
  get redrawCount(): number {
    return this.redraws;
  }

  /** The chart as a PNG data URL at `pixelRatio` (2 by default, for print), on the theme's background. */
  exportPNG(pixelRatio = 2): string {
    this.flush();
    return this.chart.getDataURL({ type: 'png', pixelRatio, backgroundColor: readHostTheme(this.element).bg, excludeComponents: ['dataZoom'] });
  }

  /** The chart as an SVG document, drawn by ECharts' SVG renderer at the element's size. */
  exportSVG(): string {
    const option = this.model.option(this.series, { ...this.settings, zoom: false });
    return renderChartSVG(option, this.element.clientWidth || 800, this.element.clientHeight || 600);
  }

  dispose(): void {
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.stopWatchingTheme();
    this.resizeObserver.disconnect();
    this.chart.dispose();
  }

  /**
   * A 2D histogram's pixels on the chart's heat-map canvas, drawn over in place: each redraw paints the image
   * anew, and a fresh canvas per state cost a new megabyte backing store each time.
   */
  private toCanvas(pixels: HeatmapPixels): HTMLCanvasElement {
    const canvas = (this.heatmapCanvas ??= document.createElement('canvas'));
    if (canvas.width !== pixels.width) canvas.width = pixels.width;
    if (canvas.height !== pixels.height) canvas.height = pixels.height;
    canvas.getContext('2d')!.putImageData(new ImageData(pixels.rgba, pixels.width, pixels.height), 0, 0);
    return canvas;
  }

  private schedule(): void {
    if (this.frame === undefined) this.frame = requestAnimationFrame(() => this.flush());
  }

  private flush(): void {
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.frame = undefined;
    const { option, replaceMerge } = this.model.update(this.series, this.settings);
    this.chart.setOption(option, replaceMerge ? { notMerge: false, replaceMerge: [...replaceMerge] } : { notMerge: false });
    this.redraws++;
  }
}

