// Where a run goes: the reasons a configured Slurm executor still runs a join in-process, and the groups of an array.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FacilityError } from '@afkit/core';
import { parseJoinPlan, type JoinPlan } from '@afkit/join-engine';
import { chooseExecutor } from './chooseExecutor.ts';
import { slurmJoinSettings } from './SlurmJoinOptions.ts';

const files = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `/data/${prefix}${i}.root`);
const plan = (extra: Record<string, unknown> = {}): JoinPlan =>
  parseJoinPlan({ version: 1, primary: { files: files('p', 5) }, friends: [{ name: 'f', files: files('f', 2), columns: ['x'] }], kind: 'left', output: { dir: '/out' }, ...extra });
const settings = slurmJoinSettings({ filesPerTask: 2, afkitCommand: ['/bin/true'] });

/** Runs `body` with no Slurm command on PATH. */
async function withoutSlurm<T>(body: () => Promise<T>): Promise<T> {
  const path = process.env.PATH;
  process.env.PATH = '/nonexistent';
  try {
    return await body();
  } finally {
    process.env.PATH = path;
  }
}

test('without a Slurm executor, or for right and outer joins, runs stay in-process and say why', async () => {
  assert.deepEqual(await chooseExecutor(plan(), undefined), { kind: 'in-process', reason: 'this facility runs joins in its own process (no Slurm executor configured)' });
  for (const kind of ['right', 'outer']) {
    const choice = await chooseExecutor(plan({ kind }), settings);
    assert.equal(choice.kind, 'in-process');
    assert.match(choice.kind === 'in-process' ? choice.reason : '', new RegExp(`^${kind} joins run in one process: the friend rows matching no event`));
  }
});

test('small plans, unpaired positional friends, a missing afkit command and a missing Slurm keep runs in-process', async () => {
  const reason = async (p: JoinPlan, s = settings): Promise<string> => {
    const choice = await withoutSlurm(() => chooseExecutor(p, s));
    return choice.kind === 'in-process' ? choice.reason : 'slurm-array';
  };
  assert.equal(await reason(plan({ primary: { files: files('p', 2) } })), '2 primary file(s) fit in one Slurm task (filesPerTask 2)');
  assert.equal(await reason(plan({ friends: [{ name: 'pos', files: files('f', 2), columns: ['x'], positional: true }] })), 'positional friend "pos" has 2 files for 5 primary files, so it cannot be split by file');
  assert.match(await reason(plan(), slurmJoinSettings({ filesPerTask: 2, afkitCommand: ['/nowhere/afkit.mjs'] })), /^the afkit command for Slurm tasks is missing \(\/nowhere\/afkit\.mjs\)/);
  assert.equal(await reason(plan()), "Slurm is not installed here (squeue not found on PATH); ran in the facility's process instead");
});

test('bad Slurm options are invalid-input errors naming the option', () => {
  for (const [options, where] of [
    [{ filesPerTask: 0 }, 'joinsFeature slurm.filesPerTask'],
    [{ filesPerTask: 1.5 }, 'joinsFeature slurm.filesPerTask'],
    [{ pollMs: -1 }, 'joinsFeature slurm.pollMs'],
    [{ afkitCommand: [] }, 'joinsFeature slurm.afkitCommand'],
  ] as const) {
    assert.throws(() => slurmJoinSettings(options), (e: unknown) => FacilityError.is(e) && e.code === 'invalid-input' && e.where === where);
  }
});
