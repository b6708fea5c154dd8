import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FacilityError } from '@afkit/core';
import { parseJoinPlan } from './parseJoinPlan.ts';

const minimal = {
  version: 1,
  primary: { files: ['a.root'], tree: 'Events' },
  friends: [{ name: 'tagger', files: ['t.parquet'], columns: ['score', { name: 'pt', as: 'tag_pt' }] }],
  output: { dir: '/tmp/out' },
};

test('fills defaults: CMS keys, left join, duplicates are errors, Arrow output, 1 GB, one worker', () => {
  const plan = parseJoinPlan(minimal);
  assert.deepEqual(plan.keys, [
    { name: 'run', type: 'uint32' },
    { name: 'luminosityBlock', type: 'uint32' },
    { name: 'event', type: 'uint64' },
  ]);
  assert.equal(plan.kind, 'left');
  assert.equal(plan.duplicates, 'error');
  assert.equal(plan.output.format, 'arrow');
  assert.equal(plan.memoryLimitMB, 1024);
  assert.equal(plan.workers, 1);
  assert.deepEqual(plan.friends[0]!.columns, [{ name: 'score' }, { name: 'pt', as: 'tag_pt' }]);
});

test('round-trips through JSON text', () => {
  const plan = parseJoinPlan(minimal);
  assert.deepEqual(parseJoinPlan(JSON.stringify(plan)), plan);
});

test('rejects bad plans with the field named', () => {
  const cases: [unknown, RegExp][] = [
    [{ ...minimal, version: 2 }, /version must be 1, got 2/],
    [{ ...minimal, kind: 'cross' }, /kind must be one of inner, left, right, outer, got "cross"/],
    [{ ...minimal, friends: [] }, /friends needs at least one friend/],
    [{ ...minimal, primary: { files: [] } }, /primary.files needs at least one file/],
    [{ ...minimal, keys: [{ name: 'run', type: 'int8' }] }, /keys\[0\].type must be one of uint32, uint64/],
    [{ ...minimal, friends: [{ ...minimal.friends[0], keyMap: { evt: 'eventNumber' } }] }, /maps "evt", which is not a join key/],
    [{ ...minimal, friends: [{ ...minimal.friends[0], columns: ['event'] }] }, /output column "event" collides/],
    [{ ...minimal, friends: [minimal.friends[0], minimal.friends[0]] }, /two friends are named "tagger"/],
    [{ ...minimal, memoryLimitMB: -1 }, /memoryLimitMB must be a positive number/],
    ['{not json', /not valid JSON/],
  ];
  for (const [value, message] of cases) {
    assert.throws(() => parseJoinPlan(value), (error: unknown) => FacilityError.is(error) && error.code === 'invalid-input' && message.test(error.message), String(message));
  }
});
