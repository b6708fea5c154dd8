import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { joinCli } from './cli.ts';
import { readOutputRows, tempDir, writeRows } from './testing/testData.ts';
import type { Row } from './testing/testData.ts';

const dir = tempDir();
after(() => rmSync(dir, { recursive: true, force: true }));
const rows: Row[] = Array.from({ length: 50 }, (_, i) => ({ run: 3n, lumi: 1n, event: BigInt(i), x: i / 2, j: [i] }));
writeRows(join(dir, 'p.arrow'), rows, { run: 'uint32', lumi: 'uint32', event: 'uint64' });
writeRows(join(dir, 'f.arrow'), [...rows].reverse(), { run: 'int32', lumi: 'int64', event: 'int64' });
const planPath = join(dir, 'plan.json');
writeFileSync(planPath, JSON.stringify({ version: 1, primary: { files: [join(dir, 'p.arrow')] }, friends: [{ name: 'f', files: [join(dir, 'f.arrow')], columns: ['x'] }], output: { dir: join(dir, 'out') } }));

function capture() {
  let out = '';
  let err = '';
  return { streams: { out: { write: (t: string) => (out += t) }, err: { write: (t: string) => (err += t) } }, text: () => ({ out, err }) };
}

test('runs a plan file, draws progress on stderr and prints the report with its proof', async () => {
  const c = capture();
  assert.equal(await joinCli([planPath], c.streams), 0);
  const { out, err } = c.text();
  assert.match(err, /join +\[#{30}\] 100% 50\/50 rows/);
  assert.match(out, /friend f: same events, reordered \(reordered ×1\); matched 50, unmatched 0/);
  assert.match(out, /proof: 50 of 50 attached rows had keys verified equal/);
  assert.deepEqual(readOutputRows(join(dir, 'out', 'f'), ['event', 'x']), rows.map((r) => `${r.event}|${r.x}`));
});

test('--validate prints the key scan; bad input exits 1 with the reason, bad usage exits 2', async () => {
  const c = capture();
  assert.equal(await joinCli([planPath, '--validate'], c.streams), 0);
  assert.match(c.text().out, /friend f: same events, reordered; 50 rows in 1 files/);
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ version: 1, primary: { files: [join(dir, 'nothere.arrow')] }, friends: [{ name: 'f', files: [join(dir, 'f.arrow')], columns: ['x'] }], output: { dir } }));
  const d = capture();
  assert.equal(await joinCli([bad], d.streams), 1);
  assert.match(d.text().err, /afkit join: .*nothere\.arrow/);
  assert.equal(await joinCli([], capture().streams), 2);
});
