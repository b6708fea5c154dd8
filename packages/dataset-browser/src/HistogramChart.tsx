import { useEffect, useRef } from 'react';
import { init, use, type ECharts } from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { isContinuous, type Histogram } from '@afkit/hist-viewer';

use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

/**
 * A minimal 1D histogram bar chart (ECharts), drawn in the host theme's colours. Stands in until
 * `@afkit/hist-viewer/react` exports its chart; redraws when `version` changes while a fill streams in.
 */
export function HistogramChart(props: { histogram: Histogram; version: number }): JSX.Element {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts>();
  useEffect(() => {
    if (!element.current) return;
    const instance = init(element.current, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = undefined;
    };
  }, []);
  useEffect(() => {
    const instance = chart.current;
    const axis = props.histogram.axes[0];
    if (!instance || !element.current || !axis || !isContinuous(axis)) return;
    const style = getComputedStyle(element.current);
    const color = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
    const edges = axis.edges();
    const values = props.histogram.values();
    const integer = axis.kind === 'integer';
    const labels = Array.from(values, (_, i) => (integer ? String(edges[i]) : Number(edges[i]!.toPrecision(4)).toString()));
    instance.setOption(
      {
        animation: false,
        grid: { left: 48, right: 12, top: 12, bottom: 36 },
        tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => String(v) },
        xAxis: {
          type: 'category',
          data: labels,
          name: String(props.histogram.metadata.name ?? ''),
          nameLocation: 'middle',
          nameGap: 24,
          axisLabel: { color: color('--afkit-fg-muted', '#666') },
          axisLine: { lineStyle: { color: color('--afkit-border', '#ccc') } },
        },
        yAxis: { type: 'value', axisLabel: { color: color('--afkit-fg-muted', '#666') }, splitLine: { lineStyle: { color: color('--afkit-border', '#eee') } } },
        series: [{ type: 'bar', data: Array.from(values), barCategoryGap: '0%', itemStyle: { color: color('--afkit-accent', '#1976d2') } }],
      },
      { notMerge: false },
    );
  }, [props.histogram, props.version]);
  return <div ref={element} className="afkit-ds-chart" role="img" aria-label={`Histogram of ${String(props.histogram.metadata.name ?? '')}`} />;
}
