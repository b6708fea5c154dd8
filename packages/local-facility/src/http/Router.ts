import type { IncomingMessage, ServerResponse } from 'node:http';
import FindMyWay from 'find-my-way';
import { FacilityError, type FacilityErrorCode } from '@afkit/core';

/** What a route handler gets. */
export interface RouteContext {
  readonly params: Readonly<Record<string, string | undefined>>;
  readonly query: URLSearchParams;
  /** The parsed JSON body (undefined when empty); reading it fails the request with 422 when it is not valid JSON. */
  readonly body: unknown;
  /** The raw body bytes, for binary uploads. */
  readonly rawBody: Uint8Array;
  /** Aborted when the client goes away, so long work stops. */
  readonly signal: AbortSignal;
  readonly request: IncomingMessage;
}

/** What a route handler answers: JSON, bytes, or nothing (204). */
export type RouteResult =
  | { readonly status?: number; readonly json: unknown }
  | { readonly status?: number; readonly bytes: Uint8Array; readonly contentType?: string }
  | { readonly status: 204 }
  /** Streamed with backpressure; a failure after the first chunk ends the response (put errors inside the stream's own format). */
  | { readonly status?: number; readonly stream: AsyncIterable<Uint8Array>; readonly contentType: string };

/** A route handler: throw a FacilityError to answer with its status and `{"error": …}` (Dask Gateway's error shape). */
export type RouteHandler = (context: RouteContext) => Promise<RouteResult> | RouteResult;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const STATUS_BY_CODE: Record<FacilityErrorCode, number> = {
  unreachable: 502,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  'invalid-input': 422,
  conflict: 409,
  'bad-response': 502,
  backend: 500,
  timeout: 504,
  cancelled: 499,
  unsupported: 501,
  internal: 500,
};

const MAX_BODY_BYTES = 256 * 1024 * 1024;

/** The facility's HTTP routes. Paths are exact, as in Dask Gateway: a missing or extra trailing slash is a 404. */
export class Router {
  private readonly routes = FindMyWay({ ignoreTrailingSlash: false, caseSensitive: true });

  get(path: string, handler: RouteHandler): void {
    this.add('GET', path, handler);
  }
  post(path: string, handler: RouteHandler): void {
    this.add('POST', path, handler);
  }
  put(path: string, handler: RouteHandler): void {
    this.add('PUT', path, handler);
  }
  patch(path: string, handler: RouteHandler): void {
    this.add('PATCH', path, handler);
  }
  delete(path: string, handler: RouteHandler): void {
    this.add('DELETE', path, handler);
  }

  /** Answers one (already authenticated) request. */
  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const found = this.routes.find(request.method as Method, url.pathname);
    const abort = new AbortController();
    response.on('close', () => {
      if (!response.writableFinished) abort.abort();
    });
    try {
      if (!found) throw new FacilityError('not-found', `No route ${request.method} ${url.pathname}.`);
      const rawBody = await readBody(request);
      let body: { value: unknown } | undefined;
      const context: RouteContext = {
        params: found.params,
        query: url.searchParams,
        rawBody,
        // Parsed on first use, so routes that read the body their own way (UHI JSON with NaN) never pay for JSON.parse.
        get body() {
          body ??= { value: parseJsonBody(request, rawBody) };
          return body.value;
        },
        signal: abort.signal,
        request,
      };
      const result = await (found.store as { handler: RouteHandler }).handler(context);
      if ('stream' in result) await sendStream(response, result.stream, result.status ?? 200, result.contentType);
      else send(response, result);
    } catch (error) {
      const failure = FacilityError.from(error);
      if (failure.code === 'internal') console.error(`afkit facility: ${request.method} ${url.pathname} failed:`, error);
      send(response, {
        status: STATUS_BY_CODE[failure.code],
        json: { error: failure.message, code: failure.code, where: failure.where, hint: failure.hint, retryable: failure.retryable },
      });
    }
  }

  private add(method: Method, path: string, handler: RouteHandler): void {
    this.routes.on(method, path, () => {}, { handler });
  }
}

async function sendStream(response: ServerResponse, stream: AsyncIterable<Uint8Array>, status: number, contentType: string): Promise<void> {
  response.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
  try {
    for await (const chunk of stream) {
      if (response.destroyed) return;
      if (!response.write(chunk)) await drainedOrClosed(response);
    }
  } catch (error) {
    console.error('afkit facility: a streamed answer failed after it started:', error);
  }
  response.end();
}

/**
 * Resolves once the response drains, or closes (a client that goes away never drains). Both listeners go when either
 * fires: a stream waits here once per chunk, and listeners left behind would pile up on the response.
 */
function drainedOrClosed(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}

function send(response: ServerResponse, result: Exclude<RouteResult, { stream: unknown }>): void {
  if (response.headersSent || response.destroyed) return;
  if ('json' in result) {
    const text = JSON.stringify(result.json);
    response.writeHead(result.status ?? 200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    response.end(text);
  } else if ('bytes' in result) {
    response.writeHead(result.status ?? 200, { 'Content-Type': result.contentType ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
    response.end(result.bytes);
  } else {
    response.writeHead(204);
    response.end();
  }
}

async function readBody(request: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) throw new FacilityError('invalid-input', `The request body is larger than ${MAX_BODY_BYTES >> 20} MB.`);
      chunks.push(chunk);
    }
  } catch (error) {
    if (FacilityError.is(error)) throw error;
    // The client went away mid-upload: nothing of the partial body is used.
    throw new FacilityError('cancelled', 'The client disconnected before the request body was complete.', { cause: error });
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

function parseJsonBody(request: IncomingMessage, raw: Uint8Array): unknown {
  if (raw.length === 0) return undefined;
  const type = request.headers['content-type'] ?? '';
  if (!type.includes('json')) return undefined;
  try {
    return JSON.parse(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8'));
  } catch {
    throw new FacilityError('invalid-input', 'The request body is not valid JSON.');
  }
}
