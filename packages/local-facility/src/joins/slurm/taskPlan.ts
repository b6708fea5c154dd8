import type { FriendDataset, JoinPlan, ValidationReport } from '@afkit/join-engine';
import type { PrimaryGroup } from './chooseExecutor.ts';

/**
 * The plan one array task runs: the same join restricted to its group of primary files, writing to `outputDir`.
 * A friend whose files pair one to one with the primary's, and whose rows for this group's files come only from the
 * paired files (strategies `aligned` or `reordered` in the facility's validation), is restricted to those files, so
 * the task scans only them and joins them the same way; any other friend keeps all its files.
 */
export function taskPlan(plan: JoinPlan, validation: ValidationReport, group: PrimaryGroup, outputDir: string): JoinPlan {
  const range = <T>(items: readonly T[]): T[] => items.slice(group.first, group.first + group.count);
  const friend = (f: FriendDataset, i: number): FriendDataset => {
    const paired = f.files.length === plan.primary.files.length;
    const ownFilesOnly = f.positional === true || range(validation.friends[i]!.strategies).every((s) => s !== 'regrouped');
    return paired && ownFilesOnly ? { ...f, files: range(f.files) } : f;
  };
  return {
    ...plan,
    primary: { ...plan.primary, files: range(plan.primary.files) },
    friends: plan.friends.map(friend),
    output: { ...plan.output, dir: outputDir },
  };
}
