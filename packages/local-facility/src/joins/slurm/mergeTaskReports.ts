import { basename, join } from 'node:path';
import { KeyDigest, type FileResult, type FriendJoinReport, type JoinPlan, type JoinReport, type Strategy, type ValidationReport } from '@afkit/join-engine';
import type { PrimaryGroup } from './chooseExecutor.ts';

/** One finished array task: its group of primary files and the report its `afkit join` printed. */
export interface TaskReport {
  readonly group: PrimaryGroup;
  readonly report: JoinReport;
}

/**
 * Where a task's output file goes in the folder `dir` of the whole run: the engine names outputs
 * `<friend>/<NNNN>_<primary file name>.<ext>` by the primary file's index in the plan, which in a task counts from its
 * group's first file.
 */
export function runFilePath(dir: string, friend: string, taskOutputPath: string, group: PrimaryGroup): string {
  const name = basename(taskOutputPath);
  const match = /^(\d+)_/.exec(name);
  if (!match) throw new Error(`unexpected join output name ${name} (expected <index>_<primary file name>)`);
  return join(dir, friend, `${String(group.first + Number(match[1])).padStart(match[1]!.length, '0')}_${name.slice(match[0].length)}`);
}

/**
 * The report of the whole run from its tasks' reports, as one in-process run of `plan` reports it: per-file results in
 * primary-file order, counts summed, each friend's proof digest chained from the per-file digests in file order (as
 * the engine chains them), and what depends on all primary files (relationship, friend rows matching no event, the
 * validation) taken from the facility's own validation of the whole plan. Output paths are those in `dir` (see
 * {@link runFilePath}).
 */
export function mergeTaskReports(
  plan: JoinPlan,
  validation: ValidationReport,
  tasks: readonly TaskReport[],
  dir: string,
  elapsedMs: number,
): JoinReport {
  const ordered = [...tasks].sort((a, b) => a.group.first - b.group.first);
  const friends = plan.friends.map((friend, f): FriendJoinReport => {
    const checked = validation.friends[f]!;
    const files = ordered.flatMap(({ group, report }) => report.friends[f]!.files.map((file) => ({ ...file, outputPath: runFilePath(dir, friend.name, file.outputPath, group) })));
    const strategies: Partial<Record<Strategy, number>> = {};
    const digest = new KeyDigest();
    for (const file of files) {
      strategies[file.strategy] = (strategies[file.strategy] ?? 0) + 1;
      digest.addDigest(file.digest);
    }
    const sum = (pick: (r: FileResult) => number): number => files.reduce((n, r) => n + pick(r), 0);
    return {
      name: friend.name,
      relationship: checked.relationship,
      strategies,
      matched: sum((r) => r.primaryMatched),
      unmatched: sum((r) => r.primaryUnmatched),
      friendUnmatched: checked.rows - checked.matchedRows,
      outputRows: sum((r) => r.rows),
      proof: { verifiedRows: sum((r) => r.verifiedRows), attachedRows: sum((r) => r.attached), digest: digest.hex() },
      files,
    };
  });
  return { kind: plan.kind, format: plan.output.format, primaryRows: validation.primary.rows, friends, validation, elapsedMs };
}
