import type { CallOptions } from '../Facility.ts';
import type { Listener, Unsubscribe } from '../Subscribable.ts';
import type { HttpRequestOptions } from '../http/httpRequest.ts';
import { encodeBinaryMessage } from '../http/binaryMessage.ts';
import { subscribeSocket } from '../http/subscribeSocket.ts';
import type { HttpTarget } from '../http/httpRequest.ts';
import type { HistSummary, HistUpdate, HistsService, PublishMode, UHIJson } from './HistsService.ts';

type Request = <T>(path: string, options?: HttpRequestOptions) => Promise<T>;

/** {@link HistsService} over the facility's `/api/afkit/hists` routes and WebSocket streams. */
export class HttpHists implements HistsService {
  constructor(
    private readonly target: HttpTarget,
    private readonly request: Request,
  ) {}

  list(options: CallOptions = {}): Promise<HistSummary[]> {
    return this.request<HistSummary[]>('/api/afkit/hists', { signal: options.signal });
  }

  snapshot(name: string, options: CallOptions = {}): Promise<HistUpdate> {
    return this.request<HistUpdate>(`/api/afkit/hists/${encodeURIComponent(name)}`, { signal: options.signal });
  }

  /**
   * Sends the histogram as one binary message, so that storage given as flat typed arrays (see `toUHI`'s
   * `flatStorage`) travels as bytes, not as JSON text for the facility to parse (~0.5 MB for 500x500 bins).
   */
  publish(name: string, histogram: UHIJson, options: CallOptions & { mode?: PublishMode } = {}): Promise<HistSummary> {
    return this.request<HistSummary>(`/api/afkit/hists/${encodeURIComponent(name)}`, {
      method: 'POST',
      body: encodeBinaryMessage({ mode: options.mode ?? 'partial', histogram }),
      signal: options.signal,
    });
  }

  remove(name: string, options: CallOptions = {}): Promise<void> {
    return this.request<void>(`/api/afkit/hists/${encodeURIComponent(name)}`, { method: 'DELETE', signal: options.signal });
  }

  subscribeHistograms(listener: Listener<HistSummary[]>): Unsubscribe {
    return subscribeSocket<HistSummary[]>(this.target, '/api/afkit/hists-stream', { onMessage: listener });
  }

  subscribeHistogram(name: string, listener: Listener<HistUpdate>): Unsubscribe {
    return subscribeSocket<HistUpdate>(this.target, `/api/afkit/hists-stream/${encodeURIComponent(name)}`, { onMessage: listener, binary: true });
  }
}
