import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FacilityError } from '@afkit/core';
import { clusterOptionFields, validateClusterOptions } from './clusterOptions.ts';

const reason = (values: unknown): string => {
  try {
    validateClusterOptions(values);
  } catch (error) {
    assert.ok(FacilityError.is(error) && error.code === 'invalid-input');
    return error.message;
  }
  return 'accepted';
};

test('defaults come from the option fields', () => {
  const options = validateClusterOptions({});
  assert.deepEqual(options, { backend: 'local', workers: 2, workerThreads: 1, workerMemoryBytes: 2 ** 30, gpuWorkers: 'none', environment: {} });
  assert.deepEqual(clusterOptionFields().map((f) => f.spec.type), ['select', 'int', 'int', 'float', 'select', 'string']);
});

test('values are checked with Dask Gateway-style reasons', () => {
  assert.equal(reason({ workers: 65 }), 'workers must be <= 64, got 65');
  assert.equal(reason({ workers: -1 }), 'workers must be >= 0, got -1');
  assert.equal(reason({ workers: 1.5 }), 'workers must be an integer, got 1.5');
  assert.equal(reason({ worker_memory: 0.1 }), 'worker_memory must be >= 0.250000, got 0.1');
  assert.equal(reason({ backend: 'pbs' }), "backend must be one of ['local', 'slurm'], got 'pbs'");
  assert.equal(reason({ zeta: 1, alpha: 2 }), "Unknown fields ['alpha', 'zeta']");
  assert.equal(reason({ environment: 'A=1 broken' }), "environment entries must be KEY=VALUE, got 'broken'");
  assert.equal(reason([]), 'cluster_options must be an object');
});

test('GPU worker choices and environment are parsed', () => {
  const options = validateClusterOptions({ gpu_workers: '2', environment: 'OMP_NUM_THREADS=1 X=a=b' });
  assert.equal(options.gpuWorkers, 2);
  assert.deepEqual(options.environment, { OMP_NUM_THREADS: '1', X: 'a=b' });
  assert.equal(validateClusterOptions({ gpu_workers: 'all' }).gpuWorkers, 'all');
});
