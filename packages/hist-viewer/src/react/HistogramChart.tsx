import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import type { CSSProperties } from 'react';
import type { ChartSettings } from '../chart/ChartModel.ts';
import type { ChartSeriesInput } from '../chart/prepareSeries.ts';
import { writeUHIFile } from '../uhi/toUHI.ts';
import { ChartController } from './ChartController.ts';

/** Props of {@link HistogramChart}: the histograms to draw and how. */
export interface HistogramChartProps extends Omit<ChartSettings, 'style'> {
  /** 1D: outline ("step", default) or filled. */
  readonly drawStyle?: ChartSettings['style'];
  /** One or more histograms; a new array (or a histogram whose `version` changed) redraws at the next frame. */
  readonly histograms: readonly ChartSeriesInput[];
  readonly className?: string;
  /** Defaults to 100% × 360 px. */
  readonly style?: CSSProperties;
}

/** What a panel can ask the chart for: exports. */
export interface HistogramChartHandle {
  /** PNG data URL. */
  exportPNG(pixelRatio?: number): string;
  /** SVG document text. */
  exportSVG(): string;
  /** UHI JSON text of the drawn histograms (by series name), which hist can load. */
  exportUHI(): string;
  /** Frames actually drawn so far (updates arriving within one frame share a redraw). */
  redraws(): number;
}

/**
 * A live histogram chart: 1D step/filled with error bars, stacks, ratio panel, log axes, normalise, rebin,
 * zoom, 2D heat maps, experiment labels; colours from the host theme. Host-free: give it histograms.
 */
export const HistogramChart = forwardRef<HistogramChartHandle, HistogramChartProps>(function HistogramChart(props, ref) {
  const { histograms, className, style, drawStyle, ...rest } = props;
  const settings: ChartSettings = { ...rest, style: drawStyle };
  const element = useRef<HTMLDivElement>(null);
  const controller = useRef<ChartController>();

  useEffect(() => {
    const c = new ChartController(element.current!);
    controller.current = c;
    return () => {
      c.dispose();
      controller.current = undefined;
    };
  }, []);

  const versions = histograms.map((s) => s.histogram.version).join(',');
  const settingsKey = JSON.stringify(settings);
  useEffect(() => {
    controller.current?.update(histograms, settings);
    // settings arrive as a fresh object each render; compare them by value
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [histograms, versions, settingsKey]);

  useImperativeHandle(
    ref,
    () => ({
      exportPNG: (pixelRatio) => controller.current!.exportPNG(pixelRatio),
      exportSVG: () => controller.current!.exportSVG(),
      exportUHI: () => writeUHIFile(Object.fromEntries(histograms.map((s, i) => [s.name || `histogram${i}`, s.histogram])), 1),
      redraws: () => controller.current?.redrawCount ?? 0,
    }),
    [histograms],
  );

  return <div ref={element} className={className} style={{ width: '100%', height: 360, ...style }} />;
});
