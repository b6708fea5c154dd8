import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { LocalFacility } from '@afkit/local-facility';
import { launchChromium, type ChromiumSession } from './jupyterlabChromium.ts';
import { freePort, startJupyterLabServer, type JupyterLabServer } from './jupyterlabServer.ts';

export { freePort, startJupyterLabServer } from './jupyterlabServer.ts';
export type { JupyterLabServer, JupyterLabServerOptions } from './jupyterlabServer.ts';
export { launchChromium } from './jupyterlabChromium.ts';
export type { ChromiumSession } from './jupyterlabChromium.ts';

/** Where the JupyterLab end-to-end tests save their screenshots (git-ignored). */
export const SCREENSHOT_DIR = resolve(fileURLToPath(import.meta.url), '../../../test-output/jupyterlab');

/** A local facility, the JupyterLab host pointed at it, and Chromium showing JupyterLab. */
export interface JupyterLabSession {
  readonly facility: LocalFacility;
  readonly server: JupyterLabServer;
  readonly page: Page;
  /** Stops the facility (idempotent), e.g. to see the panels report it unreachable. */
  stopFacility(): Promise<void>;
  /** Saves a full-page screenshot as `<name>.png` in {@link SCREENSHOT_DIR}; returns its path. */
  screenshot(name: string): Promise<string>;
  /** Stops Chromium, the server and the facility. */
  close(): Promise<void>;
}

/** Options of {@link startJupyterLab}. */
export interface StartJupyterLabOptions {
  /** The facility's name, shown by every panel. */
  readonly facilityName?: string;
  /** Bound on loading JupyterLab in the page. */
  readonly timeoutMs?: number;
}

/**
 * Starts a LocalFacility in this process that allows the JupyterLab origin, then the JupyterLab host
 * (serve.py) on a free port with the facility in its page config, then Chromium; resolves once
 * JupyterLab has started in the page. On failure everything started so far is stopped.
 */
export async function startJupyterLab(options: StartJupyterLabOptions = {}): Promise<JupyterLabSession> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const cleanups: (() => Promise<void>)[] = [];
  const closeAll = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const facility = await LocalFacility.start({ allowedOrigins: [origin], ...(options.facilityName ? { name: options.facilityName } : {}) });
    let facilityStopped = false;
    const stopFacility = async (): Promise<void> => {
      if (facilityStopped) return;
      facilityStopped = true;
      await facility.close();
    };
    cleanups.push(stopFacility);

    const server = await startJupyterLabServer({ port, facilityUrl: facility.url, facilityToken: facility.token });
    cleanups.push(() => server.stop());

    const chromium: ChromiumSession = await launchChromium();
    cleanups.push(() => chromium.close());
    const { page } = chromium;
    const pageErrors: string[] = [];
    page.on('pageerror', error => pageErrors.push(String(error)));
    page.on('console', message => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    await page.goto(server.labUrl, { timeout: timeoutMs });
    try {
      await waitForJupyterLab(page, timeoutMs);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- page errors ---\n${pageErrors.join('\n')}\n--- serve.py ---\n${server.log().slice(-4000)}`);
    }

    await mkdir(SCREENSHOT_DIR, { recursive: true });
    return {
      facility,
      server,
      page,
      stopFacility,
      screenshot: async name => {
        const path = join(SCREENSHOT_DIR, `${name}.png`);
        await page.screenshot({ path, timeout: 15_000 });
        return path;
      },
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** Waits until JupyterLab has restored its layout (the shell is there and the app says so). */
export async function waitForJupyterLab(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.locator('#jp-main-dock-panel').waitFor({ state: 'visible', timeout: timeoutMs });
  await page.waitForFunction(
    async () => {
      const app = (window as unknown as { jupyterapp?: { restored: Promise<void> } }).jupyterapp;
      if (!app) return false;
      await app.restored;
      return true;
    },
    undefined,
    { timeout: timeoutMs },
  );
}

/**
 * Runs a command through the command palette, as a user would: open it, type the label, check that the
 * command is listed under `category`, click it.
 */
export async function runFromPalette(page: Page, label: string, category: string, timeoutMs = 10_000): Promise<void> {
  const palette = page.locator('.lm-CommandPalette');
  const input = palette.locator('.lm-CommandPalette-input');
  const item = palette.locator('.lm-CommandPalette-item', { has: page.locator('.lm-CommandPalette-itemLabel', { hasText: label }) }).first();
  const deadline = Date.now() + timeoutMs;
  // The modal palette closes when something else takes the focus (a widget activated a moment
  // earlier, a restored layout), so open it again until the click lands.
  for (;;) {
    if (!(await input.isVisible())) {
      // The same command as the palette's shortcut, which needs keyboard focus inside the application.
      await page.evaluate(() => (window as unknown as { jupyterapp: { commands: { execute(id: string): Promise<unknown> } } }).jupyterapp.commands.execute('apputils:activate-command-palette'));
    }
    const typed = await input.fill(label, { timeout: 2_000 }).then(() => true, () => false);
    if (typed) {
      const itemCategory = await categoryOf(item);
      if (itemCategory !== undefined && itemCategory !== category) throw new Error(`"${label}" is in palette category "${itemCategory}", not "${category}"`);
      if (itemCategory === category && (await item.click({ timeout: 2_000 }).then(() => true, () => false))) break;
    }
    if (Date.now() > deadline) throw new Error(`could not run "${label}" from the command palette within ${timeoutMs} ms`);
  }
  await input.waitFor({ state: 'hidden', timeout: timeoutMs });
}

/** The category a palette item is listed under: JupyterLab's modal palette hides the headers but keeps each item after its own. */
async function categoryOf(item: Locator): Promise<string | undefined> {
  return item
    .evaluate(element => {
      let node = element.previousElementSibling;
      while (node && !node.classList.contains('lm-CommandPalette-header')) node = node.previousElementSibling;
      return node?.textContent?.trim() ?? '';
    }, undefined, { timeout: 2_000 })
    .catch(() => undefined);
}

/** Waits until `scope` shows `text` (bounded), so an assertion failure names what was missing. */
export async function waitForText(scope: Locator, text: string | RegExp, timeoutMs = 15_000): Promise<void> {
  try {
    await scope.getByText(text).first().waitFor({ state: 'visible', timeout: timeoutMs });
  } catch {
    const shown = (await scope.first().textContent({ timeout: 1_000 }).catch(() => null)) ?? '(nothing)';
    throw new Error(`expected ${String(text)} within ${timeoutMs} ms; it shows: ${shown.slice(0, 500)}`);
  }
}
