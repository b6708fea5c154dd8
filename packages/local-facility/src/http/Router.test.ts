import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Router } from './Router.ts';

test('a long streamed answer waits on backpressure chunk after chunk without piling listeners on the response', async () => {
  const router = new Router();
  const chunks = 40;
  const chunk = new Uint8Array(1024 * 1024).fill(7); // far above the response's buffer: every write waits for a drain
  let most = 0;
  router.get('/stream', () => ({
    contentType: 'application/octet-stream',
    stream: (async function* () {
      for (let i = 0; i < chunks; i++) yield chunk;
    })(),
  }));
  const server = createServer((request, response) => {
    // Listeners on the response after each chunk, counted from the server's side.
    const write = response.write.bind(response);
    response.write = ((data: Uint8Array) => {
      most = Math.max(most, response.listenerCount('close'), response.listenerCount('drain'));
      return write(data);
    }) as typeof response.write;
    void router.handle(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const answer = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/stream`);
    const reader = answer.body!.getReader();
    let bytes = 0;
    for (let part = await reader.read(); !part.done; part = await reader.read()) bytes += part.value.length;
    assert.equal(bytes, chunks * chunk.length);
    // Node's own listeners plus the router's close watch: a few, not one more per chunk.
    assert.ok(most < 5, `the response had ${most} close or drain listeners at once`);
  } finally {
    server.close();
  }
});
