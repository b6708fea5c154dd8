import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listGpus, parseNvidiaSmi } from './gpus.ts';

test('nvidia-smi CSV is parsed into GPUs', () => {
  const text = '0, NVIDIA H100 80GB HBM3, 81559 MiB\n1, NVIDIA H100 80GB HBM3, 81559 MiB\n';
  assert.deepEqual(parseNvidiaSmi(text), [
    { index: 0, name: 'NVIDIA H100 80GB HBM3', memoryMiB: 81559 },
    { index: 1, name: 'NVIDIA H100 80GB HBM3', memoryMiB: 81559 },
  ]);
  assert.deepEqual(parseNvidiaSmi('No devices were found\n'), []);
});

test('a machine without nvidia-smi has no GPUs', async () => {
  assert.equal(await listGpus('/nonexistent/nvidia-smi'), undefined);
});
