import type { JoinPlan, JoinReport } from '@afkit/join-engine';
import { slurmUnavailable } from '../../slurm/slurmCommand.ts';
import { missingAfkitCommand, type SlurmJoinSettings } from './SlurmJoinOptions.ts';

/** A run of consecutive primary files joined by one array task. */
export interface PrimaryGroup {
  /** The array task index. */
  readonly task: number;
  /** Index of the group's first primary file in the plan. */
  readonly first: number;
  readonly count: number;
}

/** How a run was executed, as the facility's report says it. */
export type JoinExecutorNote =
  | { readonly kind: 'in-process'; readonly reason: string }
  | { readonly kind: 'slurm-array'; readonly jobId: string; readonly tasks: number; readonly filesPerTask: number };

/** A join report as the facility returns it: the engine's report and how the run was executed. */
export type FacilityJoinReport = JoinReport & { readonly executor: JoinExecutorNote };

/** The executor picked for one run: in this process (and why), or a Slurm array over these groups. */
export type ExecutorChoice =
  | { readonly kind: 'in-process'; readonly reason: string }
  | { readonly kind: 'slurm-array'; readonly groups: readonly PrimaryGroup[]; readonly settings: SlurmJoinSettings };

/**
 * Picks where a run goes. A Slurm array needs a configured and answering Slurm, more primary files than one task
 * takes, and a join whose output for a primary file depends on that file alone: right and outer joins append the
 * friend rows that match no event, which depends on every primary file, so they stay in one process.
 */
export async function chooseExecutor(plan: JoinPlan, settings: SlurmJoinSettings | undefined): Promise<ExecutorChoice> {
  const inProcess = (reason: string): ExecutorChoice => ({ kind: 'in-process', reason });
  if (!settings) return inProcess('this facility runs joins in its own process (no Slurm executor configured)');
  if (plan.kind === 'right' || plan.kind === 'outer') {
    return inProcess(`${plan.kind} joins run in one process: the friend rows matching no event, appended at the end, depend on every primary file`);
  }
  const files = plan.primary.files.length;
  if (files <= settings.filesPerTask) return inProcess(`${files} primary file(s) fit in one Slurm task (filesPerTask ${settings.filesPerTask})`);
  const unpaired = plan.friends.find((f) => f.positional && f.files.length !== files);
  if (unpaired) return inProcess(`positional friend "${unpaired.name}" has ${unpaired.files.length} files for ${files} primary files, so it cannot be split by file`);
  const problem = missingAfkitCommand(settings) ?? (await slurmUnavailable());
  if (problem) return inProcess(`${problem}; ran in the facility's process instead`);
  return { kind: 'slurm-array', groups: groupPrimaryFiles(files, settings.filesPerTask), settings };
}

/** `files` primary files in consecutive groups of `perTask` (the last one may be smaller), one per array task. */
export function groupPrimaryFiles(files: number, perTask: number): PrimaryGroup[] {
  return Array.from({ length: Math.ceil(files / perTask) }, (_, task) => ({ task, first: task * perTask, count: Math.min(perTask, files - task * perTask) }));
}
