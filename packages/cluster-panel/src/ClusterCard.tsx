import { memo, useState } from 'react';
import { clientCode, type ClusterModel, type ClustersService, type HostApi } from '@afkit/core';
import { messageOf } from './CreateClusterForm.tsx';
import { formatBytes, shortName } from './format.ts';

/** One cluster in the list: its facts, scale and adapt controls, client code, dashboard and stop. */
export const ClusterCard = memo(function ClusterCard(props: {
  cluster: ClusterModel;
  clusters: ClustersService;
  host: HostApi;
  onOpenDashboard: (name: string) => void;
}): JSX.Element {
  const { cluster: c, clusters, host } = props;
  const [count, setCount] = useState(String(c.requestedWorkers ?? c.workers));
  const [min, setMin] = useState(String(c.adapt?.minimum ?? 0));
  const [max, setMax] = useState(String(c.adapt?.maximum ?? 4));
  const [error, setError] = useState<string>();
  const [note, setNote] = useState<string>();
  const active = c.status === 'running' || c.status === 'pending';
  const act = (run: () => Promise<unknown>): void => {
    setError(undefined);
    run().catch((e: unknown) => setError(messageOf(e)));
  };
  const code = c.schedulerAddress ? clientCode(c.schedulerAddress) : undefined;
  const lastEvent = c.events?.at(-1);

  return (
    <li className={`afkit-cluster afkit-cluster-${c.status}`} aria-label={`Cluster ${c.name}`}>
      <div className="afkit-cluster-head">
        <strong title={c.name}>{shortName(c.name)}</strong> <span className="afkit-badge">{c.status}</span> <span className="afkit-muted">{c.backend}</span>
      </div>
      <dl className="afkit-cluster-facts">
        <dt>Workers</dt>
        <dd data-testid="workers">{c.requestedWorkers !== undefined && c.requestedWorkers !== c.workers ? `${c.workers} → ${c.requestedWorkers}` : String(c.workers)}</dd>
        <dt>Threads</dt>
        <dd>{c.threads}</dd>
        <dt>Memory</dt>
        <dd>{formatBytes(c.memory)}</dd>
        <dt>GPUs</dt>
        <dd>{c.gpus}</dd>
        <dt>Adapt</dt>
        <dd>{c.adapt ? `${c.adapt.minimum}–${c.adapt.maximum}` : 'off'}</dd>
      </dl>
      {c.error && <div className="afkit-error-box">{c.error}</div>}
      {lastEvent && !c.error && <div className={`afkit-muted afkit-event-${lastEvent.level}`}>{lastEvent.message}</div>}
      {active && (
        <div className="afkit-cluster-controls">
          <label>
            Scale <input className="afkit-input afkit-narrow" type="number" min={0} value={count} onChange={(e) => setCount(e.target.value)} aria-label="Workers" />
          </label>
          <button type="button" className="afkit-button afkit-secondary" onClick={() => act(() => clusters.scale(c.name, Number(count)))}>Scale</button>
          <label>
            Adapt <input className="afkit-input afkit-narrow" type="number" min={0} value={min} onChange={(e) => setMin(e.target.value)} aria-label="Minimum" />
            –<input className="afkit-input afkit-narrow" type="number" min={0} value={max} onChange={(e) => setMax(e.target.value)} aria-label="Maximum" />
          </label>
          <button type="button" className="afkit-button afkit-secondary" onClick={() => act(() => clusters.adapt(c.name, { minimum: Number(min), maximum: Number(max) }))}>Adapt</button>
        </div>
      )}
      <div className="afkit-cluster-actions">
        {c.status === 'running' && (
          <button type="button" className="afkit-button afkit-secondary" onClick={() => props.onOpenDashboard(c.name)}>Dashboard</button>
        )}
        {code && (
          <>
            <button type="button" className="afkit-button afkit-secondary" onClick={() => act(() => navigator.clipboard.writeText(code).then(() => setNote('Copied.')))}>Copy client code</button>
            <button
              type="button"
              className="afkit-button afkit-secondary"
              onClick={() => act(() => host.insertCode(code).then((ok) => setNote(ok ? 'Inserted.' : 'Open a notebook first.')))}
            >
              Insert into notebook
            </button>
          </>
        )}
        {active && <button type="button" className="afkit-button afkit-secondary" onClick={() => act(() => clusters.stop(c.name))}>Stop</button>}
      </div>
      {note && <div className="afkit-muted" role="status">{note}</div>}
      {error && <div className="afkit-error-box" role="alert">{error}</div>}
    </li>
  );
});
