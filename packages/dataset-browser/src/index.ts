export { DatasetsPanel } from './DatasetsPanel.tsx';
export type { DatasetsPanelProps } from './DatasetsPanel.tsx';
export { BranchIndex } from './branchIndex.ts';
export type { BranchGroup, BranchRow } from './branchIndex.ts';
export { formatCell } from './formatCell.ts';
export { histogramBranch, firstAxis } from './histogramBranch.ts';
export type { HistogramTarget, HistogramProgress, HistogramBranchOptions } from './histogramBranch.ts';
