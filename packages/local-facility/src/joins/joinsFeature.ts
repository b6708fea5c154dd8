import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { FacilityError, JOIN_ROUTES, type JoinDatasetSpec, type JsonObject } from '@afkit/core';
import { validateJoin, type JoinReport } from '@afkit/join-engine';
import type { Feature, FeatureContext } from '../Feature.ts';
import { PidRegistry, defaultRegistryDir, killOnProcessExit } from '../PidRegistry.ts';
import { describeDataset } from './describeDataset.ts';
import { JoinJob } from './JoinJob.ts';
import { previewOutput } from './previewOutput.ts';
import { resolvePlan } from './resolvePlan.ts';
import { runJoinOnFacility } from './runJoinOnFacility.ts';
import { slurmJoinSettings, type SlurmJoinOptions, type SlurmJoinSettings } from './slurm/SlurmJoinOptions.ts';

/** Options of {@link joinsFeature}. */
export interface JoinsFeatureOptions {
  /** Finished jobs kept for listing and preview (default 50); running ones are always kept. */
  readonly keep?: number;
  /** Folder relative paths and globs in plans resolve against (default: the process's). */
  readonly cwd?: string;
  /**
   * Runs large joins as Slurm job arrays, one task per group of primary files, where Slurm answers; without it every
   * run is in this process. Right and outer joins always run in one process.
   */
  readonly slurm?: SlurmJoinOptions;
  /** Where the Slurm arrays of running joins are recorded for reaping after a kill -9 (default: the per-user `afkit/joins` state folder). */
  readonly registryDir?: string;
}

const MAX_WAIT_MS = 30_000;
const MAX_PREVIEW_ROWS = 100_000;

/**
 * The `joins` capability: `/api/afkit/joins/…` routes over `@afkit/join-engine`. Validations and runs are jobs followed
 * by long polls; cancelling one aborts the engine, and shutting the facility down cancels every running job.
 * Outputs go to the plan's `output.dir`, by default `<stateDir>/joins/<run id>`. With `slurm`, large runs go to Slurm
 * job arrays; a run's report says how it was executed (`executor`).
 */
export function joinsFeature(options: JoinsFeatureOptions = {}): Feature {
  const slurm = options.slurm && slurmJoinSettings(options.slurm);
  return { capability: 'joins', mount: (context) => mountJoins(context, options, slurm) };
}

function mountJoins({ router, stateDir, onClose }: FeatureContext, options: JoinsFeatureOptions, settings: SlurmJoinSettings | undefined): void {
  // Arrays of runs still going when the facility dies are cancelled at exit, or by the next start after a kill -9.
  const slurm = settings && { settings, registry: new PidRegistry(options.registryDir ?? defaultRegistryDir('joins')) };
  const registry = slurm?.registry;
  const reaped = registry?.reapLeftovers() ?? 0;
  if (reaped > 0) console.error(`afkit facility: cancelled ${reaped} Slurm join array(s) left by a facility that crashed`);
  const release = registry && killOnProcessExit(registry);
  const jobs = new Map<string, JoinJob>();
  const keep = options.keep ?? 50;
  const cwd = options.cwd ?? process.cwd();
  const find = (id: string | undefined): JoinJob => {
    const job = id === undefined ? undefined : jobs.get(id);
    if (!job) throw new FacilityError('not-found', `No join job ${id}.`, { hint: 'The facility keeps recent jobs only, and forgets them when restarted.' });
    return job;
  };
  const forgetOld = (): void => {
    const finished = [...jobs.values()].filter((j) => j.summary().state !== 'running');
    for (const job of finished.slice(0, Math.max(0, finished.length - keep))) jobs.delete(job.id);
  };

  router.post(JOIN_ROUTES.keys, ({ body, signal }) => describeDataset(body as JoinDatasetSpec, signal).then((json) => ({ json })));

  router.post(JOIN_ROUTES.jobs, async ({ body }) => {
    const { kind, plan: json } = (body ?? {}) as { kind?: unknown; plan?: unknown };
    if (kind !== 'validate' && kind !== 'run') throw new FacilityError('invalid-input', 'kind must be "validate" or "run".', { where: 'kind' });
    const id = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
    const plan = await resolvePlan(json, join(stateDir, 'joins', id), cwd);
    // Scans and joins run on a thread of their own: a large key index would otherwise stop this server for seconds.
    const job = new JoinJob(id, kind, plan.output.dir, plan.friends.map((f) => f.name), plan as unknown as JsonObject, (signal, onProgress) =>
      kind === 'validate'
        ? (validateJoin(plan, { signal, onProgress, ownThread: true }) as Promise<unknown> as Promise<JsonObject>)
        : (runJoinOnFacility(plan, id, slurm, { signal, onProgress, ownThread: true }) as Promise<unknown> as Promise<JsonObject>),
    );
    jobs.set(id, job);
    forgetOld();
    return { status: 202, json: job.wire() };
  });

  router.get(`${JOIN_ROUTES.jobs}/:id`, async ({ params, query, signal }) => {
    const job = find(params.id);
    const since = Number(query.get('since') ?? -1);
    if (Number.isFinite(since) && since >= 0) await job.changedSince(since, Math.min(Number(query.get('wait') ?? 10_000) || 0, MAX_WAIT_MS), signal);
    return { json: job.wire() };
  });

  router.post(`${JOIN_ROUTES.jobs}/:id/cancel`, async ({ params }) => {
    const job = find(params.id);
    job.cancel();
    await job.settled;
    return { json: job.wire() };
  });

  router.get(JOIN_ROUTES.runs, () => ({
    json: [...jobs.values()].filter((j) => j.kind === 'run').map((j) => j.summary()).reverse(),
  }));

  router.get(`${JOIN_ROUTES.runs}/:id/preview`, async ({ params, query, signal }) => {
    const job = find(params.id);
    const report = job.output as JoinReport | undefined;
    if (job.kind !== 'run' || !report) throw new FacilityError('conflict', `Join run ${job.id} has no output to preview (it is ${job.summary().state}).`);
    const name = query.get('friend') ?? report.friends[0]?.name;
    const friend = report.friends.find((f) => f.name === name);
    if (!friend) throw new FacilityError('not-found', `Join run ${job.id} has no friend "${name}".`, { hint: `Friends: ${report.friends.map((f) => f.name).join(', ')}` });
    const limit = Math.max(0, Math.min(Number(query.get('limit') ?? 200) || 0, MAX_PREVIEW_ROWS));
    const bytes = await previewOutput(friend.files.map((f) => f.outputPath), limit, signal);
    return { bytes, contentType: 'application/vnd.apache.arrow.stream' };
  });

  onClose(async () => {
    const running = [...jobs.values()];
    for (const job of running) job.cancel();
    await Promise.all(running.map((j) => j.settled));
    release?.();
    registry?.dispose();
  });
}
