import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import type { FriendJoinReport, JoinReport } from '@afkit/join-engine';
import { pythonSnippet, type SnippetPlan } from './pythonSnippet.ts';

const friend = (name: string, paths: string[]): FriendJoinReport =>
  ({ name, files: paths.map((outputPath) => ({ outputPath })), proof: { verifiedRows: 1, attachedRows: 1, digest: 'ab' } }) as unknown as FriendJoinReport;
const report = (kind: JoinReport['kind']): JoinReport =>
  ({ kind, format: 'arrow', friends: [friend('ml-tag', ['/o/ml-tag/0000_a.arrow', '/o/ml-tag/0001_b.arrow']), friend('sys', ['/o/sys/0000_a.arrow', '/o/sys/0001_b.arrow'])] }) as unknown as JoinReport;
const plan = (kind: JoinReport['kind'], format: SnippetPlan['output']['format'] = 'arrow'): SnippetPlan => ({
  primary: { files: ['/d/a.root', '/d/b.root'], tree: 'Events' },
  keys: [{ name: 'run' }, { name: 'luminosityBlock' }, { name: 'event' }],
  kind,
  output: { format },
});

function parsesAsPython(code: string): boolean | undefined {
  const result = spawnSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: code, encoding: 'utf8' });
  return result.error ? undefined : result.status === 0;
}

test('a left join attaches each friend file to its primary file by position, after checking every key', (t) => {
  const code = pythonSnippet(plan('left'), report('left'));
  assert.match(code, /for primary_path, ml_tag_path, sys_path in zip\(primary_files, ml_tag_files, sys_files\):/);
  assert.match(code, /events = uproot\.open\(primary_path\)\["Events"\]\.arrays\(\)/);
  assert.match(code, /ml_tag = ak\.from_feather\(ml_tag_path\)\n/);
  assert.match(code, /assert len\(ml_tag\) == len\(events\) and ak\.all\(ml_tag\["run"\] == events\["run"\]\) and ak\.all\(ml_tag\["luminosityBlock"\] == events\["luminosityBlock"\]\) and ak\.all\(ml_tag\["event"\] == events\["event"\]\)/);
  assert.match(code, /"\/o\/sys\/0001_b\.arrow",/);
  assert.match(code, /NanoEventsFactory\.from_root\(\{primary_path: "Events"\}/);
  const ok = parsesAsPython(code);
  if (ok === undefined) t.diagnostic('python3 not found: syntax not checked');
  else assert.equal(ok, true, code);
});

test('outer joins trim the appended rows; ROOT output reads the friend tree; inner joins are not treated as positional', () => {
  assert.match(pythonSnippet(plan('outer'), report('outer')), /ak\.from_feather\(sys_path\)\[: len\(events\)\]/);
  assert.match(pythonSnippet(plan('left', 'root'), report('left')), /uproot\.open\(sys_path\)\["Friends"\]\.arrays\(\)[\s\S]*AddFriend/);
  assert.match(pythonSnippet(plan('left', 'root'), report('left')), /events\[column\] = ak\.mask\(sys\[column\], sys\[valid\]\) if valid in sys\.fields else sys\[column\]/);
  assert.doesNotMatch(pythonSnippet(plan('left', 'arrow'), report('left')), /_valid/);
  assert.notEqual(parsesAsPython(pythonSnippet(plan('left', 'root'), report('left'))), false, 'the ROOT snippet is valid Python');
  const inner = pythonSnippet(plan('inner'), report('inner'));
  assert.doesNotMatch(inner, /zip\(/);
  assert.match(inner, /not positional friends/);
  assert.notEqual(parsesAsPython(inner), false);
});
