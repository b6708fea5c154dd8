import { cpus, totalmem } from 'node:os';
import { FacilityError, type ClusterOptionField } from '@afkit/core';

/** The validated options of a local-facility cluster. */
export interface LocalClusterOptions {
  readonly backend: 'local' | 'slurm';
  /** CPU workers. */
  readonly workers: number;
  readonly workerThreads: number;
  readonly workerMemoryBytes: number;
  /** GPU workers: none, all GPUs, or a count. */
  readonly gpuWorkers: 'none' | 'all' | number;
  readonly environment: Readonly<Record<string, string>>;
}

/** Upper bound of workers per cluster (scale requests above it answer `ok: false`, as a gateway does). */
export const MAX_WORKERS = 64;

const GIB = 2 ** 30;

/** The create form's fields, in Dask Gateway's `/api/v1/options` shape. */
export function clusterOptionFields(): ClusterOptionField[] {
  const maxMemoryGiB = Math.floor((totalmem() / GIB) * 4) / 4;
  return [
    { field: 'backend', label: 'Backend', default: 'local', spec: { type: 'select', options: ['local', 'slurm'] } },
    { field: 'workers', label: 'Workers', default: 2, spec: { type: 'int', min: 0, max: MAX_WORKERS, step: 1 } },
    { field: 'worker_threads', label: 'Threads per worker', default: 1, spec: { type: 'int', min: 1, max: Math.max(1, cpus().length * 4), step: 1 } },
    { field: 'worker_memory', label: 'Memory per worker (GiB)', default: 1, spec: { type: 'float', min: 0.25, max: maxMemoryGiB } },
    { field: 'gpu_workers', label: 'GPU workers', default: 'none', spec: { type: 'select', options: ['none', 'all', '1', '2', '3', '4', '5', '6', '7', '8'] } },
    { field: 'environment', label: 'Environment (KEY=VALUE, space separated)', default: '', spec: { type: 'string' } },
  ];
}

/** Checks create values against the fields; failures read like Dask Gateway's 422 messages. */
export function validateClusterOptions(values: unknown): LocalClusterOptions {
  if (values !== undefined && (typeof values !== 'object' || values === null || Array.isArray(values))) {
    throw invalid('cluster_options must be an object');
  }
  const given = (values ?? {}) as Record<string, unknown>;
  const fields = clusterOptionFields();
  const unknown = Object.keys(given).filter((k) => !fields.some((f) => f.field === k));
  if (unknown.length > 0) throw invalid(`Unknown fields [${unknown.sort().map((k) => `'${k}'`).join(', ')}]`);
  const value = (field: ClusterOptionField): unknown => checkField(field, given[field.field] ?? field.default);
  const byName = Object.fromEntries(fields.map((f) => [f.field, value(f)]));
  const gpu = byName.gpu_workers as string;
  return {
    backend: byName.backend as 'local' | 'slurm',
    workers: byName.workers as number,
    workerThreads: byName.worker_threads as number,
    workerMemoryBytes: Math.round((byName.worker_memory as number) * GIB),
    gpuWorkers: gpu === 'none' || gpu === 'all' ? gpu : Number(gpu),
    environment: parseEnvironment(byName.environment as string),
  };
}

function checkField(field: ClusterOptionField, raw: unknown): unknown {
  const { spec } = field;
  const name = field.field;
  switch (spec.type) {
    case 'int': {
      if (typeof raw !== 'number' || !Number.isInteger(raw)) throw invalid(`${name} must be an integer, got ${repr(raw)}`);
      if (spec.min != null && raw < spec.min) throw invalid(`${name} must be >= ${spec.min}, got ${raw}`);
      if (spec.max != null && raw > spec.max) throw invalid(`${name} must be <= ${spec.max}, got ${raw}`);
      return raw;
    }
    case 'float': {
      if (typeof raw !== 'number' || !Number.isFinite(raw)) throw invalid(`${name} must be a number, got ${repr(raw)}`);
      if (spec.min != null && raw < spec.min) throw invalid(`${name} must be >= ${spec.min.toFixed(6)}, got ${raw}`);
      if (spec.max != null && raw > spec.max) throw invalid(`${name} must be <= ${spec.max.toFixed(6)}, got ${raw}`);
      return raw;
    }
    case 'select':
      if (typeof raw !== 'string' || !spec.options.includes(raw)) {
        throw invalid(`${name} must be one of [${spec.options.map((o) => `'${o}'`).join(', ')}], got ${repr(raw)}`);
      }
      return raw;
    case 'bool':
      if (typeof raw !== 'boolean') throw invalid(`${name} must be a bool, got ${repr(raw)}`);
      return raw;
    case 'string':
      if (typeof raw !== 'string') throw invalid(`${name} must be a string, got ${repr(raw)}`);
      return raw;
  }
}

function parseEnvironment(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of text.split(/\s+/).filter(Boolean)) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(entry);
    if (!match) throw invalid(`environment entries must be KEY=VALUE, got '${entry}'`);
    env[match[1]!] = match[2]!;
  }
  return env;
}

function repr(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value) ?? String(value);
}

function invalid(message: string): FacilityError {
  return new FacilityError('invalid-input', message);
}
