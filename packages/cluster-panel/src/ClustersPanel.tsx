import { PanelFrame } from '@afkit/panel-kit';

/** The Clusters panel. */
export function ClustersPanel(): JSX.Element {
  return <PanelFrame title="Clusters" />;
}
