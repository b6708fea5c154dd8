// A physicist opens VS Code (code-server 4.100.3, the real workbench and extension host) with the afkit
// extension installed from its .vsix, opens the "Analysis Facility" activity-bar container, sees the
// Clusters and Datasets views talk to the embedded facility, and opens the Join Designer and Histograms
// from the command palette. The extension's own suite then runs inside the real extension host.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import { SUITE_TOKEN } from '../../../extensions/vscode/src/test/suiteToken.ts';
import { EXTENSION_DIR, EXTENSION_VSIX, REPO_ROOT, VSCODE_SCREENSHOTS, startCodeServer, vscodeHostProblems, type CodeServer, type CodeServerOptions } from '../../lib/vscode.ts';
import { openBrowser, runCommand, sidebarViewPanel, waitForWorkbench, webviewPanel, type BrowserPage } from '../../lib/vscodeWorkbench.ts';

/** Runs `body` with a fresh code-server and Chromium, and stops both whatever happens. */
async function withVsCode(name: string, options: CodeServerOptions, body: (server: CodeServer, page: Page) => Promise<void>): Promise<void> {
  const problems = vscodeHostProblems(options.installVsix !== undefined);
  assert.deepEqual(problems, [], `the VS Code host is not ready:\n${problems.join('\n')}`);
  await mkdir(VSCODE_SCREENSHOTS, { recursive: true });
  const server = await startCodeServer(options);
  let browser: BrowserPage | undefined;
  const consoleErrors: string[] = [];
  try {
    browser = await openBrowser();
    browser.page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text().slice(0, 500));
    });
    await body(server, browser.page);
  } catch (error) {
    // What the workbench showed and the errors its pages logged (webviews included) are the quickest clues.
    await browser?.page.screenshot({ path: join(VSCODE_SCREENSHOTS, `failed-${name}.png`) }).catch(() => {});
    if (error instanceof Error) error.message += `\nconsole errors:\n${consoleErrors.slice(-20).join('\n')}`;
    throw error;
  } finally {
    await browser?.close();
    await server.stop();
  }
}

/** Asserts that a panel's facility bar shows what only the facility's info() and reachability can tell. */
async function assertShowsFacility(panel: FrameLocator, title: string): Promise<void> {
  const status = panel.locator(`section[aria-label="${title}"] .afkit-facility-status`);
  await status.locator('.afkit-facility-name', { hasText: 'Local facility' }).waitFor({ timeout: 30_000 });
  await status.locator('.afkit-facility-version', { hasText: /^v\d+\.\d+\.\d+/ }).waitFor({ timeout: 30_000 });
  await status.locator('.afkit-facility-state', { hasText: 'connected' }).waitFor({ timeout: 30_000 });
  assert.match((await status.getAttribute('class')) ?? '', /afkit-facility-reachable/, `${title} sees the facility as reachable`);
}

/** Asserts the webview page runs under afkit's strict CSP: nothing by default, scripts only with the page's nonce. */
async function assertStrictCsp(panel: FrameLocator): Promise<void> {
  const csp = (await panel.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')) ?? '';
  assert.match(csp, /^default-src 'none'; script-src 'nonce-[A-Za-z0-9+/=]{16,}';/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|(^|\s)\*(\s|;|$)/, 'no inline code, eval or wildcard source');
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  // VS Code injects #_vscodeApiScript (acquireVsCodeApi) through the DOM, which a CSP does not govern.
  const ours = panel.locator('script:not(#_vscodeApiScript)');
  const nonces = await ours.evaluateAll((scripts) => scripts.map((s) => (s as HTMLScriptElement).nonce));
  assert.ok(nonces.length > 0 && nonces.every((n) => n === nonce), 'every script of the page carries its nonce');
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(VSCODE_SCREENSHOTS, `${name}.png`) });
}

