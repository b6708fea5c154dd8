import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { FacilityError, type AdaptRange, type ClusterOptionField, type GatewayClusterJson } from '@afkit/core';
import { clusterOptionFields, MAX_WORKERS, validateClusterOptions } from './clusterOptions.ts';
import { DaskCluster } from './DaskCluster.ts';
import { listGpus } from './gpus.ts';
import { LocalLauncher } from './launchers/LocalLauncher.ts';
import { SlurmLauncher } from './launchers/SlurmLauncher.ts';
import type { WorkerLauncher } from './launchers/WorkerLauncher.ts';
import { PidRegistry, defaultRegistryDir } from '../PidRegistry.ts';

/** Options of {@link ClusterManager}. */
export interface ClusterManagerOptions {
  /** The facility's state folder; each cluster gets a folder inside it. */
  readonly stateDir: string;
  /** Where pid files live (default: the per-user `~/.local/state/afkit/clusters`). */
  readonly registryDir?: string;
  /** Folder of the `dask-scheduler` and `dask-worker` entry points (default `/usr/bin`, Debian's). */
  readonly daskBin?: string;
  /** The GPU probe (default `nvidia-smi`). */
  readonly nvidiaSmi?: string;
}

/** The result of a scale or adapt request, in Dask Gateway's shape. */
export interface ScaleAnswer {
  readonly ok: boolean;
  readonly msg: string | null;
}

/** Every Dask cluster of a local facility: creates, scales, adapts and stops them, and reaps leftovers of crashed runs. */
export class ClusterManager {
  readonly registry: PidRegistry;
  private readonly clusters = new Map<string, DaskCluster>();
  private readonly launchers: Record<'local' | 'slurm', WorkerLauncher>;
  private readonly daskScheduler: string;

  constructor(private readonly config: ClusterManagerOptions) {
    this.registry = new PidRegistry(config.registryDir ?? defaultRegistryDir('clusters'));
    const bin = config.daskBin ?? '/usr/bin';
    this.daskScheduler = join(bin, 'dask-scheduler');
    this.launchers = {
      local: new LocalLauncher(this.registry, join(bin, 'dask-worker')),
      slurm: new SlurmLauncher(this.registry, join(bin, 'dask-worker')),
    };
  }

  options(): ClusterOptionField[] {
    return clusterOptionFields();
  }

  /** Validates the options, checks the backend and GPUs, and starts the cluster; resolves with its name at once. */
  async create(values: unknown): Promise<string> {
    const options = validateClusterOptions(values);
    const launcher = this.launchers[options.backend];
    await this.launchers.local.check();
    await launcher.check();
    let gpus: number[] = [];
    if (options.gpuWorkers !== 'none') {
      const found = await listGpus(this.config.nvidiaSmi);
      if (!found || found.length === 0) {
        throw new FacilityError('invalid-input', 'GPU workers were requested, but this machine has no NVIDIA GPU (nvidia-smi found none).', {
          hint: 'Choose "none" for GPU workers, or run the facility on a GPU node.',
        });
      }
      if (typeof options.gpuWorkers === 'number' && options.gpuWorkers > found.length) {
        throw new FacilityError('invalid-input', `gpu_workers must be <= ${found.length} (the GPUs of this machine), got ${options.gpuWorkers}`);
      }
      gpus = found.map((g) => g.index);
    }
    const name = randomBytes(16).toString('hex');
    const cluster = new DaskCluster(name, options, (values ?? {}) as Record<string, unknown>, {
      dir: join(this.config.stateDir, 'clusters', name),
      daskScheduler: this.daskScheduler,
      launcher,
      registry: this.registry,
      gpus,
    });
    this.clusters.set(name, cluster);
    return name;
  }

  list(statuses?: readonly string[]): GatewayClusterJson[] {
    return [...this.clusters.values()].map((c) => c.toJson()).filter((c) => !statuses || statuses.includes(c.status));
  }

  /** The cluster's model; with `wait`, once it is running (or failed). */
  async get(name: string, wait = false): Promise<GatewayClusterJson> {
    const cluster = this.find(name);
    if (wait) await cluster.whenSettled();
    return cluster.toJson();
  }

  /** The live cluster, for dashboards. */
  find(name: string): DaskCluster {
    const cluster = this.clusters.get(name);
    if (!cluster) throw new FacilityError('not-found', `Cluster ${name} not found`, { where: name });
    return cluster;
  }

  scale(name: string, count: unknown): ScaleAnswer {
    const cluster = this.find(name);
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
      throw new FacilityError('invalid-input', `count must be a non-negative integer, got ${JSON.stringify(count)}`);
    }
    if (count > MAX_WORKERS) return { ok: false, msg: `Scale request of ${count} workers would exceed resource limit of ${MAX_WORKERS} workers. Scaling to ${MAX_WORKERS} instead.` };
    cluster.scale(count);
    return { ok: true, msg: null };
  }

  adapt(name: string, body: unknown): ScaleAnswer {
    const cluster = this.find(name);
    const { minimum = 0, maximum = MAX_WORKERS, active = true } = (body ?? {}) as { minimum?: unknown; maximum?: unknown; active?: unknown };
    for (const [field, value] of [['minimum', minimum], ['maximum', maximum]] as const) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
        throw new FacilityError('invalid-input', `${field} must be a non-negative integer, got ${JSON.stringify(value)}`);
      }
    }
    const range: AdaptRange = { minimum: minimum as number, maximum: maximum as number };
    if (range.minimum > range.maximum) throw new FacilityError('invalid-input', `minimum (${range.minimum}) must be <= maximum (${range.maximum})`);
    if (active === false) {
      cluster.scale(cluster.target);
      return { ok: true, msg: null };
    }
    if (range.maximum > MAX_WORKERS) return { ok: false, msg: `Adapt maximum of ${range.maximum} would exceed resource limit of ${MAX_WORKERS} workers.` };
    cluster.adaptTo(range);
    return { ok: true, msg: null };
  }

  /** Stops a cluster; an unknown name is not an error (as in Dask Gateway). */
  async stop(name: string): Promise<void> {
    await this.clusters.get(name)?.stop();
  }

  /** Stops every cluster and removes the pid file. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.clusters.values()].map((c) => c.stop()));
    this.registry.killAllNow();
    this.registry.dispose();
  }
}
