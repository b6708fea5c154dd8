import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FacilityError } from '../FacilityError.ts';
import { Poller, type PollResult } from './Poller.ts';

test('Poller keeps the last good value on errors, backs off, and stops when nobody listens', async (t) => {
  // Mocked timers: the schedule is checked to the millisecond, whatever the load of the machine.
  t.mock.timers.enable({ apis: ['setTimeout'] });
  let now = 0;
  const advance = async (ms: number): Promise<void> => {
    for (let i = 0; i < ms; i++) {
      // a poll that is due settles (and schedules the next) before time moves on
      await new Promise((resolve) => setImmediate(resolve));
      now += 1;
      t.mock.timers.tick(1);
    }
  };
  const at: number[] = [];
  const poller = new Poller(async () => {
    at.push(now);
    if (at.length === 2 || at.length === 3) throw new FacilityError('unreachable', 'down');
    return at.length;
  }, { intervalMs: 5, maxBackoffMs: 40 });
  const seen: PollResult<number>[] = [];
  const stop = poller.subscribe((r) => seen.push(r));
  await advance(50);
  // 5 ms apart while polls succeed; after failures 10 then 20 ms (doubling), and 5 ms again once one succeeds.
  assert.deepEqual(at, [0, 5, 15, 35, 40, 45, 50]);
  assert.deepEqual(seen[0], { value: 1 });
  assert.equal(seen[1]!.value, 1, 'the last good value stays while the backend is down');
  assert.equal(seen[1]!.error?.code, 'unreachable');
  assert.deepEqual(seen[3], { value: 4 }, 'recovers after errors');
  stop();
  await advance(100);
  assert.equal(at.length, 7, 'no polling without listeners');
});

test('Poller backs off no further than its bound', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const at: number[] = [];
  let now = 0;
  const poller = new Poller(async () => {
    at.push(now);
    throw new FacilityError('unreachable', 'down');
  }, { intervalMs: 5, maxBackoffMs: 40 });
  const stop = poller.subscribe(() => {});
  for (let i = 0; i < 200; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    now += 1;
    t.mock.timers.tick(1);
  }
  stop();
  assert.deepEqual(at, [0, 10, 30, 70, 110, 150, 190]);
});
