import { memo, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { WorkerRow } from '@afkit/core';
import { formatBytes } from './format.ts';

const ROW_HEIGHT = 22;

/** The workers table, virtualised: only the visible rows are rendered, so 500 workers cost as little as 20. */
export function WorkersTable(props: { workers: readonly WorkerRow[]; height?: number }): JSX.Element {
  const { workers } = props;
  // Short clusters get a short table, so the charts below stay in view in a narrow sidebar.
  const height = Math.min(props.height ?? 240, Math.max(1, workers.length) * ROW_HEIGHT);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: workers.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    initialRect: { width: 400, height },
  });
  return (
    <div className="afkit-workers" role="table" aria-label="Workers" aria-rowcount={workers.length}>
      <div className="afkit-workers-row afkit-workers-header" role="row">
        <span role="columnheader">Name</span>
        <span role="columnheader" title="Threads">Thr</span>
        <span role="columnheader">Memory used / limit</span>
        <span role="columnheader">CPU</span>
        <span role="columnheader">GPU</span>
        <span role="columnheader" title="Tasks processing">Tasks</span>
      </div>
      <div ref={scroller} style={{ height, overflow: 'auto' }}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => (
            <Row key={workers[item.index]!.address} worker={workers[item.index]!} top={item.start} />
          ))}
        </div>
      </div>
    </div>
  );
}

// Rows compare by value, so an update that leaves a worker unchanged does not re-render it.
const Row = memo(
  function Row(props: { worker: WorkerRow; top: number }): JSX.Element {
    const w = props.worker;
    const fraction = w.memoryLimit > 0 ? w.memoryUsed / w.memoryLimit : 0;
    return (
      <div className="afkit-workers-row" role="row" style={{ position: 'absolute', top: props.top, height: ROW_HEIGHT, left: 0, right: 0 }} title={w.address}>
        <span role="cell">{w.name}</span>
        <span role="cell">{w.threads}</span>
        <span role="cell" className={fraction > 0.8 ? 'afkit-warn' : undefined}>
          {formatBytes(w.memoryUsed)} / {formatBytes(w.memoryLimit)}
        </span>
        <span role="cell">{Math.round(w.cpu)}%</span>
        <span role="cell">{w.gpus}</span>
        <span role="cell">{w.processing}</span>
      </div>
    );
  },
  (a, b) => a.top === b.top && shallowEqual(a.worker, b.worker),
);

function shallowEqual(a: WorkerRow, b: WorkerRow): boolean {
  return (
    a === b ||
    (a.address === b.address && a.name === b.name && a.threads === b.threads && a.memoryUsed === b.memoryUsed && a.memoryLimit === b.memoryLimit &&
      a.cpu === b.cpu && a.gpus === b.gpus && a.processing === b.processing && a.status === b.status)
  );
}
