// What a user does in the Join Designer, as Playwright steps shared by the browser test and the host end-to-end tests:
// design a join on data written here, validate it, run it, read the report, preview and histogram the output.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { events, shuffled, writeEvents, type EventRow } from './joinsTestData.ts';

/** Two primary files of 150 events, a tagger friend holding 90% of them reordered, and a friend with one key twice. */
export function writeDesignerData(dir: string): EventRow[][] {
  const rows = [events(150, 0), events(150, 150)];
  rows.forEach((r, i) => writeEvents(join(dir, `nano_${i}.arrow`), r));
  rows.forEach((r, i) => writeEvents(join(dir, `tagger_${i}.arrow`), shuffled(r, 11 + i).filter((_, k) => k % 10 !== 0)));
  writeEvents(join(dir, 'dup.arrow'), [...rows[0]!, rows[0]![7]!]);
  return rows;
}

/** Picks the primary by glob, takes the suggested keys, adds the tagger friend with two columns, validates and checks the report. */
export async function designAndValidate(panel: Locator, dir: string): Promise<void> {
  await panel.getByLabel('Primary files (paths or globs, one per line)').fill(join(dir, 'nano_*.arrow'));
  await panel.getByRole('button', { name: 'Check' }).first().click();
  await panel.getByText('✓ 2 files (arrow), 150 rows in the first, 5 columns').waitFor({ timeout: 15_000 });
  assert.equal(await panel.getByRole('button', { name: 'Suggested: run, luminosityBlock, event' }).getAttribute('aria-pressed'), 'true');

  await panel.getByRole('button', { name: '+ Add friend dataset' }).click();
  await panel.getByRole('group', { name: /^Friend friend\d+$/ }).getByLabel('Friend name').fill('tagger');
  const tagger = panel.getByRole('group', { name: 'Friend tagger' });
  await tagger.getByLabel(/files \(paths or globs/).fill(join(dir, 'tagger_*.arrow'));
  await tagger.getByRole('button', { name: 'Check' }).click();
  await tagger.getByText('✓ 2 files').waitFor({ timeout: 15_000 });
  await tagger.getByLabel('Search columns').fill('x');
  assert.deepEqual(await tagger.locator('.afkit-jd-columnlist code').allTextContents(), ['x'], 'the search narrows the list; keys are not offered');
  await tagger.getByLabel('Search columns').fill('');
  await tagger.getByRole('button', { name: 'Add all 2 shown' }).click();
  await tagger.getByPlaceholder('tagger_').fill('tag_');
  await tagger.getByLabel('Rename j').fill('tag_jets');

  await panel.getByRole('button', { name: 'Validate' }).click();
  const validation = panel.getByRole('region', { name: 'Validation report' });
  await validation.getByText('subset', { exact: true }).waitFor({ timeout: 20_000 });
  const cells = await validation.locator('tbody tr').first().locator('td').allTextContents();
  assert.deepEqual(cells.slice(2), ['270', '270', '0', '100%', '90.0%'], 'rows, distinct keys, duplicates, its rows matched, events matched');
  await validation.getByText('✓ The join can run.').waitFor();
}

/** Runs the designed join and checks the report's counts and proof, the preview (exact 64-bit keys, jagged cells), the histogram and the Python snippet. */
export async function runAndInspect(panel: Locator, rows: readonly EventRow[][]): Promise<void> {
  await panel.getByRole('button', { name: 'Run join' }).click();
  const report = panel.getByRole('region', { name: 'Join report' });
  const failure = panel.locator('.afkit-jd > .afkit-error-box');
  await report.or(failure).first().waitFor({ timeout: 30_000 });
  if (await failure.isVisible()) assert.fail(`the run failed: ${await failure.textContent()}`);
  const cells = await report.locator('tbody tr').first().locator('td').allTextContents();
  assert.deepEqual(cells.slice(0, 6), ['tagger', '270', '30', '0', '300', '2'], 'friend, matched, unmatched, friend rows without event, rows, files');
  assert.equal(cells[6], '✓ 270 of 270 attached rows verified');

  const preview = panel.getByRole('table', { name: 'Joined output preview' });
  await preview.waitFor({ timeout: 15_000 });
  assert.deepEqual(await preview.getByRole('columnheader').allTextContents(), ['#', 'run', 'luminosityBlock', 'event', 'tag_x', 'tag_jets']);
  const first = await preview.getByRole('row').nth(1).getByRole('cell').allTextContents();
  assert.equal(first[2], String(rows[0]![0]!.event), 'event 2^63 shown exactly');
  const second = await preview.getByRole('row').nth(2).getByRole('cell').allTextContents();
  assert.match(second.at(-1)!, /^\[1\]$|^null$/, 'a jagged cell is shown as a list');
  assert.ok((await panel.locator('.afkit-jd-preview-row').count()) < 100, 'only the visible rows are rendered');
  await panel.getByRole('img', { name: /Histogram of/ }).waitFor();
  assert.equal(await panel.locator('.afkit-jd-hist-chart rect').count(), 40);
  await panel.getByRole('button', { name: 'Copy Python' }).click();
  const snippet = panel.getByLabel('Python snippet');
  await snippet.waitFor();
  assert.match((await snippet.textContent()) ?? '', /for primary_path, tagger_path in zip\(primary_files, tagger_files\):/);
}

/** Points the tagger friend at a file with a repeated key: validation lists it as an error and Run is refused. */
export async function showDuplicates(panel: Locator, dir: string, rows: readonly EventRow[][]): Promise<void> {
  const tagger = panel.getByRole('group', { name: 'Friend tagger' });
  await tagger.getByLabel(/files \(paths or globs/).fill(join(dir, 'dup.arrow'));
  await tagger.getByRole('button', { name: 'Check' }).click();
  await tagger.getByText('✓ 1 file').waitFor({ timeout: 15_000 });
  await panel.getByRole('button', { name: 'Validate' }).click();
  const alert = panel.getByRole('region', { name: 'Validation report' }).getByRole('alert');
  await alert.waitFor({ timeout: 20_000 });
  assert.match((await alert.textContent()) ?? '', new RegExp(`tagger: run=2 luminosityBlock=10 event=${rows[0]![7]!.event} ×2`));
  assert.equal(await panel.getByRole('button', { name: 'Run join' }).isDisabled(), true);
}
