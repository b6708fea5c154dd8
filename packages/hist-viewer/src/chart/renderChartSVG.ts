import type { EChartsCoreOption } from 'echarts/core';
import { echartsCore } from './echartsCore.ts';

/** Renders an option to an SVG document with ECharts' server-side SVG renderer: no DOM needed (export, tests, Node). */
export function renderChartSVG(option: EChartsCoreOption, width: number, height: number): string {
  const chart = echartsCore().init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
