export { joinsFeature } from './joinsFeature.ts';
export type { JoinsFeatureOptions } from './joinsFeature.ts';
export { resolvePlan } from './resolvePlan.ts';
export { runJoinToFolder, REPORT_FILE } from './runJoinToFolder.ts';
export { expandFiles } from './expandFiles.ts';
