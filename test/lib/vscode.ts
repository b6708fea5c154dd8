import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The afkit VS Code extension's folder (its bundles, test suite and .vsix live here once built). */
export const EXTENSION_DIR = join(REPO_ROOT, 'extensions', 'vscode');
/** The packaged extension, made by `npm run build -w afkit-vscode`. */
export const EXTENSION_VSIX = join(EXTENSION_DIR, 'afkit-vscode.vsix');
/** code-server's launcher, installed by hosts/code-server/install.sh. */
export const CODE_SERVER_BIN = join(REPO_ROOT, 'hosts', 'code-server', 'node_modules', '.bin', 'code-server');

/** User settings that keep welcome pages, tips and prompts from covering what the tests look at. */
const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  // the Dask dashboard ports the tests open would otherwise pop "your application is available" over the screenshots
  'remote.autoForwardPorts': false,
};

/** Options of {@link startCodeServer}. */
export interface CodeServerOptions {
  /** A .vsix installed into the fresh extensions folder before the server starts. */
  readonly installVsix?: string;
}

/** A running code-server with its own throw-away folders. */
export interface CodeServer {
  /** e.g. `http://127.0.0.1:41234` */
  readonly url: string;
  /** `127.0.0.1:PORT`, the authority of `vscode-remote://` URIs the server resolves to its own files. */
  readonly authority: string;
  /** An empty folder to open as the workspace. */
  readonly workspace: string;
  /** Holds the server's user data (settings, logs). */
  readonly userDataDir: string;
  /** What the server printed, for failure messages. */
  output(): string;
  /** Stops the server's whole process group (its file watchers outlive it otherwise) and removes its folders. */
  stop(): Promise<void>;
}

/** Says what to run when code-server or the extension bundles are missing, instead of failing obscurely. */
export function vscodeHostProblems(needsVsix: boolean): string[] {
  const problems: string[] = [];
  if (!existsSync(CODE_SERVER_BIN)) problems.push(`code-server is not installed: run hosts/code-server/install.sh`);
  if (!existsSync(join(EXTENSION_DIR, 'dist', 'extension.js')) || !existsSync(join(EXTENSION_DIR, 'out', 'test', 'suite.js'))) {
    problems.push('the extension is not built: run `npm run build -w afkit-vscode`');
  }
  if (needsVsix && !existsSync(EXTENSION_VSIX)) problems.push('the extension is not packaged: run `npm run build -w afkit-vscode`');
  else if (needsVsix && existsSync(join(EXTENSION_DIR, 'dist', 'extension.js')) && statSync(EXTENSION_VSIX).mtimeMs < statSync(join(EXTENSION_DIR, 'dist', 'extension.js')).mtimeMs) {
    problems.push('the .vsix is older than the extension bundles: run `npm run build -w afkit-vscode`');
  }
  return problems;
}

/** Where the VS Code end-to-end tests save their screenshots. */
export const VSCODE_SCREENSHOTS = join(REPO_ROOT, 'test-output', 'vscode');

/**
 * The `skip` of an end-to-end test in code-server with the packaged extension: false when it can run, else what to
 * install or build first (`more` adds the test's own needs, such as Dask).
 */
export function vscodeSkip(more: readonly string[] = []): string | false {
  const problems = [...vscodeHostProblems(true), ...more];
  return problems.length > 0 ? `the VS Code host is not ready: ${problems.join('; ')}` : false;
}

/**
 * Starts code-server on a free 127.0.0.1 port with no auth, telemetry, update check or workspace-trust
 * prompt, in its own process group, with XDG folders and TMPDIR inside one temporary folder.
 * Resolves once `/healthz` answers (at most 60 s).
 */
export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  const base = await mkdtemp(join(tmpdir(), 'afkit-code-server-'));
  const dirs = {
    userData: join(base, 'user-data'),
    extensions: join(base, 'extensions'),
    workspace: join(base, 'ws'),
    config: join(base, 'xdg-config'),
    data: join(base, 'xdg-data'),
    tmp: join(base, 'tmp'),
  };
  await Promise.all(Object.values(dirs).map((d) => mkdir(d, { recursive: true })));
  await mkdir(join(dirs.userData, 'User'));
  await writeFile(join(dirs.userData, 'User', 'settings.json'), JSON.stringify(QUIET_SETTINGS, null, 2));
  const env = { ...process.env, XDG_CONFIG_HOME: dirs.config, XDG_DATA_HOME: dirs.data, TMPDIR: dirs.tmp };
  const common = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];

  if (options.installVsix) {
    const installed = spawnSync(CODE_SERVER_BIN, [...common, '--install-extension', options.installVsix], { env, encoding: 'utf8', timeout: 120_000 });
    if (installed.status !== 0) {
      await rm(base, { recursive: true, force: true });
      throw new Error(`code-server could not install ${options.installVsix}:\n${installed.stdout}\n${installed.stderr}`);
    }
  }

  const port = await freePort();
  const child = spawn(
    CODE_SERVER_BIN,
    [
      ...common,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      dirs.workspace,
    ],
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));

  const pgid = child.pid;
  let stopped: Promise<void> | undefined;
  const server: CodeServer = {
    url: `http://127.0.0.1:${port}`,
    authority: `127.0.0.1:${port}`,
    workspace: dirs.workspace,
    userDataDir: dirs.userData,
    output: () => output,
    stop: () =>
      (stopped ??= (async () => {
        if (pgid !== undefined) await killGroup(pgid, exited);
        await rm(base, { recursive: true, force: true });
      })()),
  };

  try {
    await waitForHealth(server.url, exited, 60_000);
  } catch (error) {
    await server.stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\ncode-server said:\n${output}`);
  }
  return server;
}

async function waitForHealth(url: string, exited: Promise<void>, timeoutMs: number): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gone) throw new Error('code-server exited before it answered');
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer on ${url}/healthz within ${timeoutMs} ms`);
}

/** SIGTERM to the group, then SIGKILL to whatever is left after 5 s; resolves when the group is empty. */
async function killGroup(pgid: number, leaderExited: Promise<void>): Promise<void> {
  const signal = (sig: NodeJS.Signals | 0): boolean => {
    try {
      process.kill(-pgid, sig);
      return true;
    } catch {
      return false; // ESRCH: nobody left in the group.
    }
  };
  if (!signal('SIGTERM')) return;
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    if (!signal(0)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  signal('SIGKILL');
  await Promise.race([leaderExited, new Promise((r) => setTimeout(r, 2_000))]);
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}
