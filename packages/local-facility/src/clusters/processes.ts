import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';

/** Starts a command detached in its own process group (so its whole group can be signalled), logging to a file. */
export function spawnDetached(command: string, args: readonly string[], options: { env: NodeJS.ProcessEnv; logFile: string; cwd?: string }): ChildProcess {
  const log = openSync(options.logFile, 'a');
  try {
    const child = spawn(command, args, { detached: true, stdio: ['ignore', log, log], env: options.env, cwd: options.cwd });
    // Spawn failures (ENOENT) arrive as 'error' events; 'exit' handlers report them, so keep the process alive.
    child.on('error', () => {});
    return child;
  } finally {
    closeSync(log);
  }
}

/** Signals a whole process group; a group that is already gone is not an error. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Resolves once the child has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Waits `graceMs` for the child to exit by itself, then SIGTERMs its group, then SIGKILLs it after another grace. */
export async function stopGroup(child: ChildProcess, graceMs: number, askFirst: boolean): Promise<void> {
  const pgid = child.pid;
  if (pgid === undefined) return;
  const done = exited(child);
  if (askFirst && (await within(done, graceMs))) return;
  signalGroup(pgid, 'SIGTERM');
  if (await within(done, graceMs)) return;
  signalGroup(pgid, 'SIGKILL');
  await done;
}

/** Whether the promise settles within `ms`. */
export async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const result = await Promise.race([promise.then(() => true), timeout]);
  clearTimeout(timer);
  return result;
}
