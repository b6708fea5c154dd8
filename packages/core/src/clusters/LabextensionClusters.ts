import type { CallOptions } from '../Facility.ts';
import { FacilityError } from '../FacilityError.ts';
import type { Listener, Unsubscribe } from '../Subscribable.ts';
import type { GatewayRequest } from './GatewayClusters.ts';
import { emptyDashboard } from './emptyDashboard.ts';
import { Poller } from './Poller.ts';
import { pollerToClusterList } from './pollerToClusterList.ts';
import type { AdaptRange, ClusterListState, ClusterModel, ClusterOptionField, ClusterOptionValues, ClustersService, DashboardState } from './types.ts';

/** A cluster as dask-labextension's `/dask/clusters` answers it. */
export interface LabextensionClusterJson {
  readonly id: string;
  readonly name: string;
  readonly scheduler_address: string;
  readonly dashboard_link: string;
  readonly workers: number;
  /** Formatted by Dask, e.g. "7.63 GiB". */
  readonly memory: string;
  readonly cores: number;
  readonly adapt: AdaptRange | null;
}

/** The clusters a JupyterLab server with dask-labextension manages (`/dask/clusters`); it has no options or dashboard stream. */
export class LabextensionClusters implements ClustersService {
  private readonly poller: Poller<ClusterModel[]>;

  /** `request` calls the Jupyter server (base URL included) with its token. */
  constructor(private readonly request: GatewayRequest, pollIntervalMs = 2_000) {
    this.poller = new Poller((signal) => this.list({ signal }), { intervalMs: pollIntervalMs, maxBackoffMs: 60_000 });
  }

  async options(): Promise<ClusterOptionField[]> {
    return [];
  }

  async list(options: CallOptions = {}): Promise<ClusterModel[]> {
    const json = await this.request<unknown>('/dask/clusters', { signal: options.signal });
    if (!Array.isArray(json)) throw malformed('/dask/clusters', 'the cluster list is not an array');
    return json.map((c) => toModel(c, '/dask/clusters'));
  }

  async get(name: string, options: CallOptions = {}): Promise<ClusterModel> {
    const path = `/dask/clusters/${encodeURIComponent(name)}`;
    return toModel(await this.request(path, { signal: options.signal }), path);
  }

  subscribeClusters(listener: Listener<ClusterListState>): Unsubscribe {
    return pollerToClusterList(this.poller, listener);
  }

  async create(_values: ClusterOptionValues, options: CallOptions = {}): Promise<ClusterModel> {
    const model = toModel(await this.request('/dask/clusters', { method: 'PUT', signal: options.signal, timeoutMs: 60_000 }), '/dask/clusters');
    this.poller.refresh();
    return model;
  }

  async scale(name: string, workers: number, options: CallOptions = {}): Promise<void> {
    await this.patch(name, { workers, adapt: null }, options);
  }

  async adapt(name: string, range: AdaptRange, options: CallOptions = {}): Promise<void> {
    await this.patch(name, { adapt: { minimum: range.minimum, maximum: range.maximum } }, options);
  }

  async stop(name: string, options: CallOptions = {}): Promise<void> {
    await this.request(`/dask/clusters/${encodeURIComponent(name)}`, { method: 'DELETE', signal: options.signal });
    this.poller.refresh();
  }

  subscribeDashboard(name: string, listener: Listener<DashboardState>): Unsubscribe {
    const error = new FacilityError('unsupported', 'dask-labextension serves Bokeh dashboards only, not afkit dashboard data.', { where: name });
    listener(emptyDashboard(name, error.toJSON()));
    return () => {};
  }

  private async patch(name: string, body: Record<string, unknown>, options: CallOptions): Promise<void> {
    const current = await this.request<Record<string, unknown>>(`/dask/clusters/${encodeURIComponent(name)}`, { signal: options.signal });
    await this.request(`/dask/clusters/${encodeURIComponent(name)}`, { method: 'PATCH', body: { ...current, ...body }, signal: options.signal });
    this.poller.refresh();
  }
}

function toModel(json: unknown, where: string): ClusterModel {
  const c = json as Partial<LabextensionClusterJson> | null;
  if (typeof c?.id !== 'string' || typeof c.scheduler_address !== 'string') throw malformed(where, 'a cluster has no id or scheduler address');
  return {
    name: c.id,
    status: 'running',
    backend: 'labextension',
    schedulerAddress: c.scheduler_address,
    dashboardUrl: c.dashboard_link,
    workers: c.workers ?? 0,
    threads: c.cores ?? 0,
    memory: parseDaskBytes(c.memory ?? '0 B'),
    gpus: 0,
    adapt: c.adapt ?? undefined,
    options: { displayName: c.name },
  };
}

const UNITS: Record<string, number> = { B: 1, kiB: 2 ** 10, KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40, kB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12 };

/** Parses Dask's `format_bytes` output ("7.63 GiB") back into bytes. */
export function parseDaskBytes(text: string): number {
  const match = /^\s*([\d.]+)\s*([A-Za-z]+)?\s*$/.exec(text);
  if (!match) return 0;
  return Math.round(Number(match[1]) * (UNITS[match[2] ?? 'B'] ?? 1));
}

function malformed(where: string, what: string): FacilityError {
  return new FacilityError('bad-response', `dask-labextension answered something unexpected: ${what}.`, { where });
}
