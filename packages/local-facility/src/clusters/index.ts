export { clustersFeature } from './clustersFeature.ts';
export type { ClustersFeatureOptions } from './clustersFeature.ts';
export { ClusterManager } from './ClusterManager.ts';
export type { ClusterManagerOptions, ScaleAnswer } from './ClusterManager.ts';
export { clusterOptionFields, validateClusterOptions, MAX_WORKERS } from './clusterOptions.ts';
export type { LocalClusterOptions } from './clusterOptions.ts';
export { listGpus, parseNvidiaSmi } from './gpus.ts';
export type { GpuInfo } from './gpus.ts';
export { defaultRegistryDir } from '../PidRegistry.ts';
