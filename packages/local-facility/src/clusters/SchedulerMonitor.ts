import { FacilityError, type DashboardSample, type DashboardState, type Listener, type PrefixProgress, type TaskStreamEvent, type Unsubscribe, type WorkerRow } from '@afkit/core';
import WebSocket from 'ws';
import { parsePrometheus } from './prometheus.ts';

const WORKERS_POLL_MS = 500;
/** While workers come and go, poll faster so that they are visible as soon as they connect. */
const WORKERS_POLL_FAST_MS = 100;
const DASHBOARD_MS = 250;
const HISTORY = 240;
const TASK_STREAM_KEEP = 2_000;

/** A worker as the scheduler's `/json/identity.json` lists it. */
interface IdentityWorker {
  readonly name?: unknown;
  readonly nthreads?: number;
  readonly memory_limit?: number;
  readonly resources?: Record<string, number>;
  readonly status?: string;
  readonly metrics?: { cpu?: number; memory?: number; task_counts?: Record<string, number>; executing?: number; ready?: number };
}

/**
 * Watches one scheduler: its workers (polled from the HTTP JSON routes), its task states (`/metrics`), and its
 * single `/eventstream` connection, held here and fanned out as batched dashboard states to every subscriber.
 */
export class SchedulerMonitor {
  private rows: WorkerRow[] = [];
  private readonly history: DashboardSample[] = [];
  private readonly taskStream: TaskStreamEvent[] = [];
  private tasksSeen = 0;
  private tasksByState: Record<string, number> = {};
  private progress: PrefixProgress[] = [];
  private readonly dashboardListeners = new Set<Listener<DashboardState>>();
  private workersTimer: ReturnType<typeof setTimeout> | undefined;
  private dashboardTimer: ReturnType<typeof setInterval> | undefined;
  private socket: WebSocket | undefined;
  private stopped = false;
  private lastError: FacilityError | undefined;

  constructor(
    private readonly cluster: string,
    readonly schedulerAddress: string,
    private readonly httpBase: string,
    /** Whether the worker count differs from what the cluster wants (then polling is faster). */
    private readonly settling: (connected: number) => boolean,
  ) {}

  /** Workers connected now. */
  get workers(): readonly WorkerRow[] {
    return this.rows;
  }

  start(): void {
    void this.pollWorkers();
    this.connectEvents();
  }

  /** Stops watching; dashboard subscribers get a last state saying why the data ends. */
  stop(reason = 'The cluster stopped.'): void {
    this.stopped = true;
    clearTimeout(this.workersTimer);
    clearInterval(this.dashboardTimer);
    this.socket?.terminate();
    this.lastError = new FacilityError('conflict', reason, { where: this.cluster, retryable: false });
    this.emitDashboard();
    this.dashboardListeners.clear();
  }

  /** The scheduler's adaptive target (`/api/v1/adaptive_target`). */
  async adaptiveTarget(): Promise<number> {
    const json = await this.getJson<{ workers?: unknown }>('/api/v1/adaptive_target');
    if (typeof json.workers !== 'number') throw new FacilityError('bad-response', 'adaptive_target answered no worker count.', { where: this.httpBase });
    return json.workers;
  }

  /** Batched dashboard states (every 250 ms) while subscribed. */
  subscribeDashboard(listener: Listener<DashboardState>): Unsubscribe {
    this.dashboardListeners.add(listener);
    if (this.dashboardListeners.size === 1) {
      void this.pollMetrics().then(() => this.emitDashboard());
      let ticks = 0;
      this.dashboardTimer = setInterval(() => {
        ticks += 1;
        // Metrics are costlier for the scheduler than the batched state: once a second is enough.
        if (ticks % 4 === 0) void this.pollMetrics();
        this.emitDashboard();
      }, DASHBOARD_MS);
    } else listener(this.dashboardState());
    return () => {
      this.dashboardListeners.delete(listener);
      if (this.dashboardListeners.size === 0) {
        clearInterval(this.dashboardTimer);
        this.dashboardTimer = undefined;
      }
    };
  }

  private emitDashboard(): void {
    const state = this.dashboardState();
    for (const listener of [...this.dashboardListeners]) listener(state);
  }

  private dashboardState(): DashboardState {
    return {
      cluster: this.cluster,
      schedulerAddress: this.schedulerAddress,
      workers: this.rows,
      history: this.history.slice(),
      tasksByState: this.tasksByState,
      progress: this.progress,
      taskStream: this.taskStream.slice(-500),
      tasksSeen: this.tasksSeen,
      updatedAt: Date.now(),
      error: this.lastError?.toJSON(),
    };
  }

  private async pollWorkers(): Promise<void> {
    try {
      const identity = await this.getJson<{ workers?: Record<string, IdentityWorker> }>('/json/identity.json');
      this.rows = Object.entries(identity.workers ?? {}).map(([address, w]) => toRow(address, w));
      this.lastError = undefined;
      const memory = this.rows.reduce((sum, r) => sum + r.memoryUsed, 0);
      const memoryLimit = this.rows.reduce((sum, r) => sum + r.memoryLimit, 0);
      const cpu = this.rows.length ? this.rows.reduce((sum, r) => sum + r.cpu, 0) / this.rows.length : 0;
      this.history.push({ time: Date.now(), memory, memoryLimit, cpu, workers: this.rows.length });
      if (this.history.length > HISTORY) this.history.shift();
    } catch (error) {
      this.lastError = FacilityError.from(error, 'unreachable');
    }
    if (!this.stopped) this.workersTimer = setTimeout(() => void this.pollWorkers(), this.settling(this.rows.length) ? WORKERS_POLL_FAST_MS : WORKERS_POLL_MS);
  }

