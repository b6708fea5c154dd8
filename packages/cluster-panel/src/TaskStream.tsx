import { memo, useLayoutEffect, useMemo, useRef, type MouseEvent } from 'react';
import type { TaskStreamEvent } from '@afkit/core';

const LANE = 8;
const MAX_LANES = 60;
const WIDTH = 1000;

/**
 * The task stream: one lane per worker, a bar per task run over the last seconds, coloured by task prefix.
 * Drawn on a canvas: hundreds of bars per update would be hundreds of DOM nodes otherwise.
 */
export const TaskStream = memo(function TaskStream(props: { events: readonly TaskStreamEvent[]; windowMs?: number }): JSX.Element {
  const windowMs = props.windowMs ?? 30_000;
  const canvas = useRef<HTMLCanvasElement>(null);
  const layout = useMemo(() => {
    const end = props.events.reduce((m, e) => Math.max(m, e.stop), 0);
    const recent = props.events.filter((e) => e.stop >= end - windowMs);
    const lanes = [...new Set(recent.map((e) => e.worker))].sort().slice(0, MAX_LANES);
    const index = new Map(lanes.map((w, i) => [w, i]));
    const bars = recent.filter((e) => index.has(e.worker)).map((e) => ({ e, lane: index.get(e.worker)! }));
    return { lanes, bars, start: end - windowMs };
  }, [props.events, windowMs]);
  const x = (t: number): number => ((t - layout.start) / windowMs) * WIDTH;

  useLayoutEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    context.clearRect(0, 0, WIDTH, layout.lanes.length * LANE);
    const error = getComputedStyle(canvas.current!).getPropertyValue('--afkit-error') || '#d32f2f';
    for (const { e, lane } of layout.bars) {
      context.fillStyle = e.status === 'error' ? error : colourOf(e.prefix);
      context.fillRect(x(e.start), lane * LANE + 1, Math.max(1, x(e.stop) - x(e.start)), LANE - 2);
    }
  });

  // The task under the pointer becomes the canvas's tooltip.
  const hover = (event: MouseEvent<HTMLCanvasElement>): void => {
    const box = event.currentTarget.getBoundingClientRect();
    const lane = Math.floor(((event.clientY - box.top) / box.height) * layout.lanes.length);
    const t = layout.start + ((event.clientX - box.left) / box.width) * windowMs;
    const hit = layout.bars.find(({ e, lane: l }) => l === lane && e.start <= t && t <= e.stop)?.e;
    event.currentTarget.title = hit ? `${hit.key} on ${hit.worker}: ${Math.round(hit.stop - hit.start)} ms` : '';
  };

  if (layout.bars.length === 0) return <p className="afkit-muted">No tasks in the last {windowMs / 1000} s.</p>;
  return (
    <canvas
      ref={canvas}
      className="afkit-task-stream"
      width={WIDTH}
      height={layout.lanes.length * LANE}
      style={{ width: '100%', height: Math.max(40, layout.lanes.length * LANE) }}
      onMouseMove={hover}
      role="img"
      aria-label={`Task stream: ${layout.bars.length} tasks on ${layout.lanes.length} workers`}
    />
  );
});

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22'];

/** A stable colour per task prefix. */
export function colourOf(prefix: string): string {
  let hash = 0;
  for (let i = 0; i < prefix.length; i++) hash = (hash * 31 + prefix.charCodeAt(i)) | 0;
  return PALETTE[Math.abs(hash) % PALETTE.length]!;
}
