// Real Slurm for tests: a single-node slurmctld + slurmd in a network namespace the test makes itself (HOSTS.md
// recipe). A test file re-runs itself inside `unshare -n` (runInsideNetworkNamespace); the inner run starts Slurm
// (startSlurm) and does the work.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** True in the inner run, inside the namespace. */
export const INSIDE_SLURM_NAMESPACE = process.env.AFKIT_SLURM_NETNS === '1';

/** The Slurm daemons and clients every Slurm test needs. */
const SLURM_TOOLS = ['/usr/sbin/slurmctld', '/usr/sbin/slurmd', '/usr/sbin/munged', '/usr/bin/sbatch'];

/** Why a Slurm test cannot run here (missing programs, no namespaces), or undefined when it can. */
export function slurmTestProblem(moreTools: readonly string[] = []): string | undefined {
  const missing = [...SLURM_TOOLS, ...moreTools].filter((t) => !existsSync(t));
  if (missing.length) return `Slurm test skipped: ${missing.join(', ')} not installed (apt-get install slurm-wlm munge python3-distributed)`;
  const probe = spawnSync('unshare', ['-n', 'true'], { encoding: 'utf8' });
  if (probe.status !== 0) return `Slurm test skipped: cannot make a network namespace here (unshare -n: ${probe.stderr.trim() || probe.error?.message})`;
  return undefined;
}

/** Runs the test file `fileUrl` again inside a fresh network namespace and asserts that `passes` tests passed there. */
export function runInsideNetworkNamespace(fileUrl: string, passes: number, timeoutMs: number): void {
  // Without NODE_TEST_CONTEXT the inner run reports as a plain TAP run that we can read.
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  const run = spawnSync('unshare', ['-n', process.execPath, '--import', 'tsx', '--test', fileURLToPath(fileUrl)], {
    env: { ...env, AFKIT_SLURM_NETNS: '1', AFKIT_SLURM_OUTER_NETNS: readlinkSync('/proc/self/ns/net') },
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  assert.equal(run.status, 0, `inner run failed:\n${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, new RegExp(`# pass ${passes}\\n`));
}

/** Jobs (array tasks one per line) in squeue, by id and name. */
export function slurmJobs(): { id: string; name: string }[] {
  const out = execFileSync('squeue', ['--noheader', '--array', '--format=%i %j'], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [id, name] = l.trim().split(/\s+/);
      return { id: id!, name: name! };
    });
}

/**
 * munged, slurmctld and slurmd for this namespace only, with their own config, keys and state under `dir` (which the
 * munge user must reach: a fresh folder directly under the system's temp folder); sets SLURM_CONF for this process and
 * its children. `stop` kills every process of the namespace but this one (daemons, job steps, anything they left),
 * and throws naming any process other than Slurm's own that was still there after a grace period: a job's process
 * that outlives its job is a leak the test must report, not hide. A failed start kills what it started.
 */
export function startSlurm(dir: string): { stop: () => void } {
  const stop = (): void => {
    const leftovers = (): string[] => namespaceProcesses().filter((p) => !SLURM_DAEMONS.test(p.command)).map((p) => `${p.pid} ${p.command}`);
    for (let i = 0; i < 25 && leftovers().length > 0; i++) execFileSync('sleep', ['0.2']);
    const leaked = leftovers();
    // slurmd may ignore SIGTERM (HOSTS.md), and a leaked process must go too: SIGKILL for all.
    for (const { pid } of namespaceProcesses()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    if (leaked.length > 0) throw new Error(`processes left behind in the Slurm test's namespace:\n${leaked.join('\n')}`);
  };
  try {
    startDaemons(dir, join(dir, 'munge'));
  } catch (error) {
    stop();
    throw error;
  }
  return { stop };
}

/** Slurm's and munge's own processes, which live until `stop`. */
const SLURM_DAEMONS = /^(: )?(\S*\/)?(slurmctld|slurmscriptd|slurmd|slurmstepd|munged)\b/;

/** Every process in this process's network namespace (the test's own), except this one and its ancestors (the test runner). */
function namespaceProcesses(): { pid: number; command: string }[] {
  const own = readlinkSync('/proc/self/ns/net');
  if (!INSIDE_SLURM_NAMESPACE || own === process.env.AFKIT_SLURM_OUTER_NETNS) throw new Error('Slurm tests run in their own network namespace (runInsideNetworkNamespace)');
  const spared = new Set<number>();
  for (let pid = process.pid; pid > 1; pid = Number(/^\d+ \(.*\) \S (\d+)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))![1])) spared.add(pid);
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && !spared.has(Number(entry)))
    .flatMap((entry) => {
      try {
        if (readlinkSync(`/proc/${entry}/ns/net`) !== own) return [];
        const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
        return command ? [{ pid: Number(entry), command }] : []; // kernel threads and zombies have no command line
      } catch {
        return []; // exited meanwhile, or not ours to read
      }
    });
}

function startDaemons(dir: string, munge: string): void {
  mkdirSync(munge);
  const uid = Number(execFileSync('id', ['-u', 'munge'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'munge'], { encoding: 'utf8' }).trim());
  chownSync(munge, uid, gid);
  chmodSync(munge, 0o711);
  chmodSync(dir, 0o711);
  execFileSync('ip', ['link', 'set', 'lo', 'up']);
  execFileSync('ip', ['addr', 'add', '10.255.0.1/32', 'dev', 'lo']);
  const key = join(munge, 'munge.key');
  execFileSync('mungekey', ['-c', '-k', key, '-f']);
  chownSync(key, uid, gid);
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
}
