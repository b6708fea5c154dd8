// A user's steps in the Datasets panel, shared by the host-free browser test and the JupyterLab and VS Code
// end-to-end tests: each takes the panel's locator, acts as a person would, and asserts what they should see.
import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';

const LONG = 60_000;

/** Picks a source, walks into `folders`, opens the folder as a dataset of `files` data files, and checks the summary. */
export async function openFolderAsDataset(panel: Locator, options: { source: string; folders?: readonly string[]; files: number; summary: RegExp }): Promise<void> {
  const select = panel.getByLabel('Dataset source');
  await select.waitFor({ timeout: LONG });
  await select.selectOption({ label: options.source });
  for (const folder of options.folders ?? []) await panel.getByRole('button', { name: `📁 ${folder}` }).click({ timeout: LONG });
  await panel.getByRole('button', { name: `Open folder as dataset (${options.files})` }).click({ timeout: LONG });
  const summary = panel.getByLabel('Dataset summary');
  await summary.waitFor({ timeout: LONG });
  assert.match(await summary.innerText(), options.summary);
}

/** Opens one file of the dataset: its tree expands and lists the branches, NanoAOD collections folded with their counter. */
export async function openFile(panel: Locator, file: string, branches: RegExp): Promise<void> {
  await panel.getByRole('button', { name: file, exact: true }).click();
  const list = panel.getByRole('list', { name: 'Branches' });
  await list.waitFor({ timeout: LONG });
  assert.match(await panel.getByRole('button', { name: /^▾ / }).first().innerText(), /▾/, 'a tree is expanded');
  assert.match(await panel.innerText(), branches);
  assert.match(await list.innerText(), /Muon\s+6 branches · counter nMuon/);
}

/** Filters by documentation (only the b-tag branch matches "deepcsv"), then by name. */
export async function filterBranches(panel: Locator): Promise<void> {
  const list = panel.getByRole('list', { name: 'Branches' });
  const filter = panel.getByLabel('Filter branches');
  await filter.fill('deepcsv');
  await list.getByText('Jet_btagDeepB').waitFor({ timeout: LONG });
  assert.doesNotMatch(await list.innerText(), /Muon_pt/);
  await filter.fill('muon');
  await list.getByText('Muon_pt').waitFor({ timeout: LONG });
  assert.doesNotMatch(await list.innerText(), /Jet_btagDeepB/);
}

/** Previews a jagged branch and the uint64 `event`: the cells show the values, the event number exactly. */
export async function previewJaggedAndEvent(panel: Locator, firstEvent: bigint): Promise<void> {
  await panel.getByLabel('Filter branches').fill('muon');
  await panel.getByLabel('Pick Muon_pt').check();
  await panel.getByLabel('Filter branches').fill('event');
  await panel.getByLabel('Pick event').check();
  await panel.getByRole('button', { name: /Preview 2 branches/ }).click();
  const table = panel.getByRole('table');
  await table.waitFor({ timeout: LONG });
  const cells = await table.getByRole('row').nth(1).getByRole('cell').allInnerTexts();
  assert.equal(cells[0], '0');
  assert.match(cells[1]!, /^\[\d+(\.\d+)?(, \d+(\.\d+)?)*\]$|^\[\]$/, `a jagged cell shows its values: ${cells[1]}`);
  assert.equal(cells[2], firstEvent.toString(), 'a uint64 above 2^53 shows exactly');
  assert.doesNotMatch(await table.innerText(), /object Object/);
}

/** Histograms a branch with one click and waits for the fill to finish: progress to the total, a chart drawn. */
export async function histogramOf(panel: Locator, branch: string, done: RegExp, scope: RegExp): Promise<void> {
  await panel.getByLabel('Filter branches').fill(branch);
  await panel.getByLabel(`Histogram ${branch}`).click();
  const section = panel.getByRole('region', { name: `Histogram of ${branch}` });
  await section.waitFor({ timeout: LONG });
  await section.getByText(done).waitFor({ timeout: LONG });
  assert.match(await section.innerText(), scope);
  assert.equal(await section.locator('canvas').count(), 1);
}
