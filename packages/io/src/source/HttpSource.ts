import type { ByteSource } from './ByteSource.ts';
import { checkRange } from './checkRange.ts';
import { checkAborted, ioError } from '../ioError.ts';
import { FacilityError } from '@afkit/core';

/** A file on an HTTP(S) server read with `Range` requests; a server that ignores ranges is refused rather than downloaded whole. */
export class HttpSource implements ByteSource {
  private constructor(
    readonly path: string,
    readonly size: number,
  ) {}

  /** Probes the URL with a one-byte range request to learn the size and that ranges are honoured. */
  static async open(url: string, signal?: AbortSignal): Promise<HttpSource> {
    const response = await fetchRange(url, 0, 1, signal);
    const total = /\/(\d+)\s*$/.exec(response.headers.get('content-range') ?? '')?.[1];
    await response.body?.cancel();
    if (total === undefined) throw ioError('bad-response', url, 'answered a range request without a Content-Range size', 'The server must support HTTP range requests.');
    return new HttpSource(url, Number(total));
  }

  async readRange(offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array> {
    checkAborted(signal, this.path);
    checkRange(this.path, this.size, offset, length);
    if (length === 0) return new Uint8Array(0);
    const response = await fetchRange(this.path, offset, length, signal);
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.length !== length) throw ioError('bad-response', this.path, `returned ${bytes.length} bytes for a range of ${length} at ${offset}`);
    return bytes;
  }

  async close(): Promise<void> {}
}

async function fetchRange(url: string, offset: number, length: number, signal: AbortSignal | undefined): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { Range: `bytes=${offset}-${offset + length - 1}` }, signal });
  } catch (error) {
    if ((error as { name?: unknown }).name === 'AbortError') throw new FacilityError('cancelled', `${url}: reading was cancelled`, { where: url, cause: error });
    throw ioError('unreachable', url, `cannot be reached (${(error as Error).message})`, 'Check the URL and the network.', error);
  }
  if (response.status === 206) return response;
  await response.body?.cancel();
  if (response.status === 200) {
    throw ioError('unsupported', url, 'is served without HTTP range support (the server answered 200 to a Range request)', 'Serve the file from a server that supports range requests, or download it first.');
  }
  if (response.status === 404 || response.status === 410) throw ioError('not-found', url, `was not found (HTTP ${response.status})`, 'Check the URL.');
  if (response.status === 401 || response.status === 403) throw ioError(response.status === 401 ? 'unauthorized' : 'forbidden', url, `refused access (HTTP ${response.status})`, 'Check your credentials for this server.');
  if (response.status === 416) throw ioError('invalid-input', url, 'rejected the byte range (HTTP 416): the file is shorter than its structure says', 'The remote file may be truncated.');
  if (response.status >= 500) throw new FacilityError('backend', `${url}: the server failed (HTTP ${response.status})`, { where: url, hint: 'Try again later; the server reported an error.' });
  throw ioError('bad-response', url, `answered HTTP ${response.status} to a range request`);
}
