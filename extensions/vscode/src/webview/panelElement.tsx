import type { ReactElement } from 'react';
import type { PanelId } from '@afkit/core';
import { ClustersPanel } from '@afkit/cluster-panel';
import { DatasetsPanel } from '@afkit/dataset-browser';
import { HistogramsPanel } from '@afkit/hist-viewer/react';
import { JoinDesignerPanel } from '@afkit/join-designer';

const PANELS: Record<PanelId, () => ReactElement> = {
  clusters: () => <ClustersPanel />,
  datasets: () => <DatasetsPanel />,
  'join-designer': () => <JoinDesignerPanel />,
  histograms: () => <HistogramsPanel />,
};

/** Whether `value` names a panel, as read from the page's `data-panel` attribute. */
export function isPanelId(value: unknown): value is PanelId {
  return typeof value === 'string' && Object.hasOwn(PANELS, value);
}

/** The React element of a panel. */
export function panelElement(panel: PanelId): ReactElement {
  return PANELS[panel]();
}
