import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePrometheus } from './prometheus.ts';

test('the scheduler metrics are parsed with their labels', () => {
  const text = [
    '# HELP dask_scheduler_tasks Number of tasks known by scheduler',
    'dask_scheduler_tasks{state="memory"} 20.0',
    'dask_scheduler_prefix_state_totals_total{state="memory",task_prefix_name="inc"} 20.0',
    'dask_scheduler_clients 1.0',
  ].join('\n');
  assert.deepEqual(parsePrometheus(text), [
    { name: 'dask_scheduler_tasks', labels: { state: 'memory' }, value: 20 },
    { name: 'dask_scheduler_prefix_state_totals_total', labels: { state: 'memory', task_prefix_name: 'inc' }, value: 20 },
    { name: 'dask_scheduler_clients', labels: {}, value: 1 },
  ]);
});
