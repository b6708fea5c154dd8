import { memo, useMemo } from 'react';
import type { TaskStreamEvent } from '@afkit/core';

const LANE = 8;
const MAX_LANES = 60;

/** The task stream: one lane per worker, a bar per task run over the last seconds, coloured by task prefix. */
export const TaskStream = memo(function TaskStream(props: { events: readonly TaskStreamEvent[]; windowMs?: number }): JSX.Element {
  const windowMs = props.windowMs ?? 30_000;
  const { lanes, bars, end } = useMemo(() => {
    const end = props.events.reduce((m, e) => Math.max(m, e.stop), 0);
    const recent = props.events.filter((e) => e.stop >= end - windowMs);
    const lanes = [...new Set(recent.map((e) => e.worker))].sort().slice(0, MAX_LANES);
    const index = new Map(lanes.map((w, i) => [w, i]));
    const bars = recent.filter((e) => index.has(e.worker)).map((e) => ({ e, lane: index.get(e.worker)! }));
    return { lanes, bars, end };
  }, [props.events, windowMs]);
  if (bars.length === 0) return <p className="afkit-muted">No tasks in the last {windowMs / 1000} s.</p>;
  const width = 1000;
  const x = (t: number): number => ((t - (end - windowMs)) / windowMs) * width;
  return (
    <svg className="afkit-task-stream" viewBox={`0 0 ${width} ${lanes.length * LANE}`} preserveAspectRatio="none" width="100%" height={Math.max(40, lanes.length * LANE)} role="img" aria-label={`Task stream: ${bars.length} tasks on ${lanes.length} workers`}>
      {bars.map(({ e, lane }) => (
        <rect key={`${e.key}@${e.start}`} x={x(e.start)} y={lane * LANE + 1} width={Math.max(1, x(e.stop) - x(e.start))} height={LANE - 2} fill={e.status === 'error' ? 'var(--afkit-error)' : colourOf(e.prefix)}>
          <title>{`${e.key} on ${e.worker}: ${Math.round(e.stop - e.start)} ms`}</title>
        </rect>
      ))}
    </svg>
  );
});

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22'];

/** A stable colour per task prefix. */
export function colourOf(prefix: string): string {
  let hash = 0;
  for (let i = 0; i < prefix.length; i++) hash = (hash * 31 + prefix.charCodeAt(i)) | 0;
  return PALETTE[Math.abs(hash) % PALETTE.length]!;
}
