// Real Slurm: a single-node slurmctld + slurmd in a network namespace this test makes (test/lib/slurm.ts), a cluster
// whose workers are Slurm jobs, scaled up and down, then stopped: no job is left in squeue and no Dask process runs.
// The outer test re-runs this file inside `unshare -n`; the inner run does the work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpFacility } from '@afkit/core';
import { LocalFacility, clustersFeature } from '@afkit/local-facility';
import { INSIDE_SLURM_NAMESPACE, runInsideNetworkNamespace, slurmJobs as jobs, slurmTestProblem, startSlurm } from '../lib/slurm.ts';

if (!INSIDE_SLURM_NAMESPACE) {
  test('a Slurm cluster in a private network namespace', { skip: slurmTestProblem(['/usr/bin/dask-worker']), timeout: 240_000 }, () => {
    runInsideNetworkNamespace(import.meta.url, 1, 230_000);
  });
} else {
  test('Slurm workers: create, scale, stop, nothing left in squeue', { timeout: 200_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'afkit-slurm-'));
    const slurm = startSlurm(dir);
    const stateDir = join(dir, 'facility');
    mkdirSync(stateDir);
    const facility = await LocalFacility.start({ stateDir, features: [clustersFeature({ registryDir: join(dir, 'pids') })] });
    try {
      const clusters = new HttpFacility({ url: facility.url, token: facility.token }).clusters;
      const { name } = await clusters.create({ backend: 'slurm', workers: 2, worker_memory: 0.5 });
      const waitWorkers = async (n: number): Promise<void> => {
        for (let i = 0; i < 300; i++) {
          const c = await clusters.get(name);
          assert.notEqual(c.status, 'failed', c.error);
          if (c.workers === n) return;
          await new Promise((r) => setTimeout(r, 200));
        }
        assert.fail(`never reached ${n} workers: ${JSON.stringify(await clusters.get(name))}`);
      };
      await waitWorkers(2);
      assert.equal((await clusters.get(name)).backend, 'slurm');
      assert.equal(jobs().length, 2, 'one Slurm job per worker');
      assert.ok(jobs().every((j) => j.name.startsWith('afkit-')));

      await clusters.scale(name, 3);
      await waitWorkers(3);
      assert.equal(jobs().length, 3);
      await clusters.scale(name, 1);
      await waitWorkers(1);
      for (let i = 0; i < 50 && jobs().length !== 1; i++) await new Promise((r) => setTimeout(r, 200));
      assert.equal(jobs().length, 1, 'retired workers leave squeue');

      await clusters.stop(name);
      assert.equal((await clusters.get(name)).status, 'stopped');
      assert.deepEqual(jobs(), [], 'no job left in squeue');
    } finally {
      try {
        await facility.close();
        assert.deepEqual(jobs(), []);
      } finally {
        slurm.stop();
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

