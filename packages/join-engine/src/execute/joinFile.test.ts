import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { FacilityError } from '@afkit/core';
import { openTable } from '@afkit/io';
import { runJoin } from '../runJoin.ts';
import { readOutputRows, rng, tempDir, writeRows } from '../testing/testData.ts';
import type { Row } from '../testing/testData.ts';

const dir = tempDir();
after(() => rmSync(dir, { recursive: true, force: true }));
const planOf = (primary: string, friend: string, out: string, memoryLimitMB: number) => ({
  version: 1,
  primary: { files: [join(dir, primary)] },
  friends: [{ name: 'f', files: [join(dir, friend)], columns: ['x', 'j'] }],
  output: { dir: join(dir, out) },
  memoryLimitMB,
});

test('a memory limit smaller than the data joins in windows, re-reading the friend, with the same output and proof', async () => {
  const random = rng(7);
  const primary: Row[] = Array.from({ length: 20_000 }, (_, i) => ({ run: 1n, lumi: BigInt(i % 50), event: BigInt(i), x: i, j: [i % 5, i % 7] }));
  const friend = [...primary].sort(() => random() - 0.5).filter((_, i) => i % 10 !== 0);
  writeRows(join(dir, 'p.arrow'), primary, { run: 'uint32', lumi: 'uint32', event: 'uint64' });
  writeRows(join(dir, 'f.arrow'), friend, { run: 'uint32', lumi: 'uint32', event: 'uint64' });
  const plan = (out: string, memoryLimitMB: number) => planOf('p.arrow', 'f.arrow', out, memoryLimitMB);
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

test('a friend file holding its primary file rows in another order: placed by the scan map in one pass, or in windows, alike', async () => {
  const random = rng(11);
  const primary: Row[] = Array.from({ length: 20_000 }, (_, i) => ({ run: 2n, lumi: BigInt(i >> 8), event: BigInt(i) * 97n, x: i, j: i % 3 ? [i % 5] : [] }));
  writeRows(join(dir, 'rp.arrow'), primary, { run: 'uint32', lumi: 'uint32', event: 'uint64' });
  writeRows(join(dir, 'rf.arrow'), [...primary].sort(() => random() - 0.5), { run: 'int32', lumi: 'int64', event: 'int64' });
  const plan = (out: string, memoryLimitMB: number) => planOf('rp.arrow', 'rf.arrow', out, memoryLimitMB);
  const whole = await runJoin(plan('r-whole', 1024));
  const windows = await runJoin(plan('r-windows', 0.5));
  const columns = ['event', 'x', 'j'];
  const rows = readOutputRows(join(dir, 'r-whole', 'f'), columns);
  assert.deepEqual(rows, primary.map((r) => `${r.event}|${r.x}|[${r.j!.join(',')}]`));
  assert.deepEqual(readOutputRows(join(dir, 'r-windows', 'f'), columns), rows);
  assert.equal(whole.friends[0]!.relationship, 'same events, reordered');
  assert.equal(windows.friends[0]!.proof.digest, whole.friends[0]!.proof.digest);
  assert.equal(whole.friends[0]!.proof.verifiedRows, 20_000);
});

test('a friend merged into fewer files: each primary file reads only its part of a friend file, by position or by key', async () => {
  const rows: Row[] = Array.from({ length: 20_000 }, (_, i) => ({ run: 3n, lumi: BigInt(i >> 9), event: BigInt(i) * 31n, x: i / 4, j: [i % 11] }));
  const primary = [0, 1, 2, 3].map((k) => {
    writeRows(join(dir, `gp${k}.arrow`), rows.slice(k * 5000, (k + 1) * 5000), { run: 'uint32', lumi: 'uint32', event: 'uint64' });
    return join(dir, `gp${k}.arrow`);
  });
  let payloadRows = 0;
  const counting = async (path: string, options?: { tree?: string; signal?: AbortSignal }) => {
    const source = await openTable(path, options);
    const read = source.read.bind(source);
    // Execution reads the brought columns; the key scan reads keys alone.
    source.read = (o) => (async function* () {
      for await (const batch of read(o)) {
        if (o?.columns?.includes('x')) payloadRows += batch.numRows;
        yield batch;
      }
    })();
    return source;
  };
  // Two friend files of 10,000 rows, each holding two primary files' rows: in their order (aligned row by row across
  // the files, taken by position), or each primary file's rows reversed (looked up by key, in windows).
  for (const [name, order] of [['same', (part: Row[]) => part], ['reversed', (part: Row[]) => [...part].reverse()]] as const) {
    const friend = [0, 1].map((k) => {
      const parts = [0, 1].map((h) => order(rows.slice((2 * k + h) * 5000, (2 * k + h + 1) * 5000)));
      writeRows(join(dir, `g${name}${k}.arrow`), parts.flat(), { run: 'uint32', lumi: 'uint32', event: 'uint64' });
      return join(dir, `g${name}${k}.arrow`);
    });
    payloadRows = 0;
    const plan = { version: 1, primary: { files: primary }, friends: [{ name: 'f', files: friend, columns: ['x', 'j'] }], output: { dir: join(dir, `g-${name}`) } };
    const report = await runJoin(plan, { open: counting });
    assert.equal(report.friends[0]!.relationship, 'regrouped across 2 files', name);
    assert.equal(report.validation.friends[0]!.positionalMismatch === null, name === 'same', `${name}: joining by dataset row mixes events only when reversed`);
    assert.deepEqual(readOutputRows(join(dir, `g-${name}`, 'f'), ['event', 'x', 'j']), rows.map((r) => `${r.event}|${r.x}|[${r.j!.join(',')}]`), name);
    assert.equal(report.friends[0]!.proof.verifiedRows, 20_000, name);
    assert.equal(payloadRows, 20_000, `${name}: every friend row is read once, not each friend file once per primary file (40,000)`);
  }
});

test('a friend file whose entry count changed after the key scan stops the join, naming the file and both counts', async () => {
  const rows: Row[] = Array.from({ length: 3000 }, (_, i) => ({ run: 4n, lumi: 1n, event: BigInt(i), x: i, j: [] }));
  writeRows(join(dir, 'cp.arrow'), rows, { run: 'uint32', lumi: 'uint32', event: 'uint64' });
  writeRows(join(dir, 'cf.arrow'), [...rows].reverse(), { run: 'uint32', lumi: 'uint32', event: 'uint64' });
  writeRows(join(dir, 'cf-shorter.arrow'), [...rows].reverse().slice(1), { run: 'uint32', lumi: 'uint32', event: 'uint64' });
  let friendOpens = 0;
  // The scan opens the friend file first; later opens (execution) find it rewritten one row shorter.
  const changing = (path: string, options?: { tree?: string; signal?: AbortSignal }) =>
    openTable(path.endsWith('cf.arrow') && friendOpens++ > 0 ? join(dir, 'cf-shorter.arrow') : path, options);
  await assert.rejects(
    runJoin(planOf('cp.arrow', 'cf.arrow', 'c-out', 1024), { open: changing }),
    (e: unknown) => FacilityError.is(e) && e.code === 'conflict' && e.message.includes('cf.arrow has 2999 entries, but 3000 when its keys were scanned'),
  );
});
