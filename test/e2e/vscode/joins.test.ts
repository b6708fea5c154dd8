// The Join Designer as a user meets it in VS Code (code-server with the afkit .vsix): the extension host's embedded
// facility runs the join, the webview talks to it over the RPC bridge. Design, validate, run, report, preview.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { designAndValidate, runAndInspect, showDuplicates, writeDesignerData } from '../../integration/joinsDesignerSteps.ts';
import { tempDir, type EventRow } from '../../integration/joinsTestData.ts';
import { EXTENSION_VSIX, VSCODE_SCREENSHOTS, startCodeServer, vscodeSkip, type CodeServer } from '../../lib/vscode.ts';
import { openBrowser, runCommand, sidebarViewPanel, waitForWorkbench, webviewPanel, type BrowserPage } from '../../lib/vscodeWorkbench.ts';

const skip = vscodeSkip();

describe('Join Designer in VS Code', { skip, timeout: 300_000 }, () => {
  const dir = tempDir();
  let rows: EventRow[][];
  let server: CodeServer;
  let browser: BrowserPage;
  let page: Page;
  let panel: Locator;
  const shot = (name: string) => page.screenshot({ path: join(VSCODE_SCREENSHOTS, `joins-${name}.png`) });

  before(async () => {
    rows = writeDesignerData(dir);
    await mkdir(VSCODE_SCREENSHOTS, { recursive: true });
    server = await startCodeServer({ installVsix: EXTENSION_VSIX });
    browser = await openBrowser();
    page = browser.page;
    await page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspace)}`);
    await waitForWorkbench(page);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens from the command palette with the facility connected', async () => {
    // Opening the Analysis Facility container activates the extension, which registers its commands.
    await page.locator('.part.activitybar a.action-label[aria-label^="Analysis Facility"]').click({ timeout: 120_000 });
    await sidebarViewPanel(page, 'Clusters');
    await runCommand(page, 'Analysis Facility: Open Join Designer');
    const frame = await webviewPanel(page, 'Join Designer');
    panel = frame.locator('section[aria-label="Join Designer"]');
    await panel.locator('.afkit-facility-state', { hasText: 'connected' }).waitFor({ timeout: 30_000 });
    assert.ok(await panel.getByRole('button', { name: '+ Add friend dataset' }).isVisible());
  });

  it('designs a join and shows the validation report', async () => {
    await designAndValidate(panel, dir);
    await shot('validation');
  });

  it('runs it and shows the report with its proof and a preview', async () => {
    await runAndInspect(panel, rows);
    await panel.getByRole('region', { name: 'Join report' }).scrollIntoViewIfNeeded();
    await shot('report-preview');
  });

  it('lists duplicate keys as an error', async () => {
    await showDuplicates(panel, dir, rows);
    await shot('duplicates');
  });
});
