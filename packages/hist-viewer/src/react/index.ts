/**
 * @afkit/hist-viewer/react: the live histogram chart (React over ECharts 6) and its framework-free parts.
 * The engine itself is the package's main entry, `@afkit/hist-viewer`.
 */
export { HistogramsPanel } from './HistogramsPanel.tsx';
export { UHIFileView } from './UHIFileView.tsx';
export type { UHIFileViewProps } from './UHIFileView.tsx';
export { HistogramChart } from './HistogramChart.tsx';
export type { HistogramChartHandle, HistogramChartProps } from './HistogramChart.tsx';
export { ChartController } from './ChartController.ts';
export { readHostTheme, watchHostTheme } from './readHostTheme.ts';
export { ChartModel, axisTitle } from '../chart/ChartModel.ts';
export type { ChartSettings, ChartUpdate } from '../chart/ChartModel.ts';
export type { ChartSeriesInput, Prepared1D, PrepareOptions } from '../chart/prepareSeries.ts';
export { prepare1D } from '../chart/prepareSeries.ts';
export { DEFAULT_THEME } from '../chart/ChartTheme.ts';
export type { ChartTheme } from '../chart/ChartTheme.ts';
export type { ExperimentLabel } from '../chart/experimentLabel.ts';
export { experimentGraphics } from '../chart/experimentLabel.ts';
export { renderChartSVG } from '../chart/renderChartSVG.ts';
export { echartsCore } from '../chart/echartsCore.ts';
