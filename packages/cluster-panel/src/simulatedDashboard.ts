import type { DashboardState, TaskStreamEvent, WorkerRow } from '@afkit/core';

/**
 * A dashboard state of `workers` simulated workers at step `tick` (tests and the panel benchmark), paced like the
 * facility's stream: a state every 250 ms, a new load sample every 500 ms, new task counts every second.
 */
export function simulatedDashboard(workers: number, tick: number): DashboardState {
  const now = 1_700_000_000_000 + tick * 250;
  const rows: WorkerRow[] = Array.from({ length: workers }, (_, i) => ({
    address: `tcp://10.0.${i >> 8}.${i & 255}:4000${i % 10}`,
    name: `worker-${i}`,
    threads: 4,
    // A tenth of the workers change each tick, like a busy cluster.
    memoryUsed: 2 ** 30 + ((i + tick) % 10 === 0 ? tick * 4096 : 0),
    memoryLimit: 4 * 2 ** 30,
    cpu: (i * 7 + tick) % 10 === 0 ? 100 : 12,
    gpus: i % 50 === 0 ? 1 : 0,
    processing: (i + tick) % 5,
    status: 'running',
  }));
  // A sliding window: each state drops the 10 oldest task runs and adds 10 new ones.
  const taskStream: TaskStreamEvent[] = Array.from({ length: 500 }, (_, k) => {
    const j = tick * 10 + k;
    return { key: `inc-${j}`, prefix: j % 3 === 0 ? 'inc' : 'sum', worker: rows[j % workers]!.address, start: 1_700_000_000_000 + j * 30, stop: 1_700_000_000_000 + j * 30 + 25, status: 'ok' };
  });
  return {
    cluster: 'simulated',
    schedulerAddress: 'tcp://127.0.0.1:8786',
    workers: rows,
    history: Array.from({ length: 120 }, (_, k) => ({ time: 1_700_000_000_000 + (Math.floor(tick / 2) + k) * 500, memory: workers * 2 ** 30, memoryLimit: workers * 4 * 2 ** 30, cpu: 20 + (k % 7), workers })),
    tasksByState: { memory: 100 + Math.floor(tick / 4), processing: 40, waiting: 200 },
    progress: [
      { prefix: 'inc', total: 1000, done: Math.min(1000, tick * 10), erred: 0 },
      { prefix: 'sum', total: 200, done: Math.min(200, tick), erred: 1 },
    ],
    taskStream,
    tasksSeen: 500 + tick * 10,
    updatedAt: now,
  };
}
