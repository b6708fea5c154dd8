import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DuckDBInstance, INTEGER, LIST } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { FacilityError } from '@afkit/core';
import { runJoin } from './runJoin.ts';
import type { JoinKind } from './plan/JoinPlan.ts';
import { readOutputRows, rng, show, tempDir, writeRows } from './testing/testData.ts';
import type { KeyTypes, Row } from './testing/testData.ts';

const TRIALS = 270;
const KINDS: JoinKind[] = ['inner', 'left', 'right', 'outer'];
const SCENARIOS = ['aligned', 'resplit', 'shuffled', 'subset', 'superset', 'overlap', 'disjoint', 'regrouped', 'duplicates'] as const;
const NEAR_2_63 = 1n << 63n;

let duck: DuckDBConnection;
let dir: string;
before(async () => {
  duck = await (await DuckDBInstance.create(':memory:')).connect();
  dir = tempDir();
});
after(() => {
  duck.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

test(`${TRIALS} random joins equal DuckDB's row for row, for every kind and relationship`, async () => {
  // Bounded by construction: at most 40 primary rows per trial (about 7 s in all on an idle machine).
  for (let trial = 0; trial < TRIALS; trial++) {
    const scenario = SCENARIOS[trial % SCENARIOS.length]!;
    const kind = KINDS[Math.floor(trial / SCENARIOS.length) % KINDS.length]!;
    await oneTrial(trial + 1, scenario, kind);
  }
});

async function oneTrial(seed: number, scenario: (typeof SCENARIOS)[number], kind: JoinKind): Promise<void> {
  const random = rng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const n = 1 + Math.floor(random() * 40);
  const keys = new Set<string>();
  const makeRow = (): Row => {
    for (;;) {
      const event = random() < 0.5 ? NEAR_2_63 - 1n - BigInt(Math.floor(random() * 1000)) : BigInt(Math.floor(random() * 100));
      const row: Row = {
        run: BigInt(1 + Math.floor(random() * 3)),
        lumi: BigInt(Math.floor(random() * 4)),
        event,
        x: random() < 0.15 ? null : Math.round(random() * 1e6) / 100,
        j: random() < 0.1 ? null : Array.from({ length: Math.floor(random() * 4) }, () => Math.floor(random() * 100)),
      };
      const k = `${row.run}/${row.lumi}/${row.event}`;
      if (!keys.has(k)) {
        keys.add(k);
        return row;
      }
    }
  };
  const primary = Array.from({ length: n }, makeRow);
  const friendOf = (r: Row): Row => ({ ...r, x: random() < 0.15 ? null : Math.round(random() * 1e6) / 100, j: random() < 0.1 ? null : [Math.floor(random() * 9)] });
  let friend: Row[];
  switch (scenario) {
    case 'aligned':
    case 'resplit':
      friend = primary.map(friendOf);
      break;
    case 'shuffled':
    case 'regrouped':
      friend = shuffle(primary.map(friendOf), random);
      break;
    case 'subset':
      friend = shuffle(primary.filter(() => random() < 0.6).map(friendOf), random);
      break;
    case 'superset':
      friend = shuffle([...primary.map(friendOf), ...Array.from({ length: 1 + Math.floor(random() * 10) }, makeRow)], random);
      break;
    case 'overlap':
      friend = shuffle([...primary.filter(() => random() < 0.5).map(friendOf), ...Array.from({ length: 5 }, makeRow)], random);
      break;
    case 'disjoint':
      friend = Array.from({ length: 1 + Math.floor(random() * 10) }, makeRow);
      break;
    case 'duplicates':
      friend = shuffle([...primary.map(friendOf), ...primary.filter(() => random() < 0.2).map(friendOf)], random);
      if (friend.length === primary.length) friend.push(friendOf(primary[0]!));
      break;
  }
  const primaryFiles = split(primary, 1 + Math.floor(random() * (scenario === 'aligned' ? 3 : 4)), random);
  const friendFiles = scenario === 'aligned' ? primaryFiles.map((f) => f.map((r) => friend[primary.indexOf(r)]!)) : split(friend, scenario === 'regrouped' || scenario === 'resplit' ? 2 + Math.floor(random() * 3) : 1 + Math.floor(random() * 2), random);
  const trialDir = join(dir, `t${seed}`);
  const primaryTypes: KeyTypes = { run: 'uint32', lumi: 'uint32', event: 'uint64' };
  // About a third of the aligned trials bring a friend whose files already are the output (keys in their key types, its
  // columns unrenamed, no primary column): those are copied and their copies verified (see copyAligned).
  const asIs = scenario === 'aligned' && random() < 1 / 3;
  const friendTypes: KeyTypes = asIs
    ? primaryTypes
    : { run: pick(['int32', 'uint32', 'int64'] as const), lumi: pick(['uint32', 'int64'] as const), event: pick(['int64', 'uint64'] as const) };
  const paths = (name: string, files: Row[][], types: KeyTypes) =>
    files.map((rows, i) => {
      const path = `${trialDir}-${name}${i}.arrow`;
      writeRows(path, rows, types);
      return path;
    });
  const plan = {
    version: 1,
    primary: { files: paths('p', primaryFiles, primaryTypes), ...(asIs ? {} : { columns: ['x'] }) },
    friends: [{ name: 'f', files: paths('f', friendFiles, friendTypes), columns: ['x', 'j'], ...(asIs ? {} : { prefix: 'f_' }) }],
    kind,
    duplicates: scenario === 'duplicates' ? pick(['all', 'error'] as const) : 'error',
    output: { dir: trialDir, format: 'arrow' },
  };
  const where = `seed ${seed} (${scenario}, ${kind}, ${plan.duplicates})`;
  if (plan.duplicates === 'error' && scenario === 'duplicates') {
    await assert.rejects(runJoin(plan), (error: unknown) => FacilityError.is(error) && /repeats \d+ keys/.test(error.message), where);
    return;
  }
  // Half the trials spread every looked-up friend first, however few times the tasks would read it (see planSpread).
  const report = await runJoin(plan, seed % 2 ? { spreadAbove: 0 } : {});
  const got = readOutputRows(join(trialDir, 'f'), asIs ? ['run', 'luminosityBlock', 'event', 'x', 'j'] : ['run', 'luminosityBlock', 'event', 'x', 'f_x', 'f_j']);
  const joined = await duckJoin(primaryFiles.flat(), friendFiles.flat(), kind);
  // Without the primary's x (the fourth column) where the output brings no primary column.
  const want = asIs ? joined.map((row) => row.split('|').filter((_, i) => i !== 3).join('|')) : joined;
  assert.deepEqual(got, want, where);
  const friendReport = report.friends[0]!;
  assert.equal(friendReport.proof.verifiedRows, friendReport.proof.attachedRows, where);
  assert.equal(friendReport.outputRows, want.length, where);
  if (scenario === 'aligned') assert.equal(friendReport.relationship, 'aligned row by row', where);
  if (scenario === 'resplit') {
    // The same rows in the same order, in files split elsewhere: aligned by dataset row, whatever the files.
    assert.match(friendReport.relationship, /^(aligned row by row|regrouped across \d+ files)$/, where);
    assert.equal(report.validation.friends[0]!.positionalMismatch, null, where);
  }
}

async function duckJoin(primary: readonly Row[], friend: readonly Row[], kind: JoinKind): Promise<string[]> {
  for (const [name, rows] of [['p', primary], ['f', friend]] as const) {
    await duck.run(`CREATE OR REPLACE TABLE ${name} (run UBIGINT, lumi UBIGINT, event UBIGINT, x DOUBLE, j INTEGER[], pos INTEGER)`);
    const appender = await duck.createAppender(name);
    rows.forEach((r, pos) => {
      appender.appendUBigInt(r.run);
      appender.appendUBigInt(r.lumi);
      appender.appendUBigInt(r.event);
      if (r.x === null) appender.appendNull();
      else appender.appendDouble(r.x);
      if (r.j === null) appender.appendNull();
      else appender.appendList(r.j, LIST(INTEGER));
      appender.appendInteger(pos);
      appender.endRow();
    });
    appender.closeSync();
  }
  const sql = `SELECT coalesce(p.run, f.run), coalesce(p.lumi, f.lumi), coalesce(p.event, f.event), p.x, f.x, f.j
    FROM p ${kind === 'outer' ? 'FULL OUTER' : kind.toUpperCase()} JOIN f ON p.run = f.run AND p.lumi = f.lumi AND p.event = f.event
    ORDER BY p.pos NULLS LAST, f.pos`;
  const result = await duck.runAndReadAll(sql);
  return result.getRowsJS().map((row) => row.map(show).join('|'));
}

function shuffle<T>(list: T[], random: () => number): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}

function split<T>(list: readonly T[], parts: number, random: () => number): T[][] {
  const cuts = Array.from({ length: parts - 1 }, () => Math.floor(random() * (list.length + 1))).sort((a, b) => a - b);
  const bounds = [0, ...cuts, list.length];
  return bounds.slice(1).map((end, i) => list.slice(bounds[i], end));
}
