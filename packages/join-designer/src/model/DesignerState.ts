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

/** A design from a saved plan (the reverse of {@link toJoinPlan}); fields of the wrong type fall back to the defaults. */
export function fromJoinPlan(json: unknown): DesignerState {
  const base = emptyDesign();
  const plan = record(json);
  const primary = record(plan.primary);
  const output = record(plan.output);
  const keys = list(plan.keys)
    .map(record)
    .filter((k) => typeof k.name === 'string' && k.name !== '')
    .map((k): JoinKeySuggestion => ({ name: k.name as string, type: k.type === 'uint32' ? 'uint32' : 'uint64' }));
  return {
    primary: { filesText: filesText(primary), tree: text(primary.tree) },
    friends: list(plan.friends).map((value, i) => {
      const f = record(value);
      const keyMap = Object.fromEntries(Object.entries(record(f.keyMap)).filter((e): e is [string, string] => typeof e[1] === 'string'));
      return {
        ...newFriend(i + 1),
        ...(typeof f.name === 'string' ? { name: f.name } : {}),
        filesText: filesText(f),
        tree: text(f.tree),
        keyMap,
        prefix: text(f.prefix),
        columns: list(f.columns).map((c) => (typeof c === 'string' ? { name: c, as: '' } : { name: text(record(c).name), as: text(record(c).as) })),
      };
    }),
    keys: keys.length > 0 ? keys : base.keys,
    kind: oneOf(plan.kind, ['inner', 'left', 'right', 'outer'], base.kind),
    duplicates: oneOf(plan.duplicates, ['error', 'first', 'all'], base.duplicates),
    outputDir: text(output.dir),
    format: oneOf(output.format, ['arrow', 'parquet', 'root'], base.format),
  };
}

const record = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const filesText = (dataset: Record<string, unknown>): string => list(dataset.files).filter((f): f is string => typeof f === 'string').join('\n');
const oneOf = <T extends string>(value: unknown, allowed: readonly T[], fallback: T): T => (allowed.includes(value as T) ? (value as T) : fallback);
