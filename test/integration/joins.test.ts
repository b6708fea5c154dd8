// The Joins service end to end over HTTP: a LocalFacility serving the joins feature, the real HttpFacility client, and
// event files each test writes itself.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { tableFromIPC } from 'apache-arrow';
import { FacilityError, HttpFacility, type JoinProgressEvent, type JoinsService } from '@afkit/core';
import type { JoinReport, ValidationReport } from '@afkit/join-engine';
import { LocalFacility } from '@afkit/local-facility';
import { joinsFeature } from '../../packages/local-facility/src/joins/joinsFeature.ts';
import { events, serveFiles, shuffled, tempDir, writeEvents, type FileServer } from './joinsTestData.ts';

const dir = tempDir();
let facility: LocalFacility;
let joins: JoinsService<ValidationReport, JoinReport>;
let files: FileServer;

const primaryRows = [events(60, 0), events(60, 60)];
const primary = primaryRows.map((rows, i) => writeEvents(join(dir, `p${i}.arrow`), rows));
const friend = (name: string, paths: string[], extra: Record<string, unknown> = {}) => ({ name, files: paths, columns: ['x', 'j'], prefix: `${name}_`, ...extra });
const plan = (friends: unknown[], extra: Record<string, unknown> = {}) => ({ version: 1, primary: { files: primary }, friends, kind: 'left', ...extra });

before(async () => {
  facility = await LocalFacility.start({ features: [joinsFeature()] });
  joins = new HttpFacility({ url: facility.url, token: facility.token }).joins as unknown as JoinsService<ValidationReport, JoinReport>;
  files = await serveFiles(dir);
});
after(async () => {
  await files.close();
  await facility.close();
  rmSync(dir, { recursive: true, force: true });
});

test('suggestKeys expands a glob and proposes the CMS keys with their exact widths', async () => {
  const info = await joins.suggestKeys({ files: [join(dir, 'p*.arrow')] });
  assert.deepEqual(info.files, primary);
  assert.equal(info.firstFileRows, 60);
  assert.deepEqual(info.keys, [
    { name: 'run', type: 'uint32' },
    { name: 'luminosityBlock', type: 'uint32' },
    { name: 'event', type: 'uint64' },
  ]);
  assert.deepEqual(
    info.columns.map((c) => c.name),
    ['run', 'luminosityBlock', 'event', 'x', 'j'],
  );
  await assert.rejects(joins.suggestKeys({ files: [join(dir, 'nothing*.arrow')] }), (e: unknown) => FacilityError.is(e) && e.code === 'invalid-input' && e.message.includes('nothing*.arrow'));
});

test('validate names each friend relationship and lists duplicate keys as a problem', async () => {
  const all = primaryRows.flat();
  const aligned = primaryRows.map((rows, i) => writeEvents(join(dir, `aligned${i}.arrow`), rows));
  const reordered = primaryRows.map((rows, i) => writeEvents(join(dir, `reordered${i}.arrow`), shuffled(rows)));
  const subset = [writeEvents(join(dir, 'subset.arrow'), all.filter((_, i) => i % 2 === 0))];
  const mixed = shuffled(all);
  const regrouped = [0, 1, 2].map((k) => writeEvents(join(dir, `regrouped${k}.arrow`), mixed.slice(k * 40, k * 40 + 40)));
  const disjoint = [writeEvents(join(dir, 'disjoint.arrow'), events(30, 1000))];
  const progress: JoinProgressEvent[] = [];
  const report = await joins.validate(
    plan([friend('aligned', aligned), friend('reordered', reordered), friend('subset', subset), friend('regrouped', regrouped), friend('disjoint', disjoint)]),
    { onProgress: (p) => progress.push(p) },
  );
  assert.deepEqual(
    report.friends.map((f) => [f.name, f.relationship]),
    [
      ['aligned', 'aligned row by row'],
      ['reordered', 'same events, reordered'],
      ['subset', 'subset'],
      ['regrouped', 'regrouped across 3 files'],
      ['disjoint', 'disjoint'],
    ],
  );
  assert.equal(report.friends[2]!.primaryMatchedFraction, 0.5);
  assert.deepEqual(report.problems, []);
  assert.ok(progress.length > 0 && progress.every((p) => p.phase === 'scan'), 'key scan progress reaches the client');

  const twice = [writeEvents(join(dir, 'dup.arrow'), [...primaryRows[0]!, primaryRows[0]![5]!])];
  const dup = await joins.validate(plan([friend('dup', twice)]));
  assert.equal(dup.friends[0]!.duplicateRows, 1);
  assert.equal(dup.friends[0]!.duplicates[0]!.key, `run=3 luminosityBlock=15 event=${2n ** 63n + 15n}`);
  assert.match(dup.problems.join('\n'), /friend "dup" repeats 1 keys .*event=9223372036854775823 ×2/);
  await assert.rejects(joins.run(plan([friend('dup', twice)], { output: { dir: join(dir, 'dup-out') } })), (e: unknown) => FacilityError.is(e) && e.code === 'conflict' && /repeats/.test(e.message));
  assert.equal(existsSync(join(dir, 'dup-out', 'dup')), false, 'a refused join writes nothing');
});

test('a bad plan and a missing key branch fail with messages naming what is wrong', async () => {
  await assert.rejects(joins.validate({ version: 2 }), (e: unknown) => FacilityError.is(e) && e.code === 'invalid-input' && /version/.test(e.message));
  const noLumi = writeEvents(join(dir, 'nolumi.arrow'), primaryRows[0]!, { omit: 'luminosityBlock' });
  await assert.rejects(
    joins.validate({ version: 1, primary: { files: [noLumi] }, friends: [friend('f', [primary[0]!])] }),
    (e: unknown) => FacilityError.is(e) && e.code === 'invalid-input' && e.message.includes('luminosityBlock') && e.message.includes('nolumi.arrow'),
  );
});

