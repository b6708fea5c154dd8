/** One worker to start. */
export interface WorkerSpec {
  /** Unique in its cluster; given to `dask-worker --name`. */
  readonly name: string;
  readonly schedulerAddress: string;
  readonly threads: number;
  readonly memoryBytes: number;
  /** The GPU index it is pinned to (dask-cuda style), if any. */
  readonly gpu?: number;
  readonly env: Readonly<Record<string, string>>;
  readonly logFile: string;
  /** Where the worker keeps its scratch files (inside the facility's state folder). */
  readonly localDirectory: string;
}

/** A started worker: a local process group or a Slurm job. */
export interface WorkerHandle {
  readonly name: string;
  /** Resolves with a reason when the worker has gone, for whatever cause. */
  readonly exited: Promise<string>;
  /** Stops it: waits `graceMs` if it was asked to close, then SIGTERM, then SIGKILL (or scancel). */
  stop(graceMs: number, askedToClose: boolean): Promise<void>;
}

/** Starts workers somewhere; the cluster manager does not care where. */
export interface WorkerLauncher {
  readonly kind: 'local' | 'slurm';
  /** Fails with a clear FacilityError when this backend cannot run here. */
  check(): Promise<void>;
  launch(spec: WorkerSpec): Promise<WorkerHandle>;
}

/** The `dask-worker` command line for a spec (the same for every backend). */
export function workerArgs(spec: WorkerSpec): string[] {
  const args = [
    spec.schedulerAddress,
    '--name', spec.name,
    '--nthreads', String(spec.threads),
    '--memory-limit', String(spec.memoryBytes),
    '--host', '127.0.0.1',
    '--no-nanny',
    '--no-dashboard',
    '--local-directory', spec.localDirectory,
  ];
  if (spec.gpu !== undefined) args.push('--resources', 'GPU=1');
  return args;
}

/** The environment of a worker: the given variables, plus `CUDA_VISIBLE_DEVICES` for a GPU worker. */
export function workerEnv(spec: WorkerSpec): Record<string, string> {
  const env: Record<string, string> = { ...spec.env };
  if (spec.gpu !== undefined) env.CUDA_VISIBLE_DEVICES = String(spec.gpu);
  return env;
}
