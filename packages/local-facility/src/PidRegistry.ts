import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { signalGroup } from './clusters/processes.ts';

/** What one facility process has running, as written to its pid file. */
interface PidFile {
  readonly pid: number;
  readonly groups: number[];
  readonly slurmJobs: { id: string; conf?: string }[];
}

/** The fixed per-user folder of one feature's pid files (`$XDG_STATE_HOME/afkit/<feature>`, else under `~/.local/state`). */
export function defaultRegistryDir(feature: 'clusters' | 'joins'): string {
  return join(process.env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'), 'afkit', feature);
}

/**
 * Records every process group and Slurm job this facility process started in a pid file, so that the next
 * start after a kill -9 can reap what was left, and so that the process can kill everything synchronously on exit
 * ({@link killOnProcessExit}). Clusters and joins keep one registry each.
 */
export class PidRegistry {
  private readonly file: string;
  private readonly groups = new Set<number>();
  private readonly jobs = new Map<string, string | undefined>();

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.file = join(dir, `${process.pid}.json`);
  }

  addGroup(pgid: number): void {
    this.groups.add(pgid);
    this.save();
  }
  removeGroup(pgid: number): void {
    if (this.groups.delete(pgid)) this.save();
  }
  addSlurmJob(id: string, conf: string | undefined): void {
    this.jobs.set(id, conf);
    this.save();
  }
  removeSlurmJob(id: string): void {
    if (this.jobs.delete(id)) this.save();
  }

  /** Kills everything still recorded, at once and synchronously (process exit, fatal signals). */
  killAllNow(): void {
    for (const pgid of this.groups) signalGroup(pgid, 'SIGKILL');
    for (const [id, conf] of this.jobs) scancelSync(id, conf);
    this.groups.clear();
    this.jobs.clear();
    rmSync(this.file, { force: true });
  }

  /** Removes this process's pid file (after a clean stop). */
  dispose(): void {
    rmSync(this.file, { force: true });
  }

  /** Kills what facilities that died without cleaning up (kill -9) left behind; returns how many were reaped. */
  reapLeftovers(): number {
    let reaped = 0;
    for (const name of readdirSync(this.dir)) {
      if (!name.endsWith('.json')) continue;
      const path = join(this.dir, name);
      let entry: PidFile;
      try {
        entry = JSON.parse(readFileSync(path, 'utf8')) as PidFile;
      } catch {
        rmSync(path, { force: true });
        continue;
      }
      if (entry.pid === process.pid || isAlive(entry.pid)) continue;
      for (const pgid of entry.groups) {
        // The pid may have been reused since: only kill what is still a Dask process.
        if (!isDaskProcess(pgid)) continue;
        signalGroup(pgid, 'SIGKILL');
        reaped += 1;
      }
      for (const job of entry.slurmJobs) {
        scancelSync(job.id, job.conf);
        reaped += 1;
      }
      rmSync(path, { force: true });
    }
    return reaped;
  }

  private save(): void {
    const entry: PidFile = { pid: process.pid, groups: [...this.groups], slurmJobs: [...this.jobs].map(([id, conf]) => ({ id, conf })) };
    writeFileSync(this.file, JSON.stringify(entry), { mode: 0o600 });
  }
}

/**
 * Until the returned function is called (the feature closed cleanly), kills what `registry` holds when the process
 * exits or gets SIGTERM/SIGINT; a signal nobody else handles then ends the process as it would have.
 */
export function killOnProcessExit(registry: PidRegistry): () => void {
  const killNow = (): void => registry.killAllNow();
  const onSignal = (signal: NodeJS.Signals): void => {
    killNow();
    if (process.listenerCount(signal) === 1) process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.on('exit', killNow);
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    process.off('exit', killNow);
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isDaskProcess(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('dask');
  } catch {
    return false;
  }
}

function scancelSync(id: string, conf: string | undefined): void {
  spawnSync('scancel', ['--signal=KILL', '--full', id], { env: conf ? { ...process.env, SLURM_CONF: conf } : process.env, stdio: 'ignore', timeout: 5_000 });
  spawnSync('scancel', [id], { env: conf ? { ...process.env, SLURM_CONF: conf } : process.env, stdio: 'ignore', timeout: 5_000 });
}
