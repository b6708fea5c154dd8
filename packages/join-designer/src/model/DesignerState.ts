import type { JoinDatasetInfo, JoinKeySuggestion, JsonObject } from '@afkit/core';
import type { DuplicatePolicy, JoinKind, OutputFormat } from '@afkit/join-engine';

/** A dataset as the user types it: files (paths or globs, one per line or comma-separated), the ROOT tree, and what the facility found. */
export interface DatasetDraft {
  readonly filesText: string;
  readonly tree: string;
  /** Set once the facility has read the first file (rows, columns, suggested keys). */
  readonly info?: JoinDatasetInfo;
}

/** A friend column chosen to bring, with its optional new name. */
export interface ColumnChoice {
  readonly name: string;
  readonly as: string;
}

/** A friend dataset being designed. */
export interface FriendDraft extends DatasetDraft {
  /** Stable React key. */
  readonly id: number;
  readonly name: string;
  /** Primary key name → this friend's column, where they differ. */
  readonly keyMap: Readonly<Record<string, string>>;
  readonly columns: readonly ColumnChoice[];
  readonly prefix: string;
}

/** Everything the designer edits; {@link toJoinPlan} turns it into a plan. */
export interface DesignerState {
  readonly primary: DatasetDraft;
  readonly friends: readonly FriendDraft[];
  readonly keys: readonly JoinKeySuggestion[];
  readonly kind: JoinKind;
  readonly duplicates: DuplicatePolicy;
  /** Empty: the facility's default folder. */
  readonly outputDir: string;
  readonly format: OutputFormat;
}

/** CMS NanoAOD keys, the starting point before the facility suggests others. */
export const DEFAULT_KEYS: readonly JoinKeySuggestion[] = [
  { name: 'run', type: 'uint32' },
  { name: 'luminosityBlock', type: 'uint32' },
  { name: 'event', type: 'uint64' },
];

/** An empty design. */
export function emptyDesign(): DesignerState {
  return { primary: { filesText: '', tree: '' }, friends: [], keys: DEFAULT_KEYS, kind: 'left', duplicates: 'error', outputDir: '', format: 'arrow' };
}

/** A new friend numbered `id`, named `friend<id>`. */
export function newFriend(id: number): FriendDraft {
  return { id, name: `friend${id}`, filesText: '', tree: '', keyMap: {}, columns: [], prefix: '' };
}

/** The file list of a text field: one path or glob per line or comma, blanks dropped. */
export function splitFiles(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** The JoinPlan JSON of a design (version 1), as validate, run and "save plan" use it. */
export function toJoinPlan(state: DesignerState): JsonObject {
  const dataset = (d: DatasetDraft) => ({ files: d.info?.files ?? splitFiles(d.filesText), ...(d.tree.trim() ? { tree: d.tree.trim() } : {}) });
  return {
    version: 1,
    primary: dataset(state.primary),
    friends: state.friends.map((f) => {
      const keyMap = Object.fromEntries(Object.entries(f.keyMap).filter(([k, v]) => v !== '' && v !== k && state.keys.some((key) => key.name === k)));
      return {
        name: f.name,
        ...dataset(f),
        ...(Object.keys(keyMap).length > 0 ? { keyMap } : {}),
        columns: f.columns.map((c) => (c.as.trim() && c.as.trim() !== `${f.prefix}${c.name}` ? { name: c.name, as: c.as.trim() } : c.name)),
        ...(f.prefix ? { prefix: f.prefix } : {}),
      };
    }),
    keys: state.keys.map((k) => ({ ...k })),
    kind: state.kind,
    duplicates: state.duplicates,
    output: { ...(state.outputDir.trim() ? { dir: state.outputDir.trim() } : {}), format: state.format },
  };
}

/** A design from a saved plan (the reverse of {@link toJoinPlan}); unknown fields are ignored. */
export function fromJoinPlan(json: unknown): DesignerState {
  const plan = (typeof json === 'object' && json !== null ? json : {}) as Record<string, any>;
  const base = emptyDesign();
  const files = (d: any): string => (Array.isArray(d?.files) ? d.files.join('\n') : '');
  return {
    primary: { filesText: files(plan.primary), tree: typeof plan.primary?.tree === 'string' ? plan.primary.tree : '' },
    friends: (Array.isArray(plan.friends) ? plan.friends : []).map((f: any, i: number) => ({
      ...newFriend(i + 1),
      name: typeof f?.name === 'string' ? f.name : `friend${i + 1}`,
      filesText: files(f),
      tree: typeof f?.tree === 'string' ? f.tree : '',
      keyMap: typeof f?.keyMap === 'object' && f.keyMap !== null ? f.keyMap : {},
      prefix: typeof f?.prefix === 'string' ? f.prefix : '',
      columns: (Array.isArray(f?.columns) ? f.columns : []).map((c: any) => (typeof c === 'string' ? { name: c, as: '' } : { name: String(c?.name ?? ''), as: String(c?.as ?? '') })),
    })),
    keys: Array.isArray(plan.keys) ? plan.keys : base.keys,
    kind: plan.kind ?? base.kind,
    duplicates: plan.duplicates ?? base.duplicates,
    outputDir: typeof plan.output?.dir === 'string' ? plan.output.dir : '',
    format: plan.output?.format ?? base.format,
  };
}
