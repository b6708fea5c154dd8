import type { CallOptions, Facility, FacilityInfo, Reachability } from '../Facility.ts';
import type { Listener, Unsubscribe } from '../Subscribable.ts';
import { httpRequest, type HttpRequestOptions, type HttpTarget } from './httpRequest.ts';
import { ReachabilityMonitor, type ReachabilityTiming } from './ReachabilityMonitor.ts';

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

  constructor(options: HttpFacilityOptions) {
    this.target = { url: options.url.replace(/\/+$/, ''), token: options.token, fetch: options.fetch };
    this.reachability = new ReachabilityMonitor((signal) => this.info({ signal }), options.reachability);
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
