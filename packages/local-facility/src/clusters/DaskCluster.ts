import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FacilityError, type AdaptRange, type ClusterEvent, type ClusterStatus, type GatewayClusterJson } from '@afkit/core';
import { daskCall } from '@afkit/core/node';
import type { LocalClusterOptions } from './clusterOptions.ts';
import type { WorkerHandle, WorkerLauncher } from './launchers/WorkerLauncher.ts';
import type { PidRegistry } from '../PidRegistry.ts';
import { spawnDetached, stopGroup, within } from './processes.ts';
import { SchedulerMonitor } from './SchedulerMonitor.ts';

/** The scheduler routes afkit reads (JSON API included), as HOSTS.md documents. */
const HTTP_ROUTES = JSON.stringify([
  'distributed.http.scheduler.api',
  'distributed.http.scheduler.prometheus',
  'distributed.http.scheduler.info',
  'distributed.http.scheduler.json',
  'distributed.http.health',
  'distributed.http.proxy',
  'distributed.http.statics',
]);
const RETIRE_GRACE_MS = 5_000;
const STOP_GRACE_MS = 3_000;
const ADAPT_MS = 1_000;
/** Dask's Adaptive waits this many low readings before scaling down, so bursts do not thrash workers. */
const ADAPT_DOWN_AFTER = 3;
const DEATHS_BEFORE_FAILING = 5;
const DEATH_WINDOW_MS = 60_000;

/** What a cluster needs from its manager. */
export interface DaskClusterContext {
  readonly dir: string;
  readonly daskScheduler: string;
  readonly launcher: WorkerLauncher;
  readonly registry: PidRegistry;
  readonly gpus: readonly number[];
}

interface RunningWorker {
  readonly handle: WorkerHandle;
  readonly gpu?: number;
  readonly startedAt: number;
}

/**
 * One Dask cluster: a `dask-scheduler` process and its workers (local processes or Slurm jobs). Keeps the
 * requested size (replacing workers that die), follows the scheduler's adaptive target, and retires cleanly.
 */
export class DaskCluster {
  status: ClusterStatus = 'pending';
  error: string | undefined;
  readonly startTime = Date.now();
  stopTime: number | undefined;
  target: number;
  adapt: AdaptRange | undefined;
  monitor: SchedulerMonitor | undefined;
  private readonly events: ClusterEvent[] = [];
  private readonly workers = new Map<string, RunningWorker>();
  private readonly retiring = new Set<string>();
  private readonly deaths: number[] = [];
  private scheduler: ChildProcess | undefined;
  private seq = 0;
  private queue: Promise<void> = Promise.resolve();
  private adaptTimer: ReturnType<typeof setInterval> | undefined;
  private lowReadings = 0;
  private readonly ready: Promise<void>;

  constructor(
    readonly name: string,
    readonly options: LocalClusterOptions,
    readonly rawOptions: Record<string, unknown>,
    private readonly context: DaskClusterContext,
  ) {
    this.target = options.workers;
    mkdirSync(context.dir, { recursive: true });
    this.ready = this.start().catch((error: unknown) => this.fail(FacilityError.from(error).message));
  }

  /** Resolves once the cluster is running, failed or stopped. */
  whenSettled(): Promise<void> {
    return this.ready;
  }

  /** The Dask Gateway model, with afkit's extras. */
  toJson(): GatewayClusterJson {
    const rows = this.monitor?.workers ?? [];
    return {
      name: this.name,
      dashboard_route: null,
      status: this.status.toUpperCase() as GatewayClusterJson['status'],
      start_time: this.startTime,
      stop_time: this.stopTime ?? null,
      options: this.rawOptions,
      tls_cert: null,
      tls_key: null,
      afkit: {
        backend: this.options.backend,
        scheduler_address: this.monitor?.schedulerAddress,
        workers: this.status === 'running' ? rows.length : 0,
        requested_workers: this.target + this.gpuIndexes().length,
        threads: rows.reduce((s, r) => s + r.threads, 0),
        memory: rows.reduce((s, r) => s + r.memoryLimit, 0),
        gpus: rows.reduce((s, r) => s + r.gpus, 0),
        adapt: this.adapt ?? null,
        error: this.error,
        events: this.events.slice(-20),
      },
    };
  }

  /** Sets a fixed number of CPU workers (turning adaptive off). */
  scale(count: number): void {
    this.requireActive();
    this.setAdapt(undefined);
    this.target = count;
    this.reconcile();
  }

