import type { CallOptions } from '../Facility.ts';
import type { SerializedFacilityError } from '../FacilityError.ts';
import type { Listener, Unsubscribe } from '../Subscribable.ts';

/** A cluster's life stage, as Dask Gateway names them (lower case). */
export type ClusterStatus = 'pending' | 'running' | 'stopping' | 'stopped' | 'failed';

/** Where a cluster's workers run. */
export type ClusterBackendKind = 'local' | 'slurm' | 'gateway' | 'labextension';

/** Adaptive scaling bounds, in workers. */
export interface AdaptRange {
  readonly minimum: number;
  readonly maximum: number;
}

/** Something that happened to a cluster that the user should see (a worker died and was replaced). */
export interface ClusterEvent {
  /** ms since the epoch. */
  readonly time: number;
  readonly level: 'info' | 'warning' | 'error';
  readonly message: string;
}

/** One cluster as every backend reports it; plain data, safe to send over the RPC bridge. */
export interface ClusterModel {
  readonly name: string;
  readonly status: ClusterStatus;
  readonly backend: ClusterBackendKind;
  /** `tcp://host:port`, when known; what `Client(...)` connects to. */
  readonly schedulerAddress?: string;
  /** A dashboard link or route, when the backend gives one. */
  readonly dashboardUrl?: string;
  /** Workers connected to the scheduler now. */
  readonly workers: number;
  /** Workers asked for (the scale target, or the adaptive target). */
  readonly requestedWorkers?: number;
  /** Threads over all connected workers. */
  readonly threads: number;
  /** Memory limit over all connected workers, in bytes. */
  readonly memory: number;
  /** GPUs over all connected workers (workers advertising the `GPU` resource). */
  readonly gpus: number;
  /** Present while adaptive scaling is on. */
  readonly adapt?: AdaptRange;
  /** ms since the epoch. */
  readonly startTime?: number;
  readonly stopTime?: number;
  /** The options it was created with. */
  readonly options: Readonly<Record<string, unknown>>;
  /** Why it failed, when it did. */
  readonly error?: string;
  /** Recent events, newest last. */
  readonly events?: readonly ClusterEvent[];
}

/** The value spec of one cluster option, in Dask Gateway's `/api/v1/options` shape. */
export type ClusterOptionSpec =
  | { readonly type: 'int'; readonly min?: number | null; readonly max?: number | null; readonly step?: number }
  | { readonly type: 'float'; readonly min?: number | null; readonly max?: number | null }
  | { readonly type: 'select'; readonly options: readonly string[] }
  | { readonly type: 'bool' }
  | { readonly type: 'string' };

/** One field of the create form, as Dask Gateway's `/api/v1/options` lists it. */
export interface ClusterOptionField {
  readonly field: string;
  readonly label: string;
  readonly default: unknown;
  readonly spec: ClusterOptionSpec;
}

/** The cluster list as a subscription delivers it: the last good list, and the last error if the latest poll failed. */
export interface ClusterListState {
  readonly clusters: readonly ClusterModel[];
  /** ms since the epoch of the last successful poll (0 before the first). */
  readonly updatedAt: number;
  readonly error?: SerializedFacilityError;
}

/** One row of the dashboard's workers table. */
export interface WorkerRow {
  readonly address: string;
  readonly name: string;
  readonly threads: number;
  /** Bytes. */
  readonly memoryUsed: number;
  readonly memoryLimit: number;
  /** Percent of one core, as Dask reports it (200 = two cores busy). */
  readonly cpu: number;
  /** The worker's `GPU` resource (0 for CPU workers). */
  readonly gpus: number;
  /** Tasks executing or ready on it. */
  readonly processing: number;
  readonly status: string;
}

/** One task run in the task stream. Times are ms since the epoch. */
export interface TaskStreamEvent {
  readonly key: string;
  /** The task prefix (`inc` for `inc-abc123`). */
  readonly prefix: string;
  readonly worker: string;
  readonly start: number;
  readonly stop: number;
  readonly status: 'ok' | 'error';
}

/** Cluster-wide load at one moment, for the charts over time. */
export interface DashboardSample {
  readonly time: number;
  /** Bytes used over all workers. */
  readonly memory: number;
  readonly memoryLimit: number;
  /** Mean CPU percent per worker. */
  readonly cpu: number;
  readonly workers: number;
}

/** Progress of one task prefix since the scheduler started. */
export interface PrefixProgress {
  readonly prefix: string;
  readonly total: number;
  readonly done: number;
  readonly erred: number;
}

/** Everything a Dask-style dashboard draws, as one plain snapshot delivered a few times per second. */
export interface DashboardState {
  readonly cluster: string;
  readonly schedulerAddress?: string;
  readonly workers: readonly WorkerRow[];
  readonly history: readonly DashboardSample[];
  /** Tasks the scheduler holds now, by state (`processing`, `memory`, `waiting`, `erred`, …). */
  readonly tasksByState: Readonly<Record<string, number>>;
  readonly progress: readonly PrefixProgress[];
  /** Recent task runs, oldest first. */
  readonly taskStream: readonly TaskStreamEvent[];
  /** Task runs seen since the scheduler started (more than `taskStream` keeps). */
  readonly tasksSeen: number;
  readonly updatedAt: number;
  readonly error?: SerializedFacilityError;
}

/** Values for the create form, keyed by option field. */
export type ClusterOptionValues = Readonly<Record<string, unknown>>;

/**
 * Dask clusters on a facility: one contract over Dask Gateway, dask-labextension and the local facility.
 * Subscriptions poll with backoff and stop when the last listener leaves.
 */
export interface ClustersService {
  /** The fields of the create form. */
  options(options?: CallOptions): Promise<ClusterOptionField[]>;
  list(options?: CallOptions): Promise<ClusterModel[]>;
  get(name: string, options?: CallOptions): Promise<ClusterModel>;
  /** The cluster list now and on every change; an error keeps the last good list. */
  subscribeClusters(listener: Listener<ClusterListState>): Unsubscribe;
  /** Creates a cluster; bad values fail with `invalid-input` and the backend's reason. */
  create(values: ClusterOptionValues, options?: CallOptions): Promise<ClusterModel>;
  /** Sets a fixed worker count (ends adaptive mode). */
  scale(name: string, workers: number, options?: CallOptions): Promise<void>;
  /** Turns adaptive scaling on between the bounds. */
  adapt(name: string, range: AdaptRange, options?: CallOptions): Promise<void>;
  /** Stops the cluster and everything it started. */
  stop(name: string, options?: CallOptions): Promise<void>;
  /** The cluster's dashboard data, a few updates per second. */
  subscribeDashboard(name: string, listener: Listener<DashboardState>): Unsubscribe;
}
