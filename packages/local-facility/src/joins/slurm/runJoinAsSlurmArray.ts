import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FacilityError, throwIfAborted } from '@afkit/core';
import { validateJoin, type JoinOptions, type JoinPlan } from '@afkit/join-engine';
import { publishStaged, stagingDir } from '../runJoinToFolder.ts';
import type { FacilityJoinReport, JoinExecutorNote, PrimaryGroup } from './chooseExecutor.ts';
import { mergeTaskReports, runFilePath, type TaskReport } from './mergeTaskReports.ts';
import { SlurmJoinArray } from './SlurmJoinArray.ts';
import type { SlurmJoinSettings } from './SlurmJoinOptions.ts';
import type { PidRegistry } from '../../PidRegistry.ts';
import { taskPlan } from './taskPlan.ts';

/**
 * Runs a join as a Slurm job array, one task per group of primary files, with what an in-process run gives: the key
 * scan (validation) runs once here and stops a plan with problems before anything is submitted; each task joins its
 * group with `afkit join`; their outputs are renamed into the layout of one run and their reports merged; the output
 * folder changes only once every task succeeded. A failed task fails the run with its error text, and a cancel
 * `scancel`s the array; either way no task is left in the queue and no output is kept.
 */
export async function runJoinAsSlurmArray(
  plan: JoinPlan,
  runId: string,
  groups: readonly PrimaryGroup[],
  settings: SlurmJoinSettings,
  registry: PidRegistry,
  options: JoinOptions = {},
): Promise<FacilityJoinReport> {
  const started = performance.now();
  const { signal, onProgress } = options;
  const validation = await validateJoin(plan, options);
  if (validation.problems.length > 0) {
    throw new FacilityError('conflict', validation.problems.join('\n'), { where: 'join plan', hint: 'Set "duplicates" to "first" or "all" to join anyway.', details: validation });
  }
  throwIfAborted(signal);
  const staging = stagingDir(plan, runId);
  const tasksDir = `${staging}-tasks`;
  try {
    for (const group of groups) {
      const dir = join(tasksDir, String(group.task));
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'plan.json'), JSON.stringify(taskPlan(plan, validation, group, join(dir, 'out'))));
    }
    const array = await SlurmJoinArray.submit(`afkit-join-${runId}`, tasksDir, groups, settings);
    registry.addSlurmJob(array.jobId, process.env.SLURM_CONF);
    const total = validation.primary.rows;
    const tasks: TaskReport[] = [];
    let done = 0;
    const progress = (): void => onProgress?.({ phase: 'join', done, total, message: `Slurm array job ${array.jobId}: ${tasks.length} of ${groups.length} tasks done` });
    progress();
    try {
      await array.finish(signal, (group, report) => {
        tasks.push({ group, report });
        done += report.primaryRows;
        progress();
      });
    } catch (error) {
      await array.cancel();
      throw error;
    } finally {
      registry.removeSlurmJob(array.jobId);
    }
    for (const { group, report } of tasks) {
      for (const friend of report.friends) {
        await mkdir(join(staging, friend.name), { recursive: true });
        for (const file of friend.files) await rename(file.outputPath, runFilePath(staging, friend.name, file.outputPath, group));
      }
    }
    const merged = mergeTaskReports(plan, validation, tasks, staging, performance.now() - started);
    const executor: JoinExecutorNote = { kind: 'slurm-array', jobId: array.jobId, tasks: groups.length, filesPerTask: settings.filesPerTask };
    return await publishStaged(plan, staging, { ...merged, executor });
  } finally {
    await rm(staging, { recursive: true, force: true });
    await rm(tasksDir, { recursive: true, force: true });
  }
}
