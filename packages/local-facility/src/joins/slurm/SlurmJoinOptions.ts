import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FacilityError } from '@afkit/core';

/** How the facility runs large joins as Slurm job arrays (see {@link chooseExecutor}). */
export interface SlurmJoinOptions {
  /** Primary files joined by one array task (default 10); plans with no more primary files than this run in-process. */
  readonly filesPerTask?: number;
  /** Partition the array is submitted to (default: Slurm's default partition). */
  readonly partition?: string;
  /** More `sbatch` arguments, e.g. `--time=2:00:00`, `--account=…`, `--mem=8G`. */
  readonly sbatchArgs?: readonly string[];
  /**
   * The `afkit` command a task runs, as argv (default: this Node.js and this checkout's `bin/afkit.mjs`). Tasks need it
   * and the data on a file system shared with the facility.
   */
  readonly afkitCommand?: readonly string[];
  /** How often the array is polled with `squeue`, in ms (default 1000). */
  readonly pollMs?: number;
}

/** {@link SlurmJoinOptions} with defaults filled in and checked. */
export type SlurmJoinSettings = Required<Omit<SlurmJoinOptions, 'partition'>> & Pick<SlurmJoinOptions, 'partition'>;

const DEFAULT_FILES_PER_TASK = 10;
const DEFAULT_POLL_MS = 1_000;

/** Fills in defaults; a bad value is an `invalid-input` error naming the option. */
export function slurmJoinSettings(options: SlurmJoinOptions): SlurmJoinSettings {
  const filesPerTask = options.filesPerTask ?? DEFAULT_FILES_PER_TASK;
  if (!Number.isInteger(filesPerTask) || filesPerTask < 1) {
    throw new FacilityError('invalid-input', `filesPerTask must be a positive integer, not ${filesPerTask}.`, { where: 'joinsFeature slurm.filesPerTask' });
  }
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  if (!(pollMs > 0)) throw new FacilityError('invalid-input', `pollMs must be positive, not ${pollMs}.`, { where: 'joinsFeature slurm.pollMs' });
  const afkitCommand = options.afkitCommand ?? [process.execPath, fileURLToPath(new URL('../../../bin/afkit.mjs', import.meta.url))];
  if (afkitCommand.length === 0) throw new FacilityError('invalid-input', 'afkitCommand must name a program.', { where: 'joinsFeature slurm.afkitCommand' });
  return { filesPerTask, pollMs, afkitCommand, sbatchArgs: options.sbatchArgs ?? [], ...(options.partition ? { partition: options.partition } : {}) };
}

/** Why the task command cannot run, or undefined (checked per run: a bundled facility may not sit beside bin/). */
export function missingAfkitCommand(settings: SlurmJoinSettings): string | undefined {
  const missing = settings.afkitCommand.filter((word) => word.startsWith('/') && !existsSync(word));
  return missing.length ? `the afkit command for Slurm tasks is missing (${missing.join(', ')})` : undefined;
}
