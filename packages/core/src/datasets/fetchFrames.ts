import { FacilityError, type FacilityErrorCode } from '../FacilityError.ts';
import type { HttpTarget } from '../http/httpRequest.ts';
import { decodeFrames, FRAMES_CONTENT_TYPE, type Frame } from './frames.ts';

/**
 * POSTs `body` to a facility route that answers with a frame stream, and yields its frames as they arrive.
 * Aborting `signal` cuts the connection, which stops the work on the facility.
 */
export async function* fetchFrames(target: HttpTarget, path: string, body: unknown, signal?: AbortSignal): AsyncGenerator<Frame> {
  const url = `${target.url}${path}`;
  const headers: Record<string, string> = { Accept: FRAMES_CONTENT_TYPE, 'Content-Type': 'application/json' };
  if (target.token) headers.Authorization = `token ${target.token}`;
  let response: Response;
  try {
    response = await (target.fetch ?? fetch)(url, { method: 'POST', headers, body: JSON.stringify(body), signal });
  } catch (error) {
    throw transportError(error, url, target.url, signal);
  }
  if (!response.ok) throw await errorOf(response, url);
  if (!response.body) throw new FacilityError('bad-response', `The facility at ${target.url} sent no body.`, { where: url });
  try {
    yield* decodeFrames(response.body as unknown as AsyncIterable<Uint8Array>, url);
  } catch (error) {
    if (FacilityError.is(error)) throw error;
    throw transportError(error, url, target.url, signal);
  }
}

function transportError(error: unknown, url: string, base: string, signal: AbortSignal | undefined): FacilityError {
  if (signal?.aborted) return new FacilityError('cancelled', 'The operation was cancelled.', { where: url });
  return new FacilityError('unreachable', `Lost the connection to the facility at ${base}.`, {
    where: url,
    hint: 'Check that it is running (npm start starts the local one), then try again.',
    cause: error,
  });
}

/** The facility answers errors as `{error, code, where, hint, retryable}`; keep its code rather than guessing from the status. */
async function errorOf(response: Response, url: string): Promise<FacilityError> {
  const text = await response.text().catch(() => '');
  let json: { error?: unknown; code?: unknown; where?: unknown; hint?: unknown; retryable?: unknown } = {};
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: fall through to the status
  }
  const code = (typeof json.code === 'string' ? json.code : response.status === 403 ? 'forbidden' : response.status === 404 ? 'not-found' : 'backend') as FacilityErrorCode;
  return new FacilityError(code, typeof json.error === 'string' ? json.error : `HTTP ${response.status} ${response.statusText}`, {
    where: typeof json.where === 'string' ? json.where : url,
    hint: typeof json.hint === 'string' ? json.hint : undefined,
    retryable: typeof json.retryable === 'boolean' ? json.retryable : response.status >= 500,
  });
}
