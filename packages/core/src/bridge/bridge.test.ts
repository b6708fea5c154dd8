import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { FacilityError } from '../FacilityError.ts';
import { Subscribable, type Listener, type Unsubscribe } from '../Subscribable.ts';
import { connectRpc } from './connectRpc.ts';
import type { RpcEndpoint } from './RpcEndpoint.ts';
import { serveRpc } from './serveRpc.ts';

function endpoint(port: MessagePort): RpcEndpoint {
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage(handler) {
      port.on('message', handler);
      return () => port.off('message', handler);
    },
  };
}

class Ticker extends Subscribable<number> {
  tick(n: number): void {
    this.emit(n);
  }
}

/** A small service shaped like a Facility: nested services, binary results, streams, slow calls. */
class Service {
  readonly ticker = new Ticker();
  readonly nested = {
    async echo(value: unknown): Promise<unknown> {
      return value;
    },
  };
  cancelledBy: string | undefined;

  async add(a: number, b: number): Promise<number> {
    return a + b;
  }
  async bytes(size: number): Promise<Uint8Array> {
    const out = new Uint8Array(size);
    for (let i = 0; i < size; i += 4096) out[i] = i % 251;
    return out;
  }
  async sum(payload: Uint8Array): Promise<number> {
    let total = 0;
    for (let i = 0; i < payload.length; i += 4096) total += payload[i]!;
    return total;
  }
  async fail(code: FacilityError['code']): Promise<never> {
    throw new FacilityError(code, `failed with ${code}`, { where: 'somewhere', hint: 'do this', retryable: false });
  }
  async crash(): Promise<never> {
    throw new TypeError('plain bug');
  }
  async slow(options: { signal: AbortSignal; onProgress: (p: number) => void }): Promise<string> {
    options.onProgress(0.5);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve('finished'), 10_000);
      options.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        this.cancelledBy = 'signal';
        reject(new FacilityError('cancelled', 'stopped'));
      });
    });
  }
  subscribeTicks(listener: Listener<number>): Unsubscribe {
    return this.ticker.subscribe(listener);
  }
  _secret(): string {
    return 'never reachable';
  }
}

function pair() {
  const { port1, port2 } = new MessageChannel();
  const service = new Service();
  const stop = serveRpc(service, endpoint(port1), { channel: 'facility' });
  const connection = connectRpc<Service>(endpoint(port2), { channel: 'facility' });
  return {
    service,
    remote: connection.remote,
    close() {
      connection.dispose();
      stop();
      port1.close();
      port2.close();
    },
  };
}

const nextTurn = () => new Promise((resolve) => setTimeout(resolve, 20));

test('calls round-trip, including nested services and structured values', async () => {
  const { remote, close } = pair();
  try {
    assert.equal(await remote.add(2, 3), 5);
    const value = { a: [1, 'two', null], b: { big: 2n ** 63n - 1n }, when: new Date(0) };
    assert.deepEqual(await remote.nested.echo(value), value);
  } finally {
    close();
  }
});

test('errors cross with their type, code, where and hint; unknown errors become internal', async () => {
  const { remote, close } = pair();
  try {
    await assert.rejects(remote.fail('unauthorized'), (error: unknown) => {
      assert.ok(FacilityError.is(error));
      assert.equal(error.code, 'unauthorized');
      assert.equal(error.where, 'somewhere');
      assert.equal(error.hint, 'do this');
      assert.equal(error.retryable, false);
      return true;
    });
    await assert.rejects(remote.crash(), (error: unknown) => FacilityError.is(error) && error.code === 'internal' && error.message === 'plain bug');
    await assert.rejects((remote as unknown as { missing(): Promise<void> }).missing(), (error: unknown) => FacilityError.is(error) && error.code === 'not-found');
    await assert.rejects(remote._secret() as unknown as Promise<string>, (error: unknown) => FacilityError.is(error) && error.code === 'not-found');
  } finally {
    close();
  }
});

test('aborting a signal cancels the call on the serving side; callbacks arrive while it runs', async () => {
  const { remote, service, close } = pair();
  try {
    const controller = new AbortController();
    const progress: number[] = [];
    const call = remote.slow({ signal: controller.signal, onProgress: (p) => progress.push(p) });
    await nextTurn();
    controller.abort();
    await assert.rejects(call, (error: unknown) => FacilityError.is(error) && error.code === 'cancelled');
    assert.deepEqual(progress, [0.5]);
    await nextTurn();
    assert.equal(service.cancelledBy, 'signal', 'the serving side saw its signal abort');
    const already = new AbortController();
    already.abort();
    await assert.rejects(remote.slow({ signal: already.signal, onProgress: () => {} }), (e: unknown) => FacilityError.is(e) && e.code === 'cancelled');
  } finally {
    close();
  }
});

test('subscriptions stream values and stop on the serving side when cancelled', async () => {
  const { remote, service, close } = pair();
  try {
    const seen: number[] = [];
    const unsubscribe = remote.subscribeTicks((n) => seen.push(n));
    assert.equal(typeof unsubscribe, 'function');
    await nextTurn();
    assert.equal(service.ticker.hasListeners(), true);
    service.ticker.tick(1);
    service.ticker.tick(2);
    await nextTurn();
    unsubscribe();
    await nextTurn();
    assert.equal(service.ticker.hasListeners(), false, 'the serving side dropped the listener');
    service.ticker.tick(3);
    await nextTurn();
    assert.deepEqual(seen, [1, 2]);
  } finally {
    close();
  }
});

test('a 50 MB binary payload crosses both ways as bytes', async () => {
  const { remote, close } = pair();
  try {
    const size = 50 * 1024 * 1024;
    const bytes = await remote.bytes(size);
    assert.ok(bytes instanceof Uint8Array);
    assert.equal(bytes.byteLength, size);
    assert.equal(bytes[4096 * 7], (4096 * 7) % 251);
    let expected = 0;
    for (let i = 0; i < size; i += 4096) expected += bytes[i]!;
    assert.equal(await remote.sum(bytes), expected);
  } finally {
    close();
  }
});

test('disposing the connection rejects calls in flight and refuses new ones', async () => {
  const { port1, port2 } = new MessageChannel();
  const service = new Service();
  const stop = serveRpc(service, endpoint(port1), { channel: 'facility' });
  const connection = connectRpc<Service>(endpoint(port2), { channel: 'facility' });
  const controller = new AbortController();
  const call = connection.remote.slow({ signal: controller.signal, onProgress: () => {} });
  connection.dispose();
  await assert.rejects(call, (e: unknown) => FacilityError.is(e) && e.code === 'unreachable');
  await assert.rejects(connection.remote.add(1, 2), (e: unknown) => FacilityError.is(e) && e.code === 'unreachable');
  stop();
  port1.close();
  port2.close();
});
