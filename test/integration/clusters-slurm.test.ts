// Real Slurm: a single-node slurmctld + slurmd in a network namespace this test makes (HOSTS.md recipe), a cluster
// whose workers are Slurm jobs, scaled up and down, then stopped: no job is left in squeue and no Dask process runs.
// The outer test re-runs this file inside `unshare -n`; the inner run does the work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HttpFacility } from '@afkit/core';
import { LocalFacility, clustersFeature } from '@afkit/local-facility';

const INNER = process.env.AFKIT_SLURM_NETNS === '1';
const tools = ['/usr/sbin/slurmctld', '/usr/sbin/slurmd', '/usr/sbin/munged', '/usr/bin/sbatch', '/usr/bin/dask-worker'];
const missing = tools.filter((t) => !existsSync(t));

function namespaceProblem(): string | undefined {
  if (missing.length) return `Slurm test skipped: ${missing.join(', ')} not installed (apt-get install slurm-wlm munge python3-distributed)`;
  const probe = spawnSync('unshare', ['-n', 'true'], { encoding: 'utf8' });
  if (probe.status !== 0) return `Slurm test skipped: cannot make a network namespace here (unshare -n: ${probe.stderr.trim() || probe.error?.message})`;
  return undefined;
}

if (!INNER) {
  const problem = namespaceProblem();
  test('a Slurm cluster in a private network namespace', { skip: problem, timeout: 240_000 }, () => {
    // Without NODE_TEST_CONTEXT the inner run reports as a plain TAP run that we can read.
    const { NODE_TEST_CONTEXT: _, ...env } = process.env;
    const run = spawnSync('unshare', ['-n', process.execPath, '--import', 'tsx', '--test', fileURLToPath(import.meta.url)], {
      env: { ...env, AFKIT_SLURM_NETNS: '1' },
      encoding: 'utf8',
      timeout: 230_000,
    });
    assert.equal(run.status, 0, `inner run failed:\n${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /# pass 1/);
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
      await facility.close();
      assert.deepEqual(jobs(), []);
      slurm.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

function jobs(): { id: string; name: string }[] {
  const out = execFileSync('squeue', ['--noheader', '--format=%i %j'], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean).map((l) => {
    const [id, name] = l.trim().split(/\s+/);
    return { id: id!, name: name! };
  });
}

/** munged, slurmctld and slurmd for this namespace only, with their own config, keys and state. */
function startSlurm(dir: string): { stop: () => void } {
  const munge = join(dir, 'munge');
  mkdirSync(munge);
  const ids = execFileSync('id', ['-u', 'munge'], { encoding: 'utf8' }).trim();
  const gid = Number(execFileSync('id', ['-g', 'munge'], { encoding: 'utf8' }).trim());
  chownSync(munge, Number(ids), gid);
  chmodSync(munge, 0o711);
  chmodSync(dir, 0o711);
  execFileSync('ip', ['link', 'set', 'lo', 'up']);
  execFileSync('ip', ['addr', 'add', '10.255.0.1/32', 'dev', 'lo']);
  const key = join(munge, 'munge.key');
  execFileSync('mungekey', ['-c', '-k', key, '-f']);
  chownSync(key, Number(ids), gid);
  chmodSync(key, 0o400);
  const socket = join(munge, 'munge.socket');
  execFileSync('su', ['-s', '/bin/sh', 'munge', '-c', `munged --key-file=${key} --socket=${socket} --pid-file=${munge}/munged.pid --log-file=${munge}/munged.log --seed-file=${munge}/seed`]);
  mkdirSync(join(dir, 'state'));
  mkdirSync(join(dir, 'spool'));
  const host = hostname();
  const conf = join(dir, 'slurm.conf');
  writeFileSync(
    conf,
    [
      'ClusterName=afkit',
      `SlurmctldHost=${host}(10.255.0.1)`,
      'AuthType=auth/munge',
      `AuthInfo=socket=${socket}`,
      'CredType=cred/munge',
      'SlurmUser=root',
      'SlurmdUser=root',
      `StateSaveLocation=${dir}/state`,
      `SlurmdSpoolDir=${dir}/spool`,
      `SlurmctldPidFile=${dir}/slurmctld.pid`,
      `SlurmdPidFile=${dir}/slurmd.pid`,
      `SlurmctldLogFile=${dir}/slurmctld.log`,
      `SlurmdLogFile=${dir}/slurmd.log`,
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_Core',
      'MpiDefault=none',
      'JobAcctGatherType=jobacct_gather/none',
      'AccountingStorageType=accounting_storage/none',
      'ReturnToService=2',
      'SlurmdParameters=config_overrides',
      `NodeName=${host} NodeAddr=10.255.0.1 CPUs=16 State=UNKNOWN`,
      'PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP',
      '',
    ].join('\n'),
  );
  process.env.SLURM_CONF = conf;
  execFileSync('slurmctld');
  execFileSync('slurmd', ['-N', host]);
  for (let i = 0; i < 100; i++) {
    const state = spawnSync('sinfo', ['--noheader', '--format=%T'], { encoding: 'utf8' }).stdout.trim();
    if (state === 'idle') break;
    execFileSync('sleep', ['0.2']);
  }
  const pidOf = (file: string): number | undefined => (existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : undefined);
  return {
    // slurmd may ignore SIGTERM: SIGKILL by PID (HOSTS.md).
    stop: () => {
      for (const file of [join(dir, 'slurmd.pid'), join(dir, 'slurmctld.pid'), join(munge, 'munged.pid')]) {
        const pid = pidOf(file);
        if (pid) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
      }
    },
  };
}
