import { execFile } from 'node:child_process';

// Slurm client commands, shared by the cluster launcher (a job per Dask worker) and join arrays.

/** Runs a Slurm client command (`sbatch`, `squeue`, `scancel`) and resolves its stdout; stderr becomes the error text. */
export function slurmCommand(command: string, args: readonly string[], timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: timeoutMs }, (error, stdout, stderr) => {
      if (error) reject(Object.assign(error, { message: stderr.trim() || error.message }));
      else resolve(stdout);
    });
  });
}

/**
 * Why joins cannot go to Slurm here, or undefined when they can: `sbatch`/`squeue` must be on PATH and the controller
 * must answer.
 */
export async function slurmUnavailable(): Promise<string | undefined> {
  try {
    await slurmCommand('squeue', ['--noheader', '--format=%i', '--me']);
    return undefined;
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    return e.code === 'ENOENT' ? 'Slurm is not installed here (squeue not found on PATH)' : `Slurm does not answer (${e.message.split('\n')[0]})`;
  }
}

/** A word quoted for the batch script's shell (sbatch --wrap), left bare when it needs no quoting. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
