export type {
  BranchInfo,
  BranchListing,
  DatasetEntry,
  DatasetFile,
  DatasetFormat,
  DatasetProgress,
  DatasetSource,
  DatasetSpec,
  DatasetSummary,
  DatasetsService,
  FolderListing,
  LongCallOptions,
  PreviewOptions,
  ReadOptions as DatasetReadOptions,
  ReadSummary,
  TreeInfo,
} from './DatasetsService.ts';
export { HttpDatasets, DATASETS_ROUTE } from './HttpDatasets.ts';
export { encodeFrame, decodeFrames, FRAMES_CONTENT_TYPE } from './frames.ts';
export type { Frame } from './frames.ts';
