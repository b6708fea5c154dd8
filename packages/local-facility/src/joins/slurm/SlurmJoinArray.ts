import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FacilityError } from '@afkit/core';
import type { JoinReport } from '@afkit/join-engine';
import type { PrimaryGroup } from './chooseExecutor.ts';
import { shellQuote, slurmCommand } from '../../slurm/slurmCommand.ts';
import type { SlurmJoinSettings } from './SlurmJoinOptions.ts';

/** States after which an array task runs no more. */
const ENDED = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'NODE_FAIL', 'OUT_OF_MEMORY', 'BOOT_FAIL', 'DEADLINE', 'PREEMPTED', 'SPECIAL_EXIT', 'REVOKED']);
/** Polls a task may be missing from squeue, without having written its exit status, before it counts as lost. */
const LOST_AFTER_POLLS = 3;
const CANCEL_WAIT_MS = 30_000;

/**
 * One `sbatch --array` job running a join's task plans: task k runs `afkit join <dir>/k/plan.json --json --output
 * <dir>/k/out`, its report going to `<dir>/k/report.json`, its stderr to `<dir>/k/stderr.txt`, and its exit status,
 * written last, to `<dir>/k/exit`. Followed with `squeue`; `cancel` runs `scancel` and waits until no task is left.
 */
export class SlurmJoinArray {
  private constructor(
    readonly jobId: string,
    private readonly dir: string,
    private readonly groups: readonly PrimaryGroup[],
    private readonly settings: SlurmJoinSettings,
  ) {}

  /** Writes the task script into `dir` (which holds one folder per task with its plan.json) and submits the array. */
  static async submit(name: string, dir: string, groups: readonly PrimaryGroup[], settings: SlurmJoinSettings): Promise<SlurmJoinArray> {
    const script = join(dir, 'task.sh');
    const afkit = settings.afkitCommand.map(shellQuote).join(' ');
    const taskDir = `${shellQuote(dir)}/"$SLURM_ARRAY_TASK_ID"`;
    await writeFile(
      script,
      [
        '#!/bin/sh',
        `# ${name}: array task $SLURM_ARRAY_TASK_ID joins one group of primary files, its plan.json; the exit status goes last.`,
        `task=${taskDir}`,
        `${afkit} join "$task/plan.json" --json --output "$task/out" >"$task/report.json" 2>"$task/stderr.txt"`,
        'echo $? >"$task/exit.part" && mv "$task/exit.part" "$task/exit"',
        '',
      ].join('\n'),
    );
    await chmod(script, 0o755);
    const args = [
      '--parsable',
      `--job-name=${name}`,
      `--array=0-${groups.length - 1}`,
      `--chdir=${dir}`,
      `--output=${join(dir, 'slurm-%a.log')}`,
      ...(settings.partition ? [`--partition=${settings.partition}`] : []),
      ...settings.sbatchArgs,
      script,
    ];
    try {
      const jobId = (await slurmCommand('sbatch', args)).trim().split(';')[0]!;
      return new SlurmJoinArray(jobId, dir, groups, settings);
    } catch (error) {
      throw new FacilityError('backend', `sbatch refused the join's job array: ${(error as Error).message.split('\n')[0]}`, {
        where: 'sbatch',
        hint: 'Check the partition and the extra sbatch arguments in the facility configuration.',
      });
    }
  }

  /**
   * Waits for every task, calling `onTaskDone` with each task's report as it finishes. The first failed or lost task
   * rejects with its error text; an aborted `signal` rejects as cancelled. Either way tasks may still be queued:
   * callers {@link cancel} then.
   */
  async finish(signal: AbortSignal | undefined, onTaskDone: (group: PrimaryGroup, report: JoinReport) => void): Promise<void> {
    const pending = new Set(this.groups);
    const missed = new Map<PrimaryGroup, number>();
    while (pending.size > 0) {
      await sleep(this.settings.pollMs, undefined, signal ? { signal } : {});
      const states = await this.states();
      for (const group of [...pending]) {
        const exit = await readFile(join(this.taskDir(group), 'exit'), 'utf8').catch(() => undefined);
        if (exit === undefined) {
          const state = states?.get(group.task);
          const gone = states !== undefined && (state === undefined || ENDED.has(state));
          missed.set(group, gone ? (missed.get(group) ?? 0) + 1 : 0);
          if (missed.get(group)! >= LOST_AFTER_POLLS) throw await this.failure(group, `it ended (${state ?? 'left the queue'}) without finishing`);
          continue;
        }
        if (Number(exit) !== 0) throw await this.failure(group, await this.errorText(group));
        pending.delete(group);
        onTaskDone(group, JSON.parse(await readFile(join(this.taskDir(group), 'report.json'), 'utf8')) as JoinReport);
      }
    }
  }

  /** Cancels every task still queued or running and resolves once squeue lists none (forcing a kill if they linger). */
  async cancel(): Promise<void> {
    for (const args of [[this.jobId], ['--signal=KILL', '--full', this.jobId]]) {
      await slurmCommand('scancel', args).catch(() => '');
      for (let waited = 0; waited < CANCEL_WAIT_MS; waited += 200) {
        const states = await this.states();
        if (states !== undefined && [...states.values()].every((s) => ENDED.has(s))) return;
        await sleep(200);
      }
    }
  }

  /** The folder of a task (its plan, report, output and exit status). */
  taskDir(group: PrimaryGroup): string {
    return join(this.dir, String(group.task));
  }

  /** Array task → Slurm state, from squeue; undefined when squeue did not answer (try again next poll). */
  private async states(): Promise<Map<number, string> | undefined> {
    try {
      const out = await slurmCommand('squeue', ['--noheader', '--array', `--jobs=${this.jobId}`, '--format=%K %T']);
      return new Map(
        out
          .split('\n')
          .map((line) => line.trim().split(/\s+/))
          .filter(([task, state]) => task && state && /^\d+$/.test(task))
          .map(([task, state]) => [Number(task), state!]),
      );
    } catch (error) {
      // A finished job is soon forgotten by the controller, which then calls its id invalid.
      return /invalid job id/i.test((error as Error).message) ? new Map() : undefined;
    }
  }

  private async errorText(group: PrimaryGroup): Promise<string> {
    const stderr = await readFile(join(this.taskDir(group), 'stderr.txt'), 'utf8').catch(() => '');
    const lines = stderr.trim().split('\n');
    // The CLI prints progress lines first, then `afkit join: <message>` and its hint.
    const at = lines.map((l) => l.startsWith('afkit join: ')).lastIndexOf(true);
    return (at >= 0 ? lines.slice(at) : lines.slice(-20)).join('\n').replace(/^afkit join: /, '') || 'it exited without a message';
  }

  private async failure(group: PrimaryGroup, text: string): Promise<FacilityError> {
    const log = (await readFile(join(this.dir, `slurm-${group.task}.log`), 'utf8').catch(() => '')).trim();
    const files = group.count === 1 ? `primary file ${group.first}` : `primary files ${group.first}–${group.first + group.count - 1}`;
    return new FacilityError('backend', `Slurm array task ${this.jobId}_${group.task} (${files}) failed: ${text}${log ? `\n${log.split('\n').slice(-5).join('\n')}` : ''}`, {
      where: `${this.jobId}_${group.task}`,
      hint: 'No output was kept. Running the plan with `afkit join` shows the same failure in one process.',
    });
  }
}
