import { FacilityError } from '../FacilityError.ts';
import type { AdaptRange, ClusterBackendKind, ClusterEvent, ClusterModel, ClusterOptionField, ClusterStatus } from './types.ts';

/** Dask Gateway's status names, upper case on the wire. */
export type GatewayStatus = 'PENDING' | 'RUNNING' | 'STOPPING' | 'STOPPED' | 'FAILED';

/** What the local facility adds to a Dask Gateway cluster model (real gateways leave it out). */
export interface AfkitClusterExtras {
  readonly backend: ClusterBackendKind;
  readonly scheduler_address?: string;
  readonly workers: number;
  readonly requested_workers: number;
  readonly threads: number;
  readonly memory: number;
  readonly gpus: number;
  readonly adapt: AdaptRange | null;
  readonly error?: string;
  readonly events: readonly ClusterEvent[];
}

/** A cluster as `GET /api/v1/clusters/{name}` answers it. */
export interface GatewayClusterJson {
  readonly name: string;
  readonly dashboard_route: string | null;
  readonly status: GatewayStatus;
  readonly start_time: number | null;
  readonly stop_time: number | null;
  readonly options: Record<string, unknown>;
  readonly tls_cert?: string | null;
  readonly tls_key?: string | null;
  readonly afkit?: AfkitClusterExtras;
}

const STATUSES: ReadonlySet<string> = new Set(['PENDING', 'RUNNING', 'STOPPING', 'STOPPED', 'FAILED']);

/** Checks one cluster answer from a gateway and turns it into afkit's model. */
export function parseGatewayCluster(json: unknown, where: string): ClusterModel {
  if (typeof json !== 'object' || json === null) throw malformed(where, 'a cluster is not an object');
  const c = json as Partial<GatewayClusterJson>;
  if (typeof c.name !== 'string') throw malformed(where, 'a cluster has no name');
  if (typeof c.status !== 'string' || !STATUSES.has(c.status.toUpperCase())) throw malformed(where, `cluster ${c.name} has status ${String(c.status)}`);
  const extras = c.afkit;
  const options = typeof c.options === 'object' && c.options !== null ? c.options : {};
  return {
    name: c.name,
    status: c.status.toLowerCase() as ClusterStatus,
    backend: extras?.backend ?? 'gateway',
    schedulerAddress: extras?.scheduler_address,
    dashboardUrl: c.dashboard_route ?? undefined,
    workers: extras?.workers ?? 0,
    requestedWorkers: extras?.requested_workers,
    threads: extras?.threads ?? 0,
    memory: extras?.memory ?? 0,
    gpus: extras?.gpus ?? 0,
    adapt: extras?.adapt ?? undefined,
    startTime: c.start_time ?? undefined,
    stopTime: c.stop_time ?? undefined,
    options,
    error: extras?.error,
    events: extras?.events,
  };
}

/** Checks `GET /api/v1/clusters/` (an object keyed by name). */
export function parseGatewayClusterList(json: unknown, where: string): ClusterModel[] {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw malformed(where, 'the cluster list is not an object keyed by name');
  return Object.values(json).map((c) => parseGatewayCluster(c, where));
}

/** Checks `GET /api/v1/options`. */
export function parseGatewayOptions(json: unknown, where: string): ClusterOptionField[] {
  const fields = (json as { cluster_options?: unknown } | null)?.cluster_options;
  if (!Array.isArray(fields)) throw malformed(where, 'no cluster_options list');
  for (const f of fields) {
    const field = f as Partial<ClusterOptionField> | null;
    if (typeof field?.field !== 'string' || typeof field.spec?.type !== 'string') throw malformed(where, 'a cluster option has no field or spec type');
  }
  return fields as ClusterOptionField[];
}

function malformed(where: string, what: string): FacilityError {
  return new FacilityError('bad-response', `The cluster backend answered something unexpected: ${what}.`, {
    where,
    hint: 'Is the URL pointing at a Dask Gateway or an afkit facility?',
  });
}
