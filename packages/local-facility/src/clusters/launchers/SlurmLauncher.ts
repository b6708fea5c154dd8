import { FacilityError } from '@afkit/core';
import { shellQuote, slurmCommand } from '../../slurm/slurmCommand.ts';
import type { PidRegistry } from '../../PidRegistry.ts';
import { within } from '../processes.ts';
import { workerArgs, workerEnv, type WorkerHandle, type WorkerLauncher, type WorkerSpec } from './WorkerLauncher.ts';

const POLL_MS = 1_000;

/** Runs each worker as its own Slurm job (`sbatch`), watched with `squeue` and stopped with `scancel`. */
export class SlurmLauncher implements WorkerLauncher {
  readonly kind = 'slurm';
  private readonly watched = new Map<string, (reason: string) => void>();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly registry: PidRegistry,
    private readonly daskWorker: string,
  ) {}

  async check(): Promise<void> {
    try {
      await slurmCommand('squeue', ['--noheader', '--format=%i']);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new FacilityError('unsupported', 'Slurm is not installed on this machine (squeue/sbatch not found on PATH).', {
          hint: 'Install slurm-wlm, or choose the local backend.',
        });
      }
      throw new FacilityError('unreachable', `Slurm is not reachable: ${firstLine(error)}`, {
        hint: 'Check that slurmctld runs and that SLURM_CONF points at its configuration.',
        retryable: true,
      });
    }
  }

  async launch(spec: WorkerSpec): Promise<WorkerHandle> {
    const command = ['exec', this.daskWorker, ...workerArgs(spec)].map(shellQuote).join(' ');
    const exports = Object.entries(workerEnv(spec)).map(([k, v]) => `${k}=${v}`);
    const args = ['--parsable', `--job-name=afkit-${spec.name}`, `--output=${spec.logFile}`, `--export=${['ALL', ...exports].join(',')}`, '--wrap', command];
    let id: string;
    try {
      id = (await slurmCommand('sbatch', args)).trim().split(';')[0]!;
    } catch (error) {
      throw new FacilityError('backend', `sbatch refused the worker job: ${firstLine(error)}`, { where: spec.name });
    }
    this.registry.addSlurmJob(id, process.env.SLURM_CONF);
    const exited = new Promise<string>((resolve) => this.watched.set(id, resolve));
    this.timer ??= setInterval(() => void this.poll(), POLL_MS);
    return {
      name: spec.name,
      exited,
      stop: async (graceMs, askedToClose) => {
        if (askedToClose && (await within(exited, graceMs))) return;
        await slurmCommand('scancel', [id]).catch(() => '');
        if (await within(exited, graceMs)) return;
        await slurmCommand('scancel', ['--signal=KILL', '--full', id]).catch(() => '');
        await exited;
      },
    };
  }

  private async poll(): Promise<void> {
    let listed: string;
    try {
      listed = await slurmCommand('squeue', ['--noheader', '--format=%i']);
    } catch {
      return;
    }
    const alive = new Set(listed.split('\n').map((l) => l.trim()));
    for (const [id, resolve] of this.watched) {
      if (alive.has(id)) continue;
      this.watched.delete(id);
      this.registry.removeSlurmJob(id);
      resolve('its Slurm job ended');
    }
    if (this.watched.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