test('the real missing_luminosityBlock.root as primary fails naming the missing branch', async (t) => {
  const path = '/work/shared/data/hep/missing_luminosityBlock.root';
  if (!existsSync(path)) return t.skip(`${path} is absent; this check needs /work/shared/data`);
  const error = await joins.validate({ version: 1, primary: { files: [path] }, friends: [friend('f', [primary[0]!])] }).then(() => undefined, (e: unknown) => e);
  assert.ok(FacilityError.is(error), 'validation fails');
  if (error.code === 'unsupported') return t.skip(`this build of @afkit/io cannot read ROOT files yet: ${error.message}`);
  assert.match(error.message, /luminosityBlock/);
});

test('run reports progress, the proof per friend, writes the report file, and previews exact 64-bit and jagged values', async () => {
  const reordered = primaryRows.map((rows, i) => writeEvents(join(dir, `run-f${i}.arrow`), shuffled(rows, 3 + i).filter((r) => r.event % 2n === 0n || r.x < 20)));
  const out = join(dir, 'run-out');
  const progress: JoinProgressEvent[] = [];
  const { run, report } = await joins.run(plan([friend('tag', reordered)], { output: { dir: out } }), { onProgress: (p) => progress.push(p) });
  assert.equal(run.state, 'succeeded');
  assert.equal(run.outputDir, out);
  const tag = report.friends[0]!;
  assert.equal(tag.matched + tag.unmatched, 120);
  assert.ok(tag.unmatched > 0, 'the friend misses some events');
  assert.equal(tag.proof.verifiedRows, tag.matched);
  assert.equal(tag.proof.attachedRows, tag.matched);
  assert.match(tag.proof.digest, /^[0-9a-f]{16,}$/);
  assert.deepEqual(readdirSync(join(out, 'tag')), ['0000_p0.arrow', '0001_p1.arrow'], 'one friend file per primary file, aligned to it');
  assert.deepEqual(tag.files.map((f) => f.outputPath), [join(out, 'tag', '0000_p0.arrow'), join(out, 'tag', '0001_p1.arrow')]);
  assert.equal(JSON.parse(readFileSync(join(out, 'join-report.json'), 'utf8')).report.friends[0].proof.digest, tag.proof.digest);
  assert.ok(progress.some((p) => p.phase === 'join'), 'join progress reaches the client');

  const table = tableFromIPC(await joins.preview({ runId: run.id }, { limit: 70 }));
  assert.equal(table.numRows, 70);
  assert.deepEqual(table.schema.fields.map((f) => f.name), ['run', 'luminosityBlock', 'event', 'tag_x', 'tag_j']);
  const all = primaryRows.flat();
  const friendEvents = new Set(reordered.flatMap((_, i) => shuffled(primaryRows[i]!, 3 + i).filter((r) => r.event % 2n === 0n || r.x < 20)).map((r) => r.event));
  for (let i = 0; i < 70; i++) {
    assert.equal(table.getChild('event')!.get(i), all[i]!.event, `row ${i} keeps the primary order with exact keys`);
    const x = table.getChild('tag_x')!.get(i);
    const j = table.getChild('tag_j')!.get(i);
    if (friendEvents.has(all[i]!.event)) {
      assert.equal(x, all[i]!.x);
      assert.deepEqual([...j], all[i]!.j);
    } else assert.equal(x, null);
  }
  const runs = await joins.listRuns();
  assert.equal(runs[0]!.id, run.id);
  await assert.rejects(joins.preview({ runId: run.id, friend: 'nope' }), (e: unknown) => FacilityError.is(e) && e.code === 'not-found' && /no friend "nope"/.test(e.message));
});

test('cancelling a run mid-join stops the engine and leaves the earlier output as it was', async () => {
  const remote = primaryRows.map((rows, i) => writeEvents(join(dir, `remote${i}.arrow`), rows, { batchRows: 20 }));
  const out = join(dir, 'cancel-out');
  const remotePlan = plan([friend('r', remote.map((p) => `${files.url}/${p.split('/').at(-1)}`))], { output: { dir: out } });
  const first = await joins.run(remotePlan);
  const before = readFileSync(join(out, 'join-report.json'), 'utf8');

  // The join phase re-reads what the key scan read; parking those re-reads of the second file stops the run mid-join.
  const parked = files.hold('remote1.arrow');
  const controller = new AbortController();
  const progress: JoinProgressEvent[] = [];
  const running = joins.run(remotePlan, { signal: controller.signal, onProgress: (p) => progress.push(p) });
  await parked;
  controller.abort();
  await assert.rejects(running, (e: unknown) => FacilityError.is(e) && e.code === 'cancelled');
  const runs = await joins.listRuns();
  const cancelled = runs.find((r) => r.id !== first.run.id && r.outputDir === out)!;
  for (let i = 0; i < 50 && (await joins.listRuns()).find((r) => r.id === cancelled.id)!.state === 'running'; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal((await joins.listRuns()).find((r) => r.id === cancelled.id)!.state, 'cancelled');
  assert.equal(readFileSync(join(out, 'join-report.json'), 'utf8'), before, 'the report of the earlier success is untouched');
  assert.deepEqual(readdirSync(out).sort(), ['join-report.json', 'r'], 'no staging folder or partial file is left');
  assert.deepEqual(readdirSync(join(out, 'r')), ['0000_remote0.arrow', '0001_remote1.arrow'].map((n) => n.replace('remote', 'p')));
});
