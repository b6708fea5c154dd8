// A decode thread of DecodePool: decompresses the basket payloads it is sent and sends their bytes back.
import { parentPort } from 'node:worker_threads';
import { decompressRecord, loadCodecs } from './decompress.ts';
import type { DecodeReply, DecodeRequest } from './decodePool.ts';

const port = parentPort!;
port.on('message', ({ id, jobs }: DecodeRequest) => {
  const transfer: ArrayBuffer[] = [];
  const raws = jobs.map(({ payload, size }) => {
    try {
      const raw = ownMemory(decompressRecord(payload, size));
      transfer.push(raw.buffer as ArrayBuffer);
      return raw;
    } catch {
      // The reader decompresses a failed payload itself, so its error reads as any other read's.
      return null;
    }
  });
  port.postMessage({ type: 'decompressed', id, raws } satisfies DecodeReply, transfer);
});
// Requests come only once the thread says it is ready (loadCodecs never rejects; a codec that failed fails its own
// payloads). Not a top-level await: the VS Code extension bundles this file as CommonJS.
void loadCodecs().then(() => port.postMessage({ type: 'ready' } satisfies DecodeReply));

/**
 * Bytes that can move to the reading thread: a whole ArrayBuffer of their own. A codec's Buffer may be a slice of
 * Node's shared allocation pool (zlib's small outputs), which must never move, so Buffers are copied.
 */
function ownMemory(raw: Uint8Array): Uint8Array {
  return !Buffer.isBuffer(raw) && raw.byteOffset === 0 && raw.byteLength === raw.buffer.byteLength ? raw : new Uint8Array(raw);
}
