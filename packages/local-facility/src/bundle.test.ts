// The facility's bundle (what `npm start` runs, built by `npm run build`) with the worker threads beside it.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { deflateSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url);

test("the bundle's basket-decoding thread starts beside it and decompresses a ROOT zlib payload", async () => {
  const bundle = new URL('io-decode-worker.mjs', dist);
  assert.ok(existsSync(bundle), `${bundle.pathname} is missing: run \`npm run build -w @afkit/local-facility\``);
  const worker = new Worker(bundle);
  try {
    // Ready once its codecs are loaded (from node_modules, where the bundle leaves the ones with native or .wasm files).
    assert.deepEqual((await once(worker, 'message'))[0], { type: 'ready' });
    const data = Buffer.from('run 1, luminosityBlock 7, event 5000015; '.repeat(200));
    const block = deflateSync(data);
    const sizes = (n: number) => [n & 0xff, (n >> 8) & 0xff, n >> 16];
    // ROOT's compressed-block header: "ZL", method 8, 3-byte compressed then uncompressed sizes (little-endian).
    const payload = Uint8Array.from([0x5a, 0x4c, 8, ...sizes(block.length), ...sizes(data.length), ...block]);
    worker.postMessage({ id: 7, jobs: [{ payload, size: data.length }] }, [payload.buffer]);
    const [reply] = await once(worker, 'message');
    assert.equal(reply.type, 'decompressed');
    assert.equal(reply.id, 7);
    assert.equal(Buffer.from(reply.raws[0]).toString(), data.toString());
  } finally {
    await worker.terminate();
  }
});
