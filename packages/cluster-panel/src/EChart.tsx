import { useEffect, useRef } from 'react';
import * as echarts from 'echarts';

/** An ECharts chart that follows its option; the chart is created once and updated in place (cheap per update). */
export function EChart(props: { option: echarts.EChartsOption; height: number; label: string }): JSX.Element {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts>();
  useEffect(() => {
    if (!ref.current) return;
    const instance = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(() => instance.resize());
    observer?.observe(ref.current);
    return () => {
      observer?.disconnect();
      instance.dispose();
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(props.option);
  }, [props.option]);
  return <div ref={ref} style={{ height: props.height, width: '100%' }} role="img" aria-label={props.label} />;
}
