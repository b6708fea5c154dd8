export type {
  JoinsService,
  JsonObject,
  JoinDatasetSpec,
  JoinDatasetInfo,
  JoinKeySuggestion,
  JoinColumnInfo,
  JoinProgressEvent,
  JoinCallOptions,
  JoinJobState,
  JoinRunSummary,
  JoinRunResult,
  JoinPreviewTarget,
  JoinPreviewOptions,
} from './JoinsService.ts';
export { HttpJoins } from './HttpJoins.ts';
export type { FacilityRequest } from './HttpJoins.ts';
export { JOIN_ROUTES } from './JoinJobWire.ts';
export type { JoinJobWire } from './JoinJobWire.ts';
