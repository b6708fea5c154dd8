export { joinsFeature } from './joinsFeature.ts';
export type { JoinsFeatureOptions } from './joinsFeature.ts';
export { resolvePlan } from './resolvePlan.ts';
export { runJoinToFolder, REPORT_FILE } from './runJoinToFolder.ts';
export { expandFiles } from './expandFiles.ts';
export type { SlurmJoinOptions } from './slurm/SlurmJoinOptions.ts';
export type { FacilityJoinReport, JoinExecutorNote } from './slurm/chooseExecutor.ts';
