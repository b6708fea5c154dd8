import { parseJoinPlan, type JoinPlan } from '@afkit/join-engine';
import { FacilityError } from '@afkit/core';
import { expandFiles } from './expandFiles.ts';

/**
 * Turns a plan as a user wrote it (globs, relative paths, no output folder) into a checked {@link JoinPlan}: files
 * expanded, the output folder defaulted to `defaultOutputDir`. Fails with `invalid-input` naming the bad field.
 */
export async function resolvePlan(json: unknown, defaultOutputDir: string, cwd = process.cwd()): Promise<JoinPlan> {
  const value = typeof json === 'string' ? parseText(json) : json;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return parseJoinPlan(value);
  const plan = value as Record<string, unknown>;
  const withFiles = async (dataset: unknown): Promise<unknown> => {
    if (typeof dataset !== 'object' || dataset === null) return dataset;
    const files = (dataset as { files?: unknown }).files;
    if (!Array.isArray(files) || !files.every((f) => typeof f === 'string')) return dataset;
    return { ...dataset, files: await expandFiles(files, cwd) };
  };
  const output = typeof plan.output === 'object' && plan.output !== null ? (plan.output as Record<string, unknown>) : {};
  const dir = typeof output.dir === 'string' && output.dir !== '' ? (await expandFiles([output.dir], cwd))[0] : defaultOutputDir;
  return parseJoinPlan({
    ...plan,
    primary: await withFiles(plan.primary),
    friends: Array.isArray(plan.friends) ? await Promise.all(plan.friends.map(withFiles)) : plan.friends,
    output: { ...output, dir },
  });
}

function parseText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new FacilityError('invalid-input', `join plan is not valid JSON: ${(error as Error).message}`, { where: 'plan' });
  }
}