  /** Follows the scheduler's adaptive target between the bounds. */
  adaptTo(range: AdaptRange): void {
    this.requireActive();
    this.setAdapt(range);
    this.target = Math.min(Math.max(this.target, range.minimum), range.maximum);
    this.reconcile();
  }

  /** Stops every worker, then the scheduler. */
  async stop(): Promise<void> {
    if (this.status === 'stopped' || this.status === 'stopping' || this.status === 'failed') return this.queue;
    this.status = 'stopping';
    this.setAdapt(undefined);
    this.target = 0;
    this.queue = this.queue.then(async () => {
      this.monitor?.stop();
      await Promise.all([...this.workers.keys()].map((name) => this.stopWorker(name, false)));
      if (this.scheduler) {
        await stopGroup(this.scheduler, STOP_GRACE_MS, false);
        if (this.scheduler.pid) this.context.registry.removeGroup(this.scheduler.pid);
      }
      this.status = this.error === undefined ? 'stopped' : 'failed';
      this.stopTime = Date.now();
    });
    return this.queue;
  }

  private async start(): Promise<void> {
    const file = join(this.context.dir, 'scheduler.json');
    const logFile = join(this.context.dir, 'scheduler.log');
    const scheduler = spawnDetached(
      this.context.daskScheduler,
      ['--host', '127.0.0.1', '--port', '0', '--dashboard-address', '127.0.0.1:0', '--scheduler-file', file],
      { env: { ...process.env, DASK_DISTRIBUTED__SCHEDULER__HTTP__ROUTES: HTTP_ROUTES }, logFile, cwd: this.context.dir },
    );
    this.scheduler = scheduler;
    if (scheduler.pid) this.context.registry.addGroup(scheduler.pid);
    scheduler.once('exit', (code, signal) => {
      if (this.status === 'running' || this.status === 'pending') {
        void this.fail(`The scheduler exited (${signal ?? `code ${code}`}): ${tail(logFile)}`);
      }
    });
    const { address, dashboard } = await readSchedulerFile(file, scheduler, logFile);
    if (this.status !== 'pending') return;
    this.monitor = new SchedulerMonitor(this.name, address, `http://127.0.0.1:${dashboard}`, (connected) => connected !== this.workers.size);
    this.status = 'running';
    for (const gpu of this.gpuIndexes()) this.launch(gpu);
    void this.reconcileNow();
    // Started after the launches so that its first polls are the fast ones of a settling cluster.
    this.monitor.start();
  }

  private gpuIndexes(): number[] {
    const { gpuWorkers } = this.options;
    if (gpuWorkers === 'none') return [];
    return gpuWorkers === 'all' ? [...this.context.gpus] : this.context.gpus.slice(0, gpuWorkers);
  }

  private setAdapt(range: AdaptRange | undefined): void {
    this.adapt = range;
    this.lowReadings = 0;
    clearInterval(this.adaptTimer);
    this.adaptTimer = range ? setInterval(() => void this.followAdaptiveTarget(), ADAPT_MS) : undefined;
  }

  private async followAdaptiveTarget(): Promise<void> {
    const range = this.adapt;
    if (!range || !this.monitor || this.status !== 'running') return;
    let wanted: number;
    try {
      wanted = await this.monitor.adaptiveTarget();
    } catch {
      return;
    }
    const next = Math.min(Math.max(wanted, range.minimum), range.maximum);
    if (next > this.target) {
      this.lowReadings = 0;
      this.target = next;
      this.reconcile();
    } else if (next < this.target && ++this.lowReadings >= ADAPT_DOWN_AFTER) {
      this.lowReadings = 0;
      this.target = next;
      this.reconcile();
    } else if (next === this.target) this.lowReadings = 0;
  }

  /** Brings the CPU workers to the target, one change at a time. */
  private reconcile(): void {
    this.queue = this.queue.then(() => this.reconcileNow());
  }

  private async reconcileNow(): Promise<void> {
    if (this.status !== 'running') return;
    const cpu = [...this.workers].filter(([name, w]) => w.gpu === undefined && !this.retiring.has(name)).map(([name]) => name);
    if (cpu.length < this.target) for (let i = cpu.length; i < this.target; i++) this.launch(undefined);
    else if (cpu.length > this.target) await this.retire(cpu, cpu.length - this.target);
  }

