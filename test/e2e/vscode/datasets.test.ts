// The Datasets view as a user meets it in VS Code (code-server, the real workbench and extension host, afkit
// installed from its .vsix): the extension host's embedded facility serves its generated sample NanoAOD files;
// open them as a dataset, expand a file's tree, filter branches, preview a jagged branch (values visible in the
// cells), histogram a branch over the dataset, all through the webview's RPC bridge. Screenshots in test-output/vscode/.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { SAMPLE_FIRST_EVENT } from '../../../packages/local-facility/src/datasets/index.ts';
import { filterBranches, histogramOf, openFile, openFolderAsDataset, previewJaggedAndEvent } from '../../integration/datasetsBrowserSteps.ts';
import { EXTENSION_VSIX, VSCODE_SCREENSHOTS, startCodeServer, vscodeSkip } from '../../lib/vscode.ts';
import { openBrowser, sidebarViewPanel, waitForWorkbench } from '../../lib/vscodeWorkbench.ts';

const skip = vscodeSkip();

test('Datasets in the VS Code sidebar: sample dataset, tree, filter, jagged preview, histogram', { skip, timeout: 300_000 }, async () => {
  await mkdir(VSCODE_SCREENSHOTS, { recursive: true });
  const server = await startCodeServer({ installVsix: EXTENSION_VSIX });
  const browser = await openBrowser();
  const shot = (page: Page, name: string) => page.screenshot({ path: join(VSCODE_SCREENSHOTS, `datasets-${name}.png`) });
  try {
    const { page } = browser;
    await page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspace)}`);
    await waitForWorkbench(page);
    // On a busy machine the workbench may take a while to list the extension's activity-bar container.
    const container = page.locator('.part.activitybar .action-label[aria-label^="Analysis Facility"]');
    await container.waitFor({ timeout: 120_000 });
    await container.click();
    // Give the Datasets view the sidebar's height: fold the Clusters view above it.
    await page.locator('.part.sidebar .pane-header', { hasText: 'Clusters' }).click();
    const frame = await sidebarViewPanel(page, 'Datasets');
    const panel = frame.locator('section[aria-label="Datasets"]');

    await openFolderAsDataset(panel, { source: 'Sample NanoAOD', files: 3, summary: /60,000\s+entries .* 3 of 3 files readable/ });
    await shot(page, 'dataset');
    await openFile(panel, 'nano_sample_0.arrow', /19 branches · 20,000 entries/);
    await filterBranches(panel);
    await previewJaggedAndEvent(panel, SAMPLE_FIRST_EVENT);
    await shot(page, 'preview');
    await histogramOf(panel, 'Muon_eta', /60,000 of 60,000 entries .* done/, /over the dataset \(3 files\)/);
    await panel.getByRole('region', { name: 'Histogram of Muon_eta' }).scrollIntoViewIfNeeded();
    await shot(page, 'histogram');
  } catch (error) {
    await shot(browser.page, 'failure').catch(() => undefined);
    throw error;
  } finally {
    await browser.close();
    await server.stop();
  }
});
