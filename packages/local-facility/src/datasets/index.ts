export { datasetsFeature } from './datasetsFeature.ts';
export type { DatasetsFeatureOptions } from './datasetsFeature.ts';
export { defaultRoots } from './DatasetRoots.ts';
export type { RootConfig } from './DatasetRoots.ts';
export { writeSampleDataset, ensureSampleDataset, SAMPLE_FIRST_EVENT } from './sampleData.ts';
export type { SampleDatasetOptions } from './sampleData.ts';
