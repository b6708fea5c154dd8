import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseJoinPlan } from '@afkit/join-engine';
import { emptyDesign, fromJoinPlan, newFriend, splitFiles, toJoinPlan, type DesignerState } from './DesignerState.ts';

const design: DesignerState = {
  ...emptyDesign(),
  primary: { filesText: '/data/nano_*.root\n\n /data/extra.root ', tree: 'Events' },
  friends: [
    {
      ...newFriend(1),
      name: 'tagger',
      filesText: '/ml/a.parquet, /ml/b.parquet',
      keyMap: { run: 'run', event: 'evt', luminosityBlock: '' },
      columns: [
        { name: 'score', as: '' },
        { name: 'mass', as: 'tagger_m' },
        { name: 'pt', as: 'ml_pt' },
      ],
      prefix: 'ml_',
    },
  ],
  kind: 'outer',
  outputDir: ' /out ',
};

test('toJoinPlan makes a plan the engine accepts, dropping identity mappings and renames equal to the prefix', () => {
  const json = toJoinPlan(design);
  assert.deepEqual(json.friends, [
    { name: 'tagger', files: ['/ml/a.parquet', '/ml/b.parquet'], keyMap: { event: 'evt' }, columns: ['score', { name: 'mass', as: 'tagger_m' }, 'pt'], prefix: 'ml_' },
  ]);
  assert.deepEqual(json.primary, { files: ['/data/nano_*.root', '/data/extra.root'], tree: 'Events' });
  const plan = parseJoinPlan(json);
  assert.equal(plan.kind, 'outer');
  assert.equal(plan.output.dir, '/out');
  assert.deepEqual(plan.keys.map((k) => k.name), ['run', 'luminosityBlock', 'event']);
});

test('files the facility expanded replace the typed globs; no output folder leaves the default to the facility', () => {
  const checked: DesignerState = { ...design, outputDir: '', primary: { ...design.primary, info: { files: ['/data/nano_1.root'], format: 'root', firstFileRows: 5, columns: [], keys: [] } } };
  const json = toJoinPlan(checked) as { primary: { files: string[] }; output: Record<string, unknown> };
  assert.deepEqual(json.primary.files, ['/data/nano_1.root']);
  assert.deepEqual(json.output, { format: 'arrow' });
});

test('a saved plan loads back into the same design', () => {
  const again = toJoinPlan(fromJoinPlan(JSON.parse(JSON.stringify(toJoinPlan(design)))));
  assert.deepEqual(again, toJoinPlan(design));
  assert.deepEqual(splitFiles(' a ,b\n\nc '), ['a', 'b', 'c']);
});
