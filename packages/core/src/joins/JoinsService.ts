import type { CallOptions } from '../Facility.ts';
import type { SerializedFacilityError } from '../FacilityError.ts';

/**
 * A JSON object as it crosses HTTP and the RPC bridge. Join plans and reports travel in this form; their typed shapes
 * (`JoinPlan`, `ValidationReport`, `JoinReport`) live in `@afkit/join-engine`, which core may not import.
 */
export type JsonObject = { readonly [key: string]: unknown };

/** A dataset named by its files (paths or globs such as `/data/nano_*.root`) and, for ROOT, its tree. */
export interface JoinDatasetSpec {
  readonly files: readonly string[];
  readonly tree?: string;
}

/** One event-key column proposed for a dataset, with the exact width it is normalised to. */
export interface JoinKeySuggestion {
  readonly name: string;
  readonly type: 'uint32' | 'uint64';
}

/** A column of a dataset, as the join designer's pickers show it. */
export interface JoinColumnInfo {
  readonly name: string;
  /** Readable type: `int32`, `uint64`, `var * float32`. */
  readonly type: string;
}

/** What {@link JoinsService.suggestKeys} learns from a dataset's first file: its files, rows, columns and keys. */
export interface JoinDatasetInfo {
  /** The files after glob expansion, in order. */
  readonly files: readonly string[];
  readonly format: string;
  /** Entries of the first file. */
  readonly firstFileRows: number;
  readonly columns: readonly JoinColumnInfo[];
  /** Suggested keys (CMS, ATLAS, EventInfo forms); empty when no convention fits. */
  readonly keys: readonly JoinKeySuggestion[];
}

/** Progress of a validation (key scan) or a run: phase, rows done and rows to do in it. */
export interface JoinProgressEvent {
  readonly phase: 'scan' | 'join' | 'write';
  readonly done: number;
  readonly total: number;
  readonly message?: string;
}

/** Options of the long join calls: cancellation (which reaches the running engine) and progress. */
export interface JoinCallOptions extends CallOptions {
  readonly onProgress?: (progress: JoinProgressEvent) => void;
}

/** Where a join job stands. */
export type JoinJobState = 'running' | 'succeeded' | 'failed' | 'cancelled';

/** One join run as the facility remembers it. */
export interface JoinRunSummary {
  readonly id: string;
  readonly state: JoinJobState;
  /** Ms since the epoch. */
  readonly startedAt: number;
  readonly finishedAt?: number;
  /** The folder holding one sub-folder of friend files per friend, and `join-report.json` once it succeeded. */
  readonly outputDir: string;
  readonly friends: readonly string[];
  readonly progress?: JoinProgressEvent;
  readonly error?: SerializedFacilityError;
}

/** A finished run: its summary, the plan as the facility resolved it (globs expanded, output folder set) and the join report. */
export interface JoinRunResult<Report = JsonObject> {
  readonly run: JoinRunSummary;
  readonly plan: JsonObject;
  readonly report: Report;
}

/** Which joined output to preview: a run, and one of its friends (the first by default). */
export interface JoinPreviewTarget {
  readonly runId: string;
  readonly friend?: string;
}

/** Options of {@link JoinsService.preview}. */
export interface JoinPreviewOptions extends CallOptions {
  /** Rows to return from the start of the output (default 200). */
  readonly limit?: number;
}

/**
 * Column joins on a facility: suggest keys, validate a plan with a fast key scan, run it server-side with progress and
 * cancel, preview the output, list recent runs. `Validation` and `Report` are `@afkit/join-engine`'s
 * `ValidationReport` and `JoinReport`, carried as JSON (64-bit keys as decimal strings).
 */
export interface JoinsService<Validation = JsonObject, Report = JsonObject> {
  /** Expands a dataset's files, reads the first one's schema and proposes event keys. */
  suggestKeys(dataset: JoinDatasetSpec, options?: CallOptions): Promise<JoinDatasetInfo>;
  /** The per-friend validation report of a plan; fails with `invalid-input` on a bad plan or a missing key branch. */
  validate(plan: JsonObject, options?: JoinCallOptions): Promise<Validation>;
  /** Runs a plan; outputs appear only when it succeeds (a failed or cancelled run leaves none). */
  run(plan: JsonObject, options?: JoinCallOptions): Promise<JoinRunResult<Report>>;
  /** The first rows of a run's joined output, as Arrow IPC stream bytes. */
  preview(output: JoinPreviewTarget, options?: JoinPreviewOptions): Promise<Uint8Array>;
  /** Recent runs, newest first. */
  listRuns(options?: CallOptions): Promise<JoinRunSummary[]>;
}
