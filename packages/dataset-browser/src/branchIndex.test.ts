import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BranchInfo } from '@afkit/core';
import { BranchIndex } from './branchIndex.ts';

const b = (name: string, title = '', extra: Partial<BranchInfo> = {}): BranchInfo => ({ name, title, type: 'float32', ...extra });

const branches = [
  b('run', 'run/i'),
  b('event', 'event/l'),
  b('nMuon', 'slimmedMuons after basic selection'),
  b('Muon_pt', 'pt', { counter: 'nMuon', type: 'var * float32' }),
  b('Muon_eta', 'eta', { counter: 'nMuon', type: 'var * float32' }),
  b('Muon_tightId', 'cut-based ID, tight WP', { counter: 'nMuon', type: 'var * bool' }),
  b('nJet', 'slimmedJets'),
  b('Jet_pt', 'pt', { counter: 'nJet' }),
  b('Jet_btagDeepB', 'DeepCSV b+bb tag discriminator', { counter: 'nJet' }),
  b('MET_pt', 'pt'),
  b('MET_phi', 'phi'),
  b('genWeight', 'generator weight'),
  b('HLT_IsoMu24', 'Trigger/flag bit'),
];

test('collections are grouped with their counter, in file order, folded by default', () => {
  const index = new BranchIndex(branches);
  const rows = index.rows('', new Set());
  assert.deepEqual(
    rows.map((r) => (r.kind === 'group' ? `[${r.group.name}:${r.group.counter?.name ?? '-'}:${r.matches}]` : r.branch.name)),
    ['run', 'event', '[Muon:nMuon:4]', '[Jet:nJet:3]', '[MET:-:2]', 'genWeight', 'HLT_IsoMu24'],
  );
  const open = index.rows('', new Set(['Muon']));
  assert.deepEqual(
    open.filter((r) => r.kind === 'branch' && r.inGroup).map((r) => (r as { branch: BranchInfo }).branch.name),
    ['nMuon', 'Muon_pt', 'Muon_eta', 'Muon_tightId'],
  );
});

test('filtering matches names and documentation, every word, case-insensitively, opening collections with hits', () => {
  const index = new BranchIndex(branches);
  const names = (filter: string) => index.rows(filter, new Set()).filter((r) => r.kind === 'branch').map((r) => (r as { branch: BranchInfo }).branch.name);
  assert.deepEqual(names('muon_P'), ['Muon_pt']);
  assert.deepEqual(names('tight'), ['Muon_tightId']);
  assert.deepEqual(names('deepcsv'), ['Jet_btagDeepB']);
  assert.deepEqual(names('pt jet'), ['Jet_pt']);
  assert.deepEqual(names('nothing-like-this'), []);
  const rows = index.rows('pt', new Set());
  assert.deepEqual(rows.filter((r) => r.kind === 'group').map((r) => (r as { group: { name: string } }).group.name), ['Muon', 'Jet', 'MET']);
});

test('a 1,680-branch index finds branches by several words across names and documentation', () => {
  const many: BranchInfo[] = [];
  for (let c = 0; c < 80; c++) {
    many.push(b(`nColl${c}`, `collection ${c}`));
    for (let k = 0; k < 20; k++) many.push(b(`Coll${c}_var${k}`, `variable ${k} of collection ${c}, documented at length`));
  }
  const index = new BranchIndex(many);
  assert.equal(index.size, 1_680);
  const rows = index.rows('var1 coll7', new Set());
  assert.ok(rows.some((r) => r.kind === 'branch' && r.branch.name === 'Coll7_var1'));
  assert.ok(rows.every((r) => r.kind === 'group' || /var1/.test(r.branch.name)));
});
