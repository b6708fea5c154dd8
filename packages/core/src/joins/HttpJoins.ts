import type { CallOptions } from '../Facility.ts';
import { FacilityError, throwIfAborted } from '../FacilityError.ts';
import type { HttpRequestOptions } from '../http/httpRequest.ts';
import { JOIN_ROUTES, type JoinJobWire } from './JoinJobWire.ts';
import type {
  JoinCallOptions,
  JoinDatasetInfo,
  JoinDatasetSpec,
  JoinPreviewOptions,
  JoinPreviewTarget,
  JoinRunResult,
  JoinRunSummary,
  JoinsService,
  JsonObject,
} from './JoinsService.ts';

/** The request helper of the facility this service belongs to (`HttpFacility.request`). */
export type FacilityRequest = <T>(path: string, options?: HttpRequestOptions) => Promise<T>;

/** How long one progress long-poll may wait on the server before it answers unchanged. */
const POLL_WAIT_MS = 10_000;

/**
 * {@link JoinsService} over HTTP. Validations and runs are server-side jobs: the client starts one, follows it with
 * long polls (each answer carries the latest progress), and on abort asks the facility to cancel it.
 */
export class HttpJoins implements JoinsService {
  constructor(private readonly request: FacilityRequest) {}

  suggestKeys(dataset: JoinDatasetSpec, options: CallOptions = {}): Promise<JoinDatasetInfo> {
    return this.request<JoinDatasetInfo>(JOIN_ROUTES.keys, { method: 'POST', body: dataset, signal: options.signal, timeoutMs: 60_000 });
  }

  async validate(plan: JsonObject, options: JoinCallOptions = {}): Promise<JsonObject> {
    return (await this.follow('validate', plan, options)).result ?? {};
  }

  async run(plan: JsonObject, options: JoinCallOptions = {}): Promise<JoinRunResult> {
    const { result, plan: resolved, seq: _seq, kind: _kind, ...run } = await this.follow('run', plan, options);
    return { run, plan: resolved, report: result ?? {} };
  }

  preview(output: JoinPreviewTarget, options: JoinPreviewOptions = {}): Promise<Uint8Array> {
    const query = new URLSearchParams({ limit: String(options.limit ?? 200) });
    if (output.friend !== undefined) query.set('friend', output.friend);
    return this.request<Uint8Array>(`${JOIN_ROUTES.preview(output.runId)}?${query}`, { binary: true, signal: options.signal, timeoutMs: 60_000 });
  }

  listRuns(options: CallOptions = {}): Promise<JoinRunSummary[]> {
    return this.request<JoinRunSummary[]>(JOIN_ROUTES.runs, { signal: options.signal });
  }

  private async follow(kind: JoinJobWire['kind'], plan: JsonObject, options: JoinCallOptions): Promise<JoinJobWire> {
    const { signal, onProgress } = options;
    throwIfAborted(signal);
    let job = await this.request<JoinJobWire>(JOIN_ROUTES.jobs, { method: 'POST', body: { kind, plan }, signal });
    const cancel = (): void => void this.request(JOIN_ROUTES.cancel(job.id), { method: 'POST' }).catch(() => undefined);
    signal?.addEventListener('abort', cancel, { once: true });
    if (signal?.aborted) cancel();
    try {
      let reported = -1;
      for (;;) {
        if (job.progress && job.seq !== reported) {
          reported = job.seq;
          onProgress?.(job.progress);
        }
        if (job.state !== 'running') break;
        job = await this.request<JoinJobWire>(`${JOIN_ROUTES.job(job.id)}?since=${job.seq}&wait=${POLL_WAIT_MS}`, {
          signal,
          timeoutMs: POLL_WAIT_MS + 15_000,
        });
      }
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
    if (job.state === 'succeeded') return job;
    if (job.error) throw FacilityError.fromJSON(job.error);
    throw new FacilityError(job.state === 'cancelled' ? 'cancelled' : 'backend', `The join ${kind} ${job.state}.`, { where: JOIN_ROUTES.job(job.id) });
  }
}
