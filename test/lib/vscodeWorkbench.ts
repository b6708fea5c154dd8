import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type FrameLocator, type Page } from 'playwright-core';

/** Debian's Chromium, driven by playwright-core (never `playwright install`). */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A headless Chromium page with a fresh profile. */
export interface BrowserPage {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Closes Chromium and removes its profile. */
  close(): Promise<void>;
}

/** Launches headless Chromium with a fresh user-data-dir and returns its first page. */
export async function openBrowser(): Promise<BrowserPage> {
  const profile = await mkdtemp(join(tmpdir(), 'afkit-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 900 },
    timeout: 60_000,
  });
  context.setDefaultTimeout(30_000);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    page,
    context,
    close: async () => {
      await context.close().catch(() => {});
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Waits until the VS Code workbench has loaded in `page`. */
export async function waitForWorkbench(page: Page, timeoutMs = 90_000): Promise<void> {
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: timeoutMs });
}

/** Runs a command from the command palette (F1, its title, Enter), as a user would. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
}

/**
 * The content frame of the afkit webview showing the panel titled `title` (its `section[aria-label]`).
 * VS Code nests each webview's content in `iframe#active-frame` inside an `iframe.webview.ready`, in no
 * fixed order, so every webview is searched until one holds the panel (bounded by `timeoutMs`). With `containing`,
 * only a panel showing that text counts (two webviews may show panels of one title, e.g. Datasets in the sidebar and
 * a dataset file's editor).
 */
export async function webviewPanel(page: Page, title: string, timeoutMs = 60_000, containing?: string): Promise<FrameLocator> {
  const deadline = Date.now() + timeoutMs;
  const outer = page.frameLocator('iframe.webview.ready');
  while (Date.now() < deadline) {
    const count = await page.locator('iframe.webview.ready').count();
    for (let k = 0; k < count; k++) {
      const content = outer.nth(k).frameLocator('iframe#active-frame');
      const panel = content.locator(`section[aria-label="${title}"]`, containing === undefined ? {} : { hasText: containing });
      if ((await panel.count().catch(() => 0)) > 0) return content;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no webview shows the "${title}" panel${containing === undefined ? '' : ` with "${containing}"`} within ${timeoutMs} ms`);
}

/**
 * The content frame of the sidebar webview view titled `title` (Clusters, Datasets). code-server 4.100 now and then
 * leaves one of two webview views resolved together blank: the extension sets its page, but the webview host never
 * loads it (no content frame appears, no script runs). A user collapses and reopens the view, and VS Code loads it
 * afresh; so does this, once, saying so in the test log.
 */
export async function sidebarViewPanel(page: Page, title: string, timeoutMs = 60_000): Promise<FrameLocator> {
  try {
    return await webviewPanel(page, title, 20_000);
  } catch {
    console.log(`# code-server left the ${title} view blank; collapsing and reopening it`);
  }
  const header = page.locator('.pane-header', { has: page.locator('h3.title', { hasText: new RegExp(`^${title}$`, 'i') }) });
  await header.click();
  await header.click();
  return webviewPanel(page, title, timeoutMs);
}

/** Opens a workspace file with Quick Open (Ctrl+P, its name, Enter), as a user would; it opens in its default editor. */
export async function quickOpen(page: Page, fileName: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(fileName);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first().waitFor({ state: 'visible', timeout: 30_000 });
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
}
