import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runJoin, type JoinOptions, type JoinPlan, type JoinReport } from '@afkit/join-engine';

/** The file a successful run leaves beside its friend folders: the plan it ran and its report. */
export const REPORT_FILE = 'join-report.json';

/** The hidden folder in the output folder where a run writes until it has succeeded. */
export function stagingDir(plan: JoinPlan, runId: string): string {
  return join(plan.output.dir, `.afkit-partial-${runId}`);
}

/**
 * Runs a join so that its output folder only ever claims success: the engine writes into a hidden staging folder,
 * which replaces the friend folders (and `join-report.json`) only once every file is written and verified. A failed or
 * cancelled run removes its staging folder and leaves earlier outputs as they were.
 */
export async function runJoinToFolder(plan: JoinPlan, runId: string, options: JoinOptions = {}): Promise<JoinReport> {
  const staging = stagingDir(plan, runId);
  await mkdir(staging, { recursive: true });
  try {
    return await publishStaged(plan, staging, await runJoin({ ...plan, output: { ...plan.output, dir: staging } }, options));
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * Moves the friend folders of a finished run from `staging` into the plan's output folder, replacing earlier ones, and
 * writes `join-report.json`; returns the report with its output paths in the output folder.
 */
export async function publishStaged<Report extends JoinReport>(plan: JoinPlan, staging: string, staged: Report): Promise<Report> {
  const finalDir = plan.output.dir;
  await rm(join(finalDir, REPORT_FILE), { force: true });
  for (const friend of plan.friends) {
    await rm(join(finalDir, friend.name), { recursive: true, force: true });
    await rename(join(staging, friend.name), join(finalDir, friend.name));
  }
  const report: Report = {
    ...staged,
    friends: staged.friends.map((f) => ({ ...f, files: f.files.map((file) => ({ ...file, outputPath: join(finalDir, file.outputPath.slice(staging.length + 1)) })) })),
  };
  await writeFile(join(finalDir, REPORT_FILE), `${JSON.stringify({ plan, report }, null, 2)}\n`);
  return report;
}
