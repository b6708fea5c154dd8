import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FacilityError } from '../FacilityError.ts';
import { DaskComm, daskCall } from './DaskComm.ts';

const haveDask = existsSync('/usr/bin/dask-scheduler');

test('DaskComm speaks to a real dask-scheduler: identity and adaptive_target', { skip: !haveDask && 'dask-scheduler is not installed (apt-get install python3-distributed)', timeout: 30_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'afkit-comm-'));
  const file = join(dir, 'scheduler.json');
  const scheduler = spawn('/usr/bin/dask-scheduler', ['--host', '127.0.0.1', '--port', '0', '--dashboard-address', '127.0.0.1:0', '--scheduler-file', file], { detached: true, stdio: 'ignore' });
  try {
    while (!existsSync(file)) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 100));
    const { address } = JSON.parse(readFileSync(file, 'utf8')) as { address: string };
    const identity = await daskCall<{ type: string; address: string; workers: object }>(address, 'identity');
    assert.equal(identity.type, 'Scheduler');
    assert.equal(identity.address, address);
    const comm = await DaskComm.open(address);
    const target = await comm.call<number>('adaptive_target');
    assert.equal(target, 0);
    assert.deepEqual(await comm.call('retire_workers', { workers: [], close_workers: true }), {});
    comm.close();
  } finally {
    process.kill(-scheduler.pid!, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('DaskComm fails with a clear unreachable error when nothing listens', async () => {
  await assert.rejects(daskCall('tcp://127.0.0.1:1', 'identity'), (error: unknown) => {
    assert.ok(FacilityError.is(error));
    assert.equal(error.code, 'unreachable');
    assert.match(error.message, /Cannot talk to the Dask scheduler at tcp:\/\/127\.0\.0\.1:1/);
    return true;
  });
});
