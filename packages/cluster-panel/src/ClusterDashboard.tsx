import { memo, useMemo } from 'react';
import type { DashboardState, PrefixProgress } from '@afkit/core';
import type { EChartsOption } from 'echarts';
import { EChart } from './EChart.tsx';
import { formatBytes } from './format.ts';
import { TaskStream, colourOf } from './TaskStream.tsx';
import { useKeyed } from './useKeyed.ts';
import { WorkersTable } from './WorkersTable.tsx';

/** A Dask-style dashboard drawn from one {@link DashboardState}: workers, memory and CPU over time, tasks by state, progress, task stream. */
export function ClusterDashboard(props: { state: DashboardState }): JSX.Element {
  const { state } = props;
  // Charts over minutes gain nothing from more than one redraw a second; tables and counts update every state.
  const history = useKeyed(state.history, `${state.history.length}:${Math.floor((state.history.at(-1)?.time ?? 0) / 1000)}`);
  const tasksByState = useKeyed(state.tasksByState, JSON.stringify(state.tasksByState));
  const memoryCpu = useMemo<EChartsOption>(
    () => ({
      animation: false,
      grid: { left: 64, right: 40, top: 24, bottom: 24 },
      legend: { data: ['memory', 'cpu'], top: 0 },
      tooltip: { trigger: 'axis' },
      // A value axis with clock labels draws faster than ECharts' time axis; in a narrow sidebar labels would collide.
      xAxis: { type: 'value', min: 'dataMin', max: 'dataMax', axisLabel: { formatter: clock, hideOverlap: true } },
      yAxis: [
        // Bytes in the unit that fits each tick (a 200 MiB cluster in GiB with one decimal repeats "0.1" down the axis).
        { type: 'value', axisLabel: { formatter: (v: number) => formatBytes(v, 0) } },
        { type: 'value', name: 'CPU %', max: (v: { max: number }) => Math.max(100, v.max) },
      ],
      series: [
        { name: 'memory', type: 'line', showSymbol: false, data: history.map((s) => [s.time, s.memory]) },
        { name: 'cpu', type: 'line', showSymbol: false, yAxisIndex: 1, data: history.map((s) => [s.time, s.cpu]) },
      ],
    }),
    [history],
  );
  const byState = useMemo<EChartsOption>(() => {
    const entries = Object.entries(tasksByState).filter(([, n]) => n > 0);
    return {
      animation: false,
      grid: { left: 80, right: 16, top: 8, bottom: 24 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: entries.map(([s]) => s) },
      series: [{ type: 'bar', data: entries.map(([, n]) => n) }],
    };
  }, [tasksByState]);
  const memory = state.workers.reduce((s, w) => s + w.memoryUsed, 0);
  const limit = state.workers.reduce((s, w) => s + w.memoryLimit, 0);

  return (
    <div className="afkit-dashboard">
      <p className="afkit-muted">
        {`${state.workers.length} workers · ${formatBytes(memory)} / ${formatBytes(limit)} · ${state.tasksSeen} tasks run`}
      </p>
      <h4>Workers</h4>
      <WorkersTable workers={state.workers} />
      <h4>Memory and CPU</h4>
      <EChart option={memoryCpu} height={160} label="Cluster memory and CPU over time" />
      <h4>Tasks by state</h4>
      <EChart option={byState} height={120} label="Tasks by state" />
      <h4>Progress</h4>
      <Progress progress={state.progress} />
      <h4>Task stream</h4>
      <TaskStream events={state.taskStream} />
    </div>
  );
}

function clock(ms: number): string {
  return new Date(ms).toTimeString().slice(0, 8);
}

const Progress = memo(function Progress(props: { progress: readonly PrefixProgress[] }): JSX.Element {
  if (props.progress.length === 0) return <p className="afkit-muted">No tasks yet.</p>;
  return (
    <ul className="afkit-progress">
      {props.progress.map((p) => (
        <li key={p.prefix} aria-label={`${p.prefix}: ${p.done} of ${p.total}`}>
          <span>{p.prefix}</span>
          <span className="afkit-progress-bar">
            <span style={{ width: `${p.total ? (100 * p.done) / p.total : 0}%`, background: colourOf(p.prefix) }} />
            {p.erred > 0 && <span style={{ width: `${(100 * p.erred) / p.total}%`, background: 'var(--afkit-error)' }} />}
          </span>
          <span className="afkit-muted">{`${p.done}/${p.total}`}</span>
        </li>
      ))}
    </ul>
  );
});
