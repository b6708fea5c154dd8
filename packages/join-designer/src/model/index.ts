export type { DesignerState, DatasetDraft, FriendDraft, ColumnChoice } from './DesignerState.ts';
export { DEFAULT_KEYS, emptyDesign, newFriend, splitFiles, toJoinPlan, fromJoinPlan } from './DesignerState.ts';
export { pythonSnippet } from './pythonSnippet.ts';
export type { SnippetPlan } from './pythonSnippet.ts';
export { formatCell } from './formatCell.ts';
