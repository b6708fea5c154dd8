import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FacilityError } from '../FacilityError.ts';
import { Poller, type PollResult } from './Poller.ts';

test('Poller keeps the last good value on errors, backs off, and stops when nobody listens', async () => {
  let calls = 0;
  const poller = new Poller(async () => {
    calls += 1;
    if (calls === 2 || calls === 3) throw new FacilityError('unreachable', 'down');
    return calls;
  }, { intervalMs: 5, maxBackoffMs: 40 });
  const seen: PollResult<number>[] = [];
  const stop = poller.subscribe((r) => seen.push(r));
  await new Promise((r) => setTimeout(r, 120));
  stop();
  const after = calls;
  await new Promise((r) => setTimeout(r, 60));
  assert.equal(calls, after, 'no polling without listeners');
  assert.deepEqual(seen[0], { value: 1 });
  assert.equal(seen[1]!.value, 1);
  assert.equal(seen[1]!.error?.code, 'unreachable');
  assert.ok(seen.some((r) => r.value === 4 && r.error === undefined), 'recovers after errors');
  // With doubling backoff (10, 20 ms) there are far fewer polls than 120/5.
  assert.ok(calls < 20, `polled ${calls} times`);
});
