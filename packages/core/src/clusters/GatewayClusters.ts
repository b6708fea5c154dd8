import type { CallOptions } from '../Facility.ts';
import { FacilityError } from '../FacilityError.ts';
import type { HttpRequestOptions } from '../http/httpRequest.ts';
import type { Listener, Unsubscribe } from '../Subscribable.ts';
import { parseGatewayCluster, parseGatewayClusterList, parseGatewayOptions } from './gatewayWire.ts';
import { emptyDashboard } from './emptyDashboard.ts';
import { Poller } from './Poller.ts';
import { pollerToClusterList } from './pollerToClusterList.ts';
import type { AdaptRange, ClusterListState, ClusterModel, ClusterOptionField, ClusterOptionValues, ClustersService, DashboardState } from './types.ts';

/** One call to a Dask Gateway-shaped server, with afkit's error mapping (see `httpRequest`). */
export type GatewayRequest = <T>(path: string, options?: HttpRequestOptions) => Promise<T>;

/** Options of {@link GatewayClusters}. */
export interface GatewayClustersOptions {
  readonly request: GatewayRequest;
  /** Where dashboards come from; a plain Dask Gateway serves none, so the default reports `unsupported`. */
  readonly subscribeDashboard?: (name: string, listener: Listener<DashboardState>) => Unsubscribe;
  /** Cluster list polling interval (default 2 s) and the backoff cap (default 60 s, as dask-labextension). */
  readonly pollIntervalMs?: number;
  readonly maxBackoffMs?: number;
}

type ScaleAnswer = { ok?: boolean; msg?: string | null };

/** The clusters of a Dask Gateway, or of the local facility, which speaks the same routes. */
export class GatewayClusters implements ClustersService {
  private readonly request: GatewayRequest;
  private readonly poller: Poller<ClusterModel[]>;
  private readonly dashboard: (name: string, listener: Listener<DashboardState>) => Unsubscribe;

  constructor(options: GatewayClustersOptions) {
    this.request = options.request;
    this.poller = new Poller((signal) => this.list({ signal }), {
      intervalMs: options.pollIntervalMs ?? 2_000,
      maxBackoffMs: options.maxBackoffMs ?? 60_000,
    });
    this.dashboard = options.subscribeDashboard ?? unsupportedDashboard;
  }

  async options(options: CallOptions = {}): Promise<ClusterOptionField[]> {
    return parseGatewayOptions(await this.request('/api/v1/options', { signal: options.signal }), '/api/v1/options');
  }

  async list(options: CallOptions = {}): Promise<ClusterModel[]> {
    return parseGatewayClusterList(await this.request('/api/v1/clusters/', { signal: options.signal }), '/api/v1/clusters/');
  }

  async get(name: string, options: CallOptions = {}): Promise<ClusterModel> {
    const path = clusterPath(name);
    return parseGatewayCluster(await this.request(path, { signal: options.signal }), path);
  }

  subscribeClusters(listener: Listener<ClusterListState>): Unsubscribe {
    return pollerToClusterList(this.poller, listener);
  }

  async create(values: ClusterOptionValues, options: CallOptions = {}): Promise<ClusterModel> {
    const created = await this.request<{ name?: unknown }>('/api/v1/clusters/', {
      method: 'POST',
      body: { cluster_options: values },
      signal: options.signal,
      timeoutMs: 60_000,
    });
    if (typeof created?.name !== 'string') throw new FacilityError('bad-response', 'Creating a cluster answered no cluster name.', { where: '/api/v1/clusters/' });
    this.poller.refresh();
    return this.get(created.name, options);
  }

  async scale(name: string, workers: number, options: CallOptions = {}): Promise<void> {
    await this.changeSize(`${clusterPath(name)}/scale`, { count: workers }, options);
  }

  async adapt(name: string, range: AdaptRange, options: CallOptions = {}): Promise<void> {
    await this.changeSize(`${clusterPath(name)}/adapt`, { minimum: range.minimum, maximum: range.maximum, active: true }, options);
  }

  async stop(name: string, options: CallOptions = {}): Promise<void> {
    await this.request(clusterPath(name), { method: 'DELETE', signal: options.signal, timeoutMs: 60_000 });
    this.poller.refresh();
  }

  subscribeDashboard(name: string, listener: Listener<DashboardState>): Unsubscribe {
    return this.dashboard(name, listener);
  }

  private async changeSize(path: string, body: unknown, options: CallOptions): Promise<void> {
    const answer = await this.request<ScaleAnswer>(path, { method: 'POST', body, signal: options.signal });
    // A gateway answers 200 with ok:false when the request exceeds its limits.
    if (answer?.ok === false) throw new FacilityError('invalid-input', answer.msg ?? 'The gateway refused the new size.', { where: path });
    this.poller.refresh();
  }
}

function clusterPath(name: string): string {
  return `/api/v1/clusters/${encodeURIComponent(name)}`;
}

function unsupportedDashboard(name: string, listener: Listener<DashboardState>): Unsubscribe {
  const error = new FacilityError('unsupported', 'This Dask Gateway serves no afkit dashboard stream.', {
    where: name,
    hint: 'Open the cluster through the local facility, or use the dashboard link of the gateway.',
  });
  listener(emptyDashboard(name, error.toJSON()));
  return () => {};
}
