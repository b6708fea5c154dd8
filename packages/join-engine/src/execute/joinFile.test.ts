import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openTable } from '@afkit/io';
import { runJoin } from '../runJoin.ts';
import { readOutputRows, rng, tempDir, writeRows } from '../testing/testData.ts';
import type { Row } from '../testing/testData.ts';

const dir = tempDir();
after(() => rmSync(dir, { recursive: true, force: true }));

test('a memory limit smaller than the data joins in windows, re-reading the friend, with the same output and proof', async () => {
  const random = rng(7);
  const primary: Row[] = Array.from({ length: 20_000 }, (_, i) => ({ run: 1n, lumi: BigInt(i % 50), event: BigInt(i), x: i, j: [i % 5, i % 7] }));
  const friend = [...primary].sort(() => random() - 0.5).filter((_, i) => i % 10 !== 0);
  writeRows(join(dir, 'p.arrow'), primary, { run: 'uint32', lumi: 'uint32', event: 'uint64' });
  writeRows(join(dir, 'f.arrow'), friend, { run: 'uint32', lumi: 'uint32', event: 'uint64' });
  const plan = (out: string, memoryLimitMB: number) => ({
    version: 1,
    primary: { files: [join(dir, 'p.arrow')] },
    friends: [{ name: 'f', files: [join(dir, 'f.arrow')], columns: ['x', 'j'] }],
    output: { dir: join(dir, out) },
    memoryLimitMB,
  });
  const opened = { big: 0, small: 0 };
  const counting = (which: 'big' | 'small') => (path: string, options?: { tree?: string; signal?: AbortSignal }) => {
    if (path.endsWith('f.arrow')) opened[which]++;
    return openTable(path, options);
  };
  const big = await runJoin(plan('big', 1024), { open: counting('big') });
  const small = await runJoin(plan('small', 0.5), { open: counting('small') });
  assert.ok(opened.small >= opened.big + 3, `windows re-read the friend (${opened.small} opens vs ${opened.big})`);
  const columns = ['event', 'x', 'j'];
  assert.deepEqual(readOutputRows(join(dir, 'small', 'f'), columns), readOutputRows(join(dir, 'big', 'f'), columns));
  assert.equal(small.friends[0]!.proof.digest, big.friends[0]!.proof.digest);
  assert.equal(small.friends[0]!.matched, 18_000);
  assert.equal(small.friends[0]!.unmatched, 2_000);
});
