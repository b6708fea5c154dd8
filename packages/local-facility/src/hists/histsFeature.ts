import { FacilityError, decodeBinaryMessage, encodeBinaryMessage } from '@afkit/core';
import { parseUHIText } from '@afkit/hist-viewer';
import type { Feature } from '../Feature.ts';
import { HistStore } from './HistStore.ts';
import { LatestOnlySender } from './LatestOnlySender.ts';

/**
 * Live histograms: producers (the Python helper, Dask tasks, any HTTP client with the token) POST UHI
 * partials; viewers subscribe over WebSockets and get the merged state, coalesced.
 */
export function histsFeature(store = new HistStore()): Feature {
  return {
    capability: 'hists',
    mount({ router, sockets, onClose }) {
      router.get('/api/afkit/hists', () => ({ json: store.list() }));
      router.get('/api/afkit/hists/*', ({ params }) => ({ json: store.snapshot(params['*'] ?? '') }));
      router.post('/api/afkit/hists/*', ({ params, rawBody, request }) => ({ status: 201, json: store.publish(params['*'] ?? '', parseBody(rawBody, request.headers['content-type'])) }));
      router.delete('/api/afkit/hists/*', ({ params }) => {
        store.remove(params['*'] ?? '');
        return { status: 204 };
      });

      const unsubscribers = new Set<() => void>();
      sockets.on('/api/afkit/hists-stream', (socket) => {
        const sender = new LatestOnlySender(socket, () => store.list());
        sender.markDirty();
        const unsubscribe = store.subscribe(() => sender.markDirty());
        unsubscribers.add(unsubscribe);
        socket.on('close', () => {
          sender.stop();
          unsubscribe();
          unsubscribers.delete(unsubscribe);
        });
      });
      sockets.on('/api/afkit/hists-stream/*', (socket, params, query) => {
        const name = params['*'] ?? '';
        // `?binary=1` (afkit's own client): flat storage arrays in binary frames; otherwise UHI JSON text for any client.
        const sender =
          query.get('binary') === '1'
            ? new LatestOnlySender(socket, () => store.snapshot(name, { flatStorage: true }), encodeBinaryMessage)
            : new LatestOnlySender(socket, () => store.snapshot(name));
        if (store.has(name)) sender.markDirty();
        const unsubscribe = store.subscribe((change) => {
          if (change.name === name && !change.removed) sender.markDirty();
        });
        unsubscribers.add(unsubscribe);
        socket.on('close', () => {
          sender.stop();
          unsubscribe();
          unsubscribers.delete(unsubscribe);
        });
      });
      onClose(() => {
        for (const unsubscribe of unsubscribers) unsubscribe();
      });
    },
  };
}

/**
 * A publish body: afkit's own clients send one binary message (see `encodeBinaryMessage`; storage may be flat typed
 * arrays); other producers send UHI text, read leniently since Python's json writes bare NaN (e.g. variances of empty
 * profile bins).
 */
function parseBody(raw: Uint8Array, contentType: string | undefined): unknown {
  if (contentType?.startsWith('application/octet-stream')) {
    try {
      // A copy of its own, so that the message's typed arrays sit at the offsets (8-byte aligned) they were written at.
      return decodeBinaryMessage(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength) as ArrayBuffer, undefined, 'in the request body');
    } catch (error) {
      throw new FacilityError('invalid-input', `${error instanceof Error ? error.message : String(error)} Send UHI JSON with Content-Type application/json instead.`);
    }
  }
  try {
    return parseUHIText(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8'));
  } catch {
    throw new FacilityError('invalid-input', 'The request body is not valid JSON.');
  }
}
