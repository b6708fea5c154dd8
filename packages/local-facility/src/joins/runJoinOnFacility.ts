import type { JoinOptions, JoinPlan } from '@afkit/join-engine';
import { runJoinToFolder } from './runJoinToFolder.ts';
import { chooseExecutor, type FacilityJoinReport } from './slurm/chooseExecutor.ts';
import { runJoinAsSlurmArray } from './slurm/runJoinAsSlurmArray.ts';
import type { SlurmJoinSettings } from './slurm/SlurmJoinOptions.ts';
import type { PidRegistry } from '../PidRegistry.ts';

/** The facility's Slurm executor: how to submit, and where submitted arrays are recorded until they end. */
export interface SlurmExecutor {
  readonly settings: SlurmJoinSettings;
  readonly registry: PidRegistry;
}

/**
 * A join run by the facility: as a Slurm job array when `slurm` is configured and the plan suits one (see
 * `chooseExecutor`), else in this process; the report says which, and why not Slurm.
 */
export async function runJoinOnFacility(plan: JoinPlan, runId: string, slurm: SlurmExecutor | undefined, options: JoinOptions): Promise<FacilityJoinReport> {
  const choice = await chooseExecutor(plan, slurm?.settings);
  if (choice.kind === 'slurm-array') return runJoinAsSlurmArray(plan, runId, choice.groups, choice.settings, slurm!.registry, options);
  return { ...(await runJoinToFolder(plan, runId, options)), executor: { kind: 'in-process', reason: choice.reason } };
}
