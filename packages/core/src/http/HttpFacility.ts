import type { CallOptions, Facility, FacilityInfo, Reachability } from '../Facility.ts';
import type { Listener, Unsubscribe } from '../Subscribable.ts';
import { httpRequest, type HttpRequestOptions, type HttpTarget } from './httpRequest.ts';
import { ReachabilityMonitor, type ReachabilityTiming } from './ReachabilityMonitor.ts';
import { HttpDatasets } from '../datasets/HttpDatasets.ts';
import { HttpJoins } from '../joins/HttpJoins.ts';
import { HttpHists } from '../hists/HttpHists.ts';
import { GatewayClusters } from '../clusters/GatewayClusters.ts';
import type { DashboardState } from '../clusters/types.ts';
import { emptyDashboard } from '../clusters/emptyDashboard.ts';
import { subscribeSocket } from './subscribeSocket.ts';

/** Options of {@link HttpFacility}. */
export interface HttpFacilityOptions extends HttpTarget {
  readonly reachability?: Partial<ReachabilityTiming>;
}

/**
 * The `Facility` implementation that talks to a facility server over HTTP: the local facility, or a
 * remote one that speaks afkit's routes. Runs in browsers and in Node (VS Code's extension host).
 */
export class HttpFacility implements Facility {
  readonly target: HttpTarget;
  private readonly reachability: ReachabilityMonitor;
  readonly datasets: HttpDatasets;
  readonly joins: HttpJoins;
  readonly hists: HttpHists;
  /** Clusters over the Dask Gateway routes the local facility speaks, with its dashboard stream. */
  readonly clusters: GatewayClusters;

  constructor(options: HttpFacilityOptions) {
    this.target = { url: options.url.replace(/\/+$/, ''), token: options.token, fetch: options.fetch, WebSocket: options.WebSocket };
    this.reachability = new ReachabilityMonitor((signal) => this.info({ signal }), options.reachability);
    this.datasets = new HttpDatasets(this.target, (path, opts) => this.request(path, opts));
    this.joins = new HttpJoins((path, opts) => this.request(path, opts));
    this.hists = new HttpHists(this.target, (path, opts) => this.request(path, opts));
    this.clusters = new GatewayClusters({
      request: (path, opts) => this.request(path, opts),
      subscribeDashboard: (name, listener) =>
        subscribeSocket<DashboardState>(this.target, `/api/afkit/clusters/${encodeURIComponent(name)}/dashboard`, {
          onMessage: listener,
          onError: (error) => {
            if (error) listener(emptyDashboard(name, error.toJSON()));
          },
        }),
    });
  }

  info(options: CallOptions = {}): Promise<FacilityInfo> {
    return this.request<FacilityInfo>('/api/afkit/info', { signal: options.signal, timeoutMs: 5_000 });
  }

  subscribeReachability(listener: Listener<Reachability>): Unsubscribe {
    return this.reachability.subscribe(listener);
  }

  checkReachability(): Promise<Reachability> {
    return this.reachability.checkNow();
  }

  /** One call to a facility route, with afkit's error mapping; services on this facility share it. */
  request<T>(path: string, options?: HttpRequestOptions): Promise<T> {
    return httpRequest<T>(this.target, path, options);
  }
}
