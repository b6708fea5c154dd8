import type { PanelId } from '@afkit/core';

/** The command IDs of afkit's JupyterLab extension. */
export namespace CommandIDs {
  export const openClusters = 'afkit:open-clusters';
  export const openDatasets = 'afkit:open-datasets';
  export const openJoinDesigner = 'afkit:open-join-designer';
  export const openHistograms = 'afkit:open-histograms';
  export const openWithAfkit = 'afkit:open-with';

  /** The command that opens each panel, for `HostApi.openPanel`. */
  export const openPanel: Readonly<Record<PanelId, string>> = {
    clusters: openClusters,
    datasets: openDatasets,
    'join-designer': openJoinDesigner,
    histograms: openHistograms,
  };
}

/** The command palette category of afkit's commands. */
export const PALETTE_CATEGORY = 'Analysis Facility';
