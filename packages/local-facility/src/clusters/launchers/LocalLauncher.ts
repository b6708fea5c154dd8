import { FacilityError } from '@afkit/core';
import { existsSync } from 'node:fs';
import type { PidRegistry } from '../../PidRegistry.ts';
import { exited, spawnDetached, stopGroup } from '../processes.ts';
import { workerArgs, workerEnv, type WorkerHandle, type WorkerLauncher, type WorkerSpec } from './WorkerLauncher.ts';

/** Runs workers as `dask-worker` processes on this machine, each in its own process group. */
export class LocalLauncher implements WorkerLauncher {
  readonly kind = 'local';

  constructor(
    private readonly registry: PidRegistry,
    private readonly daskWorker: string,
  ) {}

  async check(): Promise<void> {
    if (!existsSync(this.daskWorker)) {
      throw new FacilityError('unsupported', `Dask is not installed here (${this.daskWorker} not found).`, { hint: 'apt-get install python3-distributed' });
    }
  }

  async launch(spec: WorkerSpec): Promise<WorkerHandle> {
    const child = spawnDetached(this.daskWorker, workerArgs(spec), { env: { ...process.env, ...workerEnv(spec) }, logFile: spec.logFile });
    const pgid = child.pid;
    if (pgid === undefined) throw new FacilityError('backend', `Could not start ${this.daskWorker}.`);
    this.registry.addGroup(pgid);
    const gone = new Promise<string>((resolve) => {
      child.once('exit', (code, signal) => {
        this.registry.removeGroup(pgid);
        resolve(signal ? `killed by ${signal}` : `exited with code ${code}`);
      });
    });
    return {
      name: spec.name,
      exited: gone,
      stop: async (graceMs, askedToClose) => {
        await stopGroup(child, graceMs, askedToClose);
        await exited(child);
      },
    };
  }
}
