import { join } from 'node:path';
import { FacilityError, FRAMES_CONTENT_TYPE, encodeFrame, type DatasetProgress, type DatasetSource, type DatasetSpec } from '@afkit/core';
import type { Feature } from '../Feature.ts';
import type { RouteContext } from '../http/Router.ts';
import { DatasetRoots, defaultRoots, type RootConfig } from './DatasetRoots.ts';
import { listFolder } from './listFolder.ts';
import { openDataset } from './openDataset.ts';
import { ensureSampleDataset, type SampleDatasetOptions } from './sampleData.ts';
import { fileTrees, openTree, previewRows, readFrames, treeBranches } from './tableData.ts';

/** Options of {@link datasetsFeature}. */
export interface DatasetsFeatureOptions {
  /** Folders served; default {@link defaultRoots} (AFKIT_DATASET_ROOTS, else home, the working folder and /work/shared/data/hep). */
  readonly roots?: readonly RootConfig[];
  /** Generate and serve the sample NanoAOD-like dataset under the state folder (default true); options size it. */
  readonly sample?: boolean | SampleDatasetOptions;
  /** Read http(s) URLs (default true). */
  readonly urls?: boolean;
}

const ROUTE = '/api/afkit/datasets';
const DEFAULT_PREVIEW_ROWS = 100;

/**
 * The Datasets feature: serves folders, the sample dataset and URLs under `/api/afkit/datasets/…`, with every path
 * confined to the served folders. Long calls (open, read) answer with a frame stream carrying progress and batches.
 */
export function datasetsFeature(options: DatasetsFeatureOptions = {}): Feature {
  return {
    capability: 'datasets',
    async mount({ router, stateDir }) {
      const sampleOptions = typeof options.sample === 'object' ? options.sample : {};
      const sample: DatasetSource | undefined =
        options.sample === false
          ? undefined
          : { id: 'sample', kind: 'sample', label: 'Sample NanoAOD', path: join(stateDir, 'sample-nanoaod'), description: 'Generated NanoAOD-like Arrow files (deterministic).' };
      let generated: Promise<unknown> | undefined;
      // The sample is written on first use, so a facility that never browses data never pays for it.
      const ready = (): Promise<unknown> => (generated ??= sample ? ensureSampleDataset(sample.path, sampleOptions) : Promise.resolve());
      let rootsPromise: Promise<DatasetRoots> | undefined;
      const roots = async (): Promise<DatasetRoots> => {
        await ready();
        return (rootsPromise ??= DatasetRoots.create(options.roots ?? defaultRoots(), sample, options.urls ?? true));
      };

      router.get(`${ROUTE}/sources`, async () => ({ json: (await roots()).sources() }));

      router.get(`${ROUTE}/list`, async ({ query, signal }) => {
        const served = await roots();
        return { json: await listFolder(served, served.source(query.get('source') ?? ''), query.get('path') ?? undefined, signal) };
      });

      router.post(`${ROUTE}/open`, async ({ body, signal }) => {
        const served = await roots();
        const spec = field<DatasetSpec>(body, 'spec', 'object');
        return { stream: progressCall((onProgress) => openDataset(served, spec, onProgress, signal)), contentType: FRAMES_CONTENT_TYPE };
      });

      router.get(`${ROUTE}/trees`, async ({ query, signal }) => {
        const file = await (await roots()).confine(query.get('file'));
        return { json: await fileTrees(file, signal) };
      });

      router.get(`${ROUTE}/branches`, async ({ query, signal }) => {
        const file = await (await roots()).confine(query.get('file'));
        return { json: await treeBranches(file, query.get('tree') ?? '', signal) };
      });

      router.post(`${ROUTE}/preview`, async ({ body, signal }) => {
        const file = await (await roots()).confine(field(body, 'file', 'string'));
        const limit = optionalNumber(body, 'limit') ?? DEFAULT_PREVIEW_ROWS;
        const bytes = await previewRows(file, optionalString(body, 'tree'), field<string[]>(body, 'columns', 'array'), limit, signal);
        return { bytes, contentType: 'application/vnd.apache.arrow.stream' };
      });

      router.post(`${ROUTE}/read`, async (context: RouteContext) => {
        const { body, signal } = context;
        const file = await (await roots()).confine(field(body, 'file', 'string'));
        const columns = field<string[]>(body, 'columns', 'array');
        if (columns.length === 0) throw new FacilityError('invalid-input', 'Choose at least one branch to read.');
        // Opened before answering, so a missing file or branch is a plain HTTP error, not a broken stream.
        const table = await openTree(file, optionalString(body, 'tree'), signal, columns);
        const request = {
          columns,
          entryStart: optionalNumber(body, 'entryStart'),
          entryStop: optionalNumber(body, 'entryStop'),
          batchSize: optionalNumber(body, 'batchSize'),
        };
        return { stream: readFrames(table, request, signal), contentType: FRAMES_CONTENT_TYPE };
      });
    },
  };
}

/** Runs a call that reports progress, as a frame stream: progress frames while it runs, then its result or error. */
async function* progressCall(run: (onProgress: (p: DatasetProgress) => void) => Promise<unknown>): AsyncGenerator<Uint8Array> {
  const queue: Uint8Array[] = [];
  let wake: (() => void) | undefined;
  let settled: { value?: unknown; error?: unknown } | undefined;
  run((p) => {
    queue.push(encodeFrame({ kind: 'progress', value: p }));
    wake?.();
  }).then(
    (value) => (settled = { value }),
    (error: unknown) => (settled = { error }),
  ).finally(() => wake?.());
  for (;;) {
    while (queue.length > 0) yield queue.shift()!;
    if (settled) break;
    await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
  }
  yield settled.error === undefined
    ? encodeFrame({ kind: 'result', value: settled.value })
    : encodeFrame({ kind: 'error', error: FacilityError.from(settled.error).toJSON() });
}

function field<T>(body: unknown, name: string, kind: 'string' | 'object' | 'array'): T {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  const ok = kind === 'array' ? Array.isArray(value) && value.every((v) => typeof v === 'string') : typeof value === kind && value !== null;
  if (!ok) throw new FacilityError('invalid-input', `The request needs "${name}" (${kind === 'array' ? 'a list of names' : `a ${kind}`}).`);
  return value as T;
}

function optionalString(body: unknown, name: string): string {
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}

function optionalNumber(body: unknown, name: string): number | undefined {
  const value = (body as Record<string, unknown>)[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new FacilityError('invalid-input', `"${name}" must be a number.`);
  return value;
}
