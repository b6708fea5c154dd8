import type { SerializedFacilityError } from './FacilityError.ts';
import type { Listener, Unsubscribe } from './Subscribable.ts';
import type { DatasetsService } from './datasets/DatasetsService.ts';
import type { JoinsService } from './joins/JoinsService.ts';
import type { HistsService } from './hists/HistsService.ts';
import type { ClustersService } from './clusters/types.ts';

/** What a facility says about itself. */
export interface FacilityInfo {
  /** Human name, e.g. "Local facility" or "coffea-casa". */
  readonly name: string;
  /** The backend's software version. */
  readonly version: string;
  /** Which kind of backend answers. */
  readonly kind: 'local' | 'remote';
  /** The base URL calls go to. */
  readonly url: string;
  /** Feature names the backend serves, so panels can hide what it lacks. */
  readonly capabilities: readonly string[];
  /** When the backend started, in ms since the epoch. */
  readonly startedAt: number;
}

/** Whether the facility answers right now. */
export interface Reachability {
  readonly state: 'checking' | 'reachable' | 'unreachable';
  /** When this state was last confirmed, in ms since the epoch. */
  readonly checkedAt: number;
  /** Why it is unreachable, when it is. */
  readonly error?: SerializedFacilityError;
}

/** Options every request-style call accepts. */
export interface CallOptions {
  /** Aborting it cancels the call, across processes too. */
  readonly signal?: AbortSignal;
}

/**
 * The common client every panel talks to. A host hands one to its panels; the same contract is
 * implemented over HTTP (browser, Node) and proxied over the RPC bridge (VS Code webviews).
 *
 * Bridge convention: methods named `subscribe…` take a listener and return an {@link Unsubscribe}
 * synchronously; every other method returns a Promise.
 */
export interface Facility {
  /** Name, version and capabilities of the backend. */
  info(options?: CallOptions): Promise<FacilityInfo>;
  /** Reachability now and whenever it changes; the current state is delivered at once. */
  subscribeReachability(listener: Listener<Reachability>): Unsubscribe;
  /** Checks reachability now (a "Retry" button) instead of waiting for the next scheduled check. */
  checkReachability(): Promise<Reachability>;
  /** Column joins: suggest keys, validate, run with progress and cancel, preview, recent runs. */
  readonly joins: JoinsService;
  /** Live histograms: publish partials, list, subscribe to merged states. */
  readonly hists: HistsService;
  /** Dask clusters: list, create, scale, adapt, stop, dashboards. */
  readonly clusters: ClustersService;
  /** Datasets: sources, folders, files, trees, branches, previews and reads as Arrow IPC. */
  readonly datasets: DatasetsService;
}