test('the Analysis Facility views and panels render the facility through the RPC bridge', { timeout: 240_000 }, async () => {
  await withVsCode('views-and-panels', { installVsix: EXTENSION_VSIX }, async (server, page) => {
    await page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspace)}`);
    await waitForWorkbench(page);

    await page.locator('.part.activitybar .action-label[aria-label^="Analysis Facility"]').click({ timeout: 60_000 });
    const clusters = await sidebarViewPanel(page, 'Clusters');
    await assertShowsFacility(clusters, 'Clusters');
    await assertStrictCsp(clusters);
    const datasets = await sidebarViewPanel(page, 'Datasets');
    await assertShowsFacility(datasets, 'Datasets');
    await screenshot(page, 'sidebar-clusters-datasets');

    await runCommand(page, 'Analysis Facility: Open Join Designer');
    await page.locator('.tabs-container .tab', { hasText: 'Join Designer' }).waitFor({ timeout: 30_000 });
    await assertShowsFacility(await webviewPanel(page, 'Join Designer'), 'Join Designer');
    await screenshot(page, 'join-designer');

    await runCommand(page, 'Analysis Facility: Open Histograms');
    await page.locator('.tabs-container .tab', { hasText: 'Histograms' }).waitFor({ timeout: 30_000 });
    const histograms = await webviewPanel(page, 'Histograms');
    await assertShowsFacility(histograms, 'Histograms');
    // The list arrives over a WebSocket subscription held by the extension host and relayed by the bridge.
    await histograms.locator('[aria-label="Live histograms"]', { hasText: 'Connecting' }).waitFor({ state: 'detached', timeout: 30_000 });
    await screenshot(page, 'histograms');
  });
});

test("the extension's own suite passes in the real extension host", { timeout: 240_000 }, async () => {
  await withVsCode('extension-suite', {}, async (server, page) => {
    const logs: string[] = [];
    let exit: (code: number) => void = () => {};
    const exited = new Promise<number>((resolve) => (exit = resolve));
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      logs.push(`${type}: ${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`);
  });
  await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));

  const remote = (path: string) => `vscode-remote://${server.authority}${path}`;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(EXTENSION_DIR)],
    ['extensionTestsPath', remote(join(EXTENSION_DIR, 'out', 'test', 'suite.js'))],
  ]);
  await page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspace)}&payload=${encodeURIComponent(payload)}`);

  let timer: NodeJS.Timeout | undefined;
  const code = await Promise.race([
    exited,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the suite did not finish within 180 s; it logged:\n${logs.join('\n')}`)), 180_000);
    }),
  ]).finally(() => clearTimeout(timer));
  await screenshot(page, 'extension-suite');
  const suiteLines = logs.filter((line) => line.includes('afkit-suite'));
  assert.equal(code, 0, `the suite failed:\n${logs.join('\n')}`);
  assert.ok(suiteLines.some((line) => /afkit-suite: \d+ passed, 0 failed/.test(line)), `the suite reported its checks:\n${logs.join('\n')}`);

  // The suite stored SUITE_TOKEN with the token command: it must be in no settings file and no log on disk.
  const leaks = await filesContaining([server.userDataDir, server.workspace], SUITE_TOKEN);
  assert.deepEqual(leaks, [], 'the facility token reached no settings file or log');
  assert.ok(existsSync(join(server.userDataDir, 'User', 'settings.json')), 'the user settings file the search covered exists');
  });
});

async function filesContaining(roots: readonly string[], needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const root of roots) {
    for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      if ((await readFile(path)).includes(needle)) found.push(path);
    }
  }
  return found;
}

test('the .vsix ships every bundle the extension runs: itself, its webviews, join and basket-decoding worker threads, the afkit command of Slurm tasks', async () => {
  assert.ok(existsSync(EXTENSION_VSIX), 'the extension is not packaged: run `npm run build -w afkit-vscode`');
  // vsce lists what it packs by the same rules (.vscodeignore) that built the .vsix installed above.
  const packed = execFileSync(join(REPO_ROOT, 'node_modules', '.bin', 'vsce'), ['ls', '--no-dependencies'], { cwd: EXTENSION_DIR, encoding: 'utf8' }).split('\n').map((l) => l.trim());
  const bundles = (await readdir(join(EXTENSION_DIR, 'dist'))).map((f) => `dist/${f}`);
  for (const bundle of ['dist/join-task-worker.js', 'dist/io-decode-worker.js', 'dist/afkit-cli.js']) assert.ok(bundles.includes(bundle), `${bundle} missing: ${bundles.join(', ')}`);
  assert.deepEqual(bundles.filter((b) => !packed.includes(b)), [], 'bundles left out of the .vsix');
});
