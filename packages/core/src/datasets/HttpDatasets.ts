import type { CallOptions } from '../Facility.ts';
import { FacilityError } from '../FacilityError.ts';
import type { HttpRequestOptions, HttpTarget } from '../http/httpRequest.ts';
import type {
  BranchListing,
  DatasetProgress,
  DatasetSource,
  DatasetSpec,
  DatasetSummary,
  DatasetsService,
  FolderListing,
  LongCallOptions,
  PreviewOptions,
  ReadOptions,
  ReadSummary,
  TreeInfo,
} from './DatasetsService.ts';
import { fetchFrames } from './fetchFrames.ts';

type Request = <T>(path: string, options?: HttpRequestOptions) => Promise<T>;

/** Where the facility serves datasets. */
export const DATASETS_ROUTE = '/api/afkit/datasets';

/** Opening a remote file's metadata may be slow; still fail rather than hang. */
const METADATA_TIMEOUT_MS = 120_000;

/**
 * {@link DatasetsService} over the facility's `/api/afkit/datasets/…` routes; long calls stream frames. Omitted arguments
 * may arrive as null (a JSON-serialising bridge turns `undefined` into null), so null is read as "not given".
 */
export class HttpDatasets implements DatasetsService {
  constructor(
    private readonly target: HttpTarget,
    private readonly request: Request,
  ) {}

  sources(options?: CallOptions | null): Promise<DatasetSource[]> {
    return this.request<DatasetSource[]>(`${DATASETS_ROUTE}/sources`, { signal: options?.signal });
  }

  list(source: string, path?: string | null, options?: CallOptions | null): Promise<FolderListing> {
    const query = new URLSearchParams({ source });
    // `!=`: over a JSON-serialising bridge (VS Code webviews) an omitted argument arrives as null.
    if (path != null) query.set('path', path);
    return this.request<FolderListing>(`${DATASETS_ROUTE}/list?${query}`, { signal: options?.signal });
  }

  async openDataset(spec: DatasetSpec, options?: LongCallOptions | null): Promise<DatasetSummary> {
    return (await this.frames('open', { spec }, options ?? {})) as DatasetSummary;
  }

  trees(file: string, options?: CallOptions | null): Promise<TreeInfo[]> {
    return this.request<TreeInfo[]>(`${DATASETS_ROUTE}/trees?${new URLSearchParams({ file })}`, {
      signal: options?.signal,
      timeoutMs: METADATA_TIMEOUT_MS,
    });
  }

  branches(file: string, tree: string, options?: CallOptions | null): Promise<BranchListing> {
    return this.request<BranchListing>(`${DATASETS_ROUTE}/branches?${new URLSearchParams({ file, tree })}`, {
      signal: options?.signal,
      timeoutMs: METADATA_TIMEOUT_MS,
    });
  }

  preview(file: string, tree: string, columns: readonly string[], options?: PreviewOptions | null): Promise<Uint8Array> {
    return this.request<Uint8Array>(`${DATASETS_ROUTE}/preview`, {
      method: 'POST',
      body: { file, tree, columns, limit: options?.limit },
      binary: true,
      signal: options?.signal,
      timeoutMs: METADATA_TIMEOUT_MS,
    });
  }

  async read(file: string, tree: string, columns: readonly string[], options: ReadOptions): Promise<ReadSummary> {
    const { entryStart, entryStop, batchSize } = options;
    return (await this.frames('read', { file, tree, columns, entryStart, entryStop, batchSize }, options)) as ReadSummary;
  }

  /** Runs one long call: progress and batches go to the callbacks, the result frame is the answer. */
  private async frames(route: string, body: unknown, options: LongCallOptions & { onBatch?: (ipc: Uint8Array) => void }): Promise<unknown> {
    const where = `${DATASETS_ROUTE}/${route}`;
    for await (const frame of fetchFrames(this.target, where, body, options.signal)) {
      if (frame.kind === 'progress') options.onProgress?.(frame.value as DatasetProgress);
      else if (frame.kind === 'batch') options.onBatch?.(frame.bytes);
      else if (frame.kind === 'error') throw FacilityError.fromJSON(frame.error);
      else return frame.value;
    }
    throw new FacilityError('bad-response', 'The facility ended the answer without a result.', {
      where: `${this.target.url}${where}`,
      hint: 'The facility may have stopped; its log says more. Try again.',
    });
  }
}
