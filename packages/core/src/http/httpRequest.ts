import { FacilityError } from '../FacilityError.ts';

/** How to reach a facility over HTTP. */
export interface HttpTarget {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:8765`. */
  readonly url: string;
  /** Sent as `Authorization: token …`, like Jupyter. */
  readonly token?: string;
  /** Injected for tests and hosts; defaults to the global fetch. */
  readonly fetch?: typeof fetch;
  /** A WebSocket class for live streams; defaults to the global one (Node 20 has none: pass the `ws` package's). */
  readonly WebSocket?: WebSocketClass;
}

/** The part of the WebSocket class afkit uses; browsers' and the `ws` package's both fit. */
export type WebSocketClass = new (url: string) => WebSocket;

/** Options of one request. */
export interface HttpRequestOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly body?: unknown;
  readonly signal?: AbortSignal;
  /** Fails with a `timeout` error after this long (default 15 s). */
  readonly timeoutMs?: number;
  /** Return the raw bytes instead of parsed JSON. */
  readonly binary?: boolean;
}

/**
 * Calls one facility route and turns every way it can fail into a {@link FacilityError}
 * that says what failed, where, and what to do: down, slow, wrong token, or an answer that is not what was asked.
 */
export async function httpRequest<T>(target: HttpTarget, path: string, options: HttpRequestOptions = {}): Promise<T> {
  const url = `${target.url}${path}`;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const headers: Record<string, string> = { Accept: options.binary ? 'application/octet-stream' : 'application/json' };
  if (target.token) headers.Authorization = `token ${target.token}`;
  let body: BodyInit | undefined;
  if (options.body instanceof Uint8Array) {
    body = options.body as Uint8Array<ArrayBuffer>;
    headers['Content-Type'] = 'application/octet-stream';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }

  let response: Response;
  try {
    response = await (target.fetch ?? fetch)(url, { method: options.method ?? 'GET', headers, body, signal });
  } catch (error) {
    if (options.signal?.aborted) throw new FacilityError('cancelled', 'The operation was cancelled.', { where: url });
    if (timeout.aborted || isTimeoutError(error)) {
      throw new FacilityError('timeout', `The facility at ${target.url} did not answer within ${Math.round(timeoutMs / 1000)} s.`, {
        where: url,
        hint: 'It may be overloaded; try again, or check that it is running.',
      });
    }
    throw new FacilityError('unreachable', `Cannot reach the facility at ${target.url}.`, {
      where: url,
      hint: 'Check that it is running (npm start starts the local one) and that the URL is right.',
      cause: error,
    });
  }
  return readResponse<T>(response, url, target.url, options.binary === true);
}

async function readResponse<T>(response: Response, url: string, base: string, binary: boolean): Promise<T> {
  if (response.ok && response.status === 204) return undefined as T;
  if (response.ok && binary) return new Uint8Array(await response.arrayBuffer()) as T;
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    throw new FacilityError('bad-response', `The facility at ${base} answered ${response.status} with something that is not JSON.`, {
      where: url,
      details: text.slice(0, 200),
      hint: 'Is the URL pointing at an afkit facility or Dask Gateway, and not at another web server?',
    });
  }
  if (response.ok) return json as T;
  const message = errorMessage(json) ?? `HTTP ${response.status} ${response.statusText}`;
  const served = typeof json === 'object' && json !== null ? (json as { hint?: unknown; where?: unknown }) : {};
  throw new FacilityError(codeForStatus(response.status), message, {
    // The facility's own `where` (a file, a cluster) and `hint` are more useful than the URL and a generic hint.
    where: typeof served.where === 'string' ? served.where : url,
    retryable: response.status >= 500 || response.status === 429,
    hint: typeof served.hint === 'string' ? served.hint : hintForStatus(response.status),
    details: json,
  });
}

function errorMessage(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const { error, message } = json as { error?: unknown; message?: unknown };
  if (typeof error === 'string') return error;
  if (typeof message === 'string') return message;
  return undefined;
}

function codeForStatus(status: number): FacilityError['code'] {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 400 || status === 422) return 'invalid-input';
  if (status === 501) return 'unsupported';
  return 'backend';
}

function hintForStatus(status: number): string | undefined {
  if (status === 401) return 'The token was missing or wrong: check the facility token in your afkit settings.';
  if (status === 403) return 'You are not allowed to do this on this facility.';
  if (status >= 500) return 'The facility failed; its log says more. Retrying may help.';
  return undefined;
}

function isTimeoutError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'TimeoutError';
}
