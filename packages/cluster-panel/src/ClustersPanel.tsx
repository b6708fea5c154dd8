import { useMemo, useState } from 'react';
import type { ClusterListState } from '@afkit/core';
import { PanelFrame, usePanelContext, useSubscription } from '@afkit/panel-kit';
import { ClusterCard } from './ClusterCard.tsx';
import { ClusterDashboard } from './ClusterDashboard.tsx';
import { CreateClusterForm } from './CreateClusterForm.tsx';
import { shortName } from './format.ts';
import { useDashboard } from './useDashboard.ts';
import './clusters.css';

const EMPTY: ClusterListState = { clusters: [], updatedAt: 0 };

/** The Clusters panel: every cluster of the facility, a create form, controls, and a dashboard per cluster. */
export function ClustersPanel(): JSX.Element {
  const { facility, host } = usePanelContext();
  // Over the RPC bridge every property read makes a new proxy: keep one, or effects keyed on it would rerun each render.
  const clusters = useMemo(() => facility.clusters, [facility]);
  const list = useSubscription<ClusterListState>((l) => clusters.subscribeClusters(l), EMPTY, [clusters]);
  const [creating, setCreating] = useState(false);
  const [dashboard, setDashboard] = useState<string>();

  return (
    <PanelFrame title="Clusters" requires="clusters">
      {dashboard ? (
        <DashboardView name={dashboard} onBack={() => setDashboard(undefined)} />
      ) : (
        <>
          <div className="afkit-cluster-toolbar">
            <button type="button" className="afkit-button" onClick={() => setCreating((c) => !c)}>{creating ? 'Cancel' : 'New cluster'}</button>
          </div>
          {creating && <CreateClusterForm clusters={clusters} onCreated={() => setCreating(false)} />}
          {list.error && <div className="afkit-error-box" role="alert">{list.error.message}{list.error.hint && <p className="afkit-hint">{list.error.hint}</p>}</div>}
          {list.updatedAt > 0 && list.clusters.length === 0 && <p className="afkit-muted">No clusters yet.</p>}
          <ul className="afkit-cluster-list">
            {list.clusters.map((c) => (
              <ClusterCard key={c.name} cluster={c} clusters={clusters} host={host} onOpenDashboard={setDashboard} />
            ))}
          </ul>
        </>
      )}
    </PanelFrame>
  );
}

function DashboardView(props: { name: string; onBack: () => void }): JSX.Element {
  const { facility } = usePanelContext();
  const clusters = useMemo(() => facility.clusters, [facility]);
  const { state, error } = useDashboard(clusters, props.name);
  return (
    <div>
      <button type="button" className="afkit-button afkit-secondary" onClick={props.onBack}>← Clusters</button> <strong>Dashboard of {shortName(props.name)}</strong>
      {error && <div className="afkit-error-box" role="alert">{error.message}</div>}
      {state ? <ClusterDashboard state={state} /> : !error && <p className="afkit-muted">Connecting to the scheduler…</p>}
    </div>
  );
}