  private async pollMetrics(): Promise<void> {
    let text: string;
    try {
      const response = await fetch(`${this.httpBase}/metrics`, { signal: AbortSignal.timeout(3_000) });
      text = await response.text();
    } catch {
      return;
    }
    const byState: Record<string, number> = {};
    const prefixes = new Map<string, { total: number; done: number; erred: number }>();
    for (const s of parsePrometheus(text)) {
      if (s.name === 'dask_scheduler_tasks' && s.labels.state) byState[s.labels.state] = s.value;
      else if (s.name === 'dask_scheduler_prefix_state_totals_total' && s.labels.task_prefix_name) {
        const p = prefixes.get(s.labels.task_prefix_name) ?? { total: 0, done: 0, erred: 0 };
        if (s.labels.state === 'waiting') p.total = s.value;
        else if (s.labels.state === 'memory') p.done = s.value;
        else if (s.labels.state === 'erred') p.erred = s.value;
        prefixes.set(s.labels.task_prefix_name, p);
      }
    }
    this.tasksByState = byState;
    this.progress = [...prefixes].map(([prefix, p]) => ({ prefix, total: Math.max(p.total, p.done + p.erred), done: p.done, erred: p.erred }));
  }

  private connectEvents(): void {
    if (this.stopped) return;
    const socket = new WebSocket(`${this.httpBase.replace(/^http/, 'ws')}/eventstream`);
    this.socket = socket;
    socket.on('message', (data) => this.onEvent(String(data)));
    socket.on('error', () => {});
    // The scheduler allows one subscriber; reconnect if it drops us (restart, or a second connection elsewhere).
    socket.on('close', () => {
      if (!this.stopped) setTimeout(() => this.connectEvents(), 1_000);
    });
  }

  private onEvent(text: string): void {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    if (message.name === 'ping') {
      this.socket?.send(JSON.stringify({ name: 'pong' }));
      return;
    }
    if (message.name !== 'transition') return;
    const event = toTaskEvent(message);
    if (!event) return;
    this.tasksSeen += 1;
    this.taskStream.push(event);
    if (this.taskStream.length > TASK_STREAM_KEEP) this.taskStream.splice(0, this.taskStream.length - TASK_STREAM_KEEP);
  }

  private async getJson<T>(path: string): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.httpBase}${path}`, { signal: AbortSignal.timeout(3_000) });
    } catch (error) {
      throw new FacilityError('unreachable', `The Dask scheduler's HTTP API at ${this.httpBase} does not answer.`, { where: path, cause: error });
    }
    if (!response.ok) throw new FacilityError('backend', `The Dask scheduler answered ${response.status} on ${path}.`, { where: this.httpBase });
    try {
      return (await response.json()) as T;
    } catch {
      throw new FacilityError('bad-response', `The Dask scheduler answered ${path} with something that is not JSON.`, { where: this.httpBase });
    }
  }
}

function toRow(address: string, w: IdentityWorker): WorkerRow {
  const counts = w.metrics?.task_counts ?? {};
  const processing = (counts.executing ?? w.metrics?.executing ?? 0) + (counts.ready ?? w.metrics?.ready ?? 0);
  return {
    address,
    name: String(w.name ?? address),
    threads: w.nthreads ?? 0,
    memoryUsed: w.metrics?.memory ?? 0,
    memoryLimit: w.memory_limit ?? 0,
    cpu: w.metrics?.cpu ?? 0,
    gpus: w.resources?.GPU ?? 0,
    processing,
    status: w.status ?? 'running',
  };
}

/** A finished task from a `transition` event: flat start/stop, or the `startstops` list of newer schedulers. */
function toTaskEvent(m: Record<string, unknown>): TaskStreamEvent | undefined {
  const key = typeof m.key === 'string' ? m.key : Array.isArray(m.key) ? String(m.key[0]) : undefined;
  if (!key || typeof m.worker !== 'string') return undefined;
  let start = typeof m.start === 'number' ? m.start : undefined;
  let stop = typeof m.stop === 'number' ? m.stop : undefined;
  if ((start === undefined || stop === undefined) && Array.isArray(m.startstops)) {
    const compute = (m.startstops as { action?: string; start?: number; stop?: number }[]).find((s) => s.action === 'compute');
    start = compute?.start;
    stop = compute?.stop;
  }
  if (start === undefined || stop === undefined) return undefined;
  const status = m.status === 'error' || m.status === 'erred' ? 'error' : 'ok';
  return { key, prefix: keyPrefix(key), worker: m.worker, start: start * 1000, stop: stop * 1000, status };
}

/** Dask's key_split: `inc-abc123` → `inc`, `('sum-…', 3)` → `sum`. */
function keyPrefix(key: string): string {
  const stripped = key.replace(/^\('?|'?,.*$/g, '');
  const words = stripped.split('-');
  const kept: string[] = [];
  for (const word of words) {
    if (kept.length > 0 && (/^[0-9a-f]{8,}$/.test(word) || /^\d+$/.test(word))) break;
    kept.push(word);
  }
  return kept.join('-') || key;
}