  private launch(gpu: number | undefined): void {
    const address = this.monitor?.schedulerAddress;
    if (!address) return;
    const name = `${this.name.slice(0, 8)}-${gpu === undefined ? '' : 'gpu'}${++this.seq}`;
    const spec = {
      name,
      schedulerAddress: address,
      threads: this.options.workerThreads,
      memoryBytes: this.options.workerMemoryBytes,
      gpu,
      env: this.options.environment,
      logFile: join(this.context.dir, `${name}.log`),
      localDirectory: join(this.context.dir, 'workers'),
    };
    const launching = this.context.launcher.launch(spec);
    // Reserve the slot now so that concurrent reconciles do not launch twice.
    const placeholder: RunningWorker = { handle: { name, exited: launching.then((h) => h.exited), stop: async (g, a) => (await launching).stop(g, a) }, gpu, startedAt: Date.now() };
    this.workers.set(name, placeholder);
    launching.then(
      (handle) => void handle.exited.then((reason) => this.onWorkerExit(name, reason, gpu)),
      (error: unknown) => {
        this.workers.delete(name);
        void this.fail(FacilityError.from(error).message);
      },
    );
  }

  private onWorkerExit(name: string, reason: string, gpu: number | undefined): void {
    this.workers.delete(name);
    if (this.retiring.delete(name) || this.status !== 'running') return;
    const now = Date.now();
    this.deaths.push(now);
    while (this.deaths.length && this.deaths[0]! < now - DEATH_WINDOW_MS) this.deaths.shift();
    if (this.deaths.length >= DEATHS_BEFORE_FAILING) {
      void this.fail(`Workers keep dying (${this.deaths.length} in a minute; the last ${reason}). See ${join(this.context.dir, `${name}.log`)}.`);
      return;
    }
    this.note('warning', `Worker ${name} died (${reason}); starting a replacement.`);
    if (gpu !== undefined) this.launch(gpu);
    else this.reconcile();
  }

  /** Retires `count` workers: those not yet connected first, then the least busy through Dask's `retire_workers`. */
  private async retire(names: string[], count: number): Promise<void> {
    const rows = this.monitor?.workers ?? [];
    const connected = new Map(rows.map((r) => [r.name, r]));
    const order = [...names].sort((a, b) => (connected.get(a)?.processing ?? -1) - (connected.get(b)?.processing ?? -1));
    const chosen = order.slice(0, count);
    for (const name of chosen) this.retiring.add(name);
    const addresses = chosen.map((n) => connected.get(n)?.address).filter((a): a is string => a !== undefined);
    let asked = false;
    if (addresses.length > 0 && this.monitor) {
      try {
        await daskCall(this.monitor.schedulerAddress, 'retire_workers', { workers: addresses, close_workers: true, remove: true });
        asked = true;
      } catch (error) {
        this.note('warning', `Dask could not retire workers cleanly (${FacilityError.from(error).message}); stopping them.`);
      }
    }
    await Promise.all(chosen.map((name) => this.stopWorker(name, asked && connected.has(name))));
  }

  private async stopWorker(name: string, askedToClose: boolean): Promise<void> {
    const worker = this.workers.get(name);
    if (!worker) return;
    this.retiring.add(name);
    await worker.handle.stop(askedToClose ? RETIRE_GRACE_MS : STOP_GRACE_MS, askedToClose);
    await within(worker.handle.exited, STOP_GRACE_MS);
    this.workers.delete(name);
  }

  private requireActive(): void {
    if (this.status === 'stopped' || this.status === 'stopping' || this.status === 'failed') {
      throw new FacilityError('conflict', `Cluster ${this.name} is ${this.status}.`, { where: this.name });
    }
  }

  private note(level: ClusterEvent['level'], message: string): void {
    this.events.push({ time: Date.now(), level, message });
    if (this.events.length > 100) this.events.shift();
  }

  private async fail(message: string): Promise<void> {
    if (this.error !== undefined || this.status === 'stopped') return;
    this.error = message;
    this.note('error', message);
    // Leave nothing running behind a failed cluster.
    await this.stop();
  }
}

async function readSchedulerFile(file: string, scheduler: ChildProcess, logFile: string): Promise<{ address: string; dashboard: number }> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (scheduler.exitCode !== null || scheduler.signalCode !== null) throw new FacilityError('backend', `dask-scheduler exited at start: ${tail(logFile)}`);
    if (existsSync(file)) {
      try {
        const json = JSON.parse(readFileSync(file, 'utf8')) as { address?: string; services?: { dashboard?: number } };
        if (json.address && json.services?.dashboard) return { address: json.address, dashboard: json.services.dashboard };
      } catch {
        // Half-written: read again.
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new FacilityError('timeout', 'dask-scheduler did not write its scheduler file within 60 s.', { where: file });
}

function tail(logFile: string): string {
  try {
    return readFileSync(logFile, 'utf8').trim().split('\n').slice(-3).join(' | ');
  } catch {
    return 'no log';
  }
}
