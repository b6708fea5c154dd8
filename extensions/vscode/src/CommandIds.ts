/** The commands the extension contributes; package.json's `contributes.commands` lists the same ids. */
export const CommandIds = {
  openClusters: 'afkit.openClusters',
  openDatasets: 'afkit.openDatasets',
  openJoinDesigner: 'afkit.openJoinDesigner',
  openHistograms: 'afkit.openHistograms',
  setFacilityToken: 'afkit.setFacilityToken',
} as const;
