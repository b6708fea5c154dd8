import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(fileURLToPath(import.meta.url), '../../..');
/** The launcher of the JupyterLab host (hosts/jupyterlab/serve.py). */
export const SERVE_PY = join(repoRoot, 'hosts', 'jupyterlab', 'serve.py');
/** Debian's interpreter, whose dist-packages hold jupyter_server, jupyterlab_server and ipykernel. */
export const SYSTEM_PYTHON = '/usr/bin/python3';

/** Options of {@link startJupyterLabServer}. */
export interface JupyterLabServerOptions {
  /** Port on 127.0.0.1; a free one by default (see {@link freePort}). */
  readonly port?: number;
  readonly facilityUrl: string;
  readonly facilityToken: string;
  /** The folder the file browser shows; a fresh temporary one by default. */
  readonly notebookDir?: string;
  /** How long to wait for the server to answer. */
  readonly timeoutMs?: number;
}

/** A running JupyterLab host, without token or XSRF checks (tests only). */
export interface JupyterLabServer {
  /** e.g. `http://127.0.0.1:41234`, the origin the facility must allow. */
  readonly origin: string;
  /** The application page, `${origin}/lab`. */
  readonly labUrl: string;
  readonly notebookDir: string;
  /** What the server printed so far, for failure messages. */
  log(): string;
  /** Stops the server's whole process group (kernels included) and removes its temporary folders. */
  stop(): Promise<void>;
}

/** A port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done, fail) => server.once('error', fail).listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>(done => server.close(() => done()));
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

/** Starts hosts/jupyterlab/serve.py in its own process group and resolves once `/api/status` answers. */
export async function startJupyterLabServer(options: JupyterLabServerOptions): Promise<JupyterLabServer> {
  const port = options.port ?? (await freePort());
  const scratch = await mkdtemp(join(tmpdir(), 'afkit-jupyterlab-test-'));
  const notebookDir = options.notebookDir ?? scratch;
  const child = spawn(
    SYSTEM_PYTHON,
    [
      SERVE_PY,
      `--port=${port}`,
      '--token=',
      `--notebook-dir=${notebookDir}`,
      `--state-dir=${join(scratch, '.state')}`,
      `--facility-url=${options.facilityUrl}`,
      `--facility-token=${options.facilityToken}`,
      '--page-config={"exposeAppInBrowser": true}',
      '--ServerApp.disable_check_xsrf=True',
    ],
    // Detached: its own process group, so stop() reaches kernels the server started.
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, JUPYTER_CONFIG_DIR: join(scratch, '.jupyter'), JUPYTER_RUNTIME_DIR: join(scratch, '.runtime') } },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const origin = `http://127.0.0.1:${port}`;
  const server: JupyterLabServer = {
    origin,
    labUrl: `${origin}/lab`,
    notebookDir,
    log: () => output,
    stop: async () => {
      await stopGroup(child);
      await rm(scratch, { recursive: true, force: true });
    },
  };
  try {
    await waitForStatus(origin, child, options.timeoutMs ?? 30_000);
  } catch (error) {
    await server.stop();
    throw new Error(`${(error as Error).message}\n--- serve.py output ---\n${output}`);
  }
  return server;
}

async function waitForStatus(origin: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`serve.py exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${origin}/api/status`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise(done => setTimeout(done, 250));
  }
  throw new Error(`JupyterLab did not answer at ${origin} within ${timeoutMs} ms`);
}

/** SIGTERM to the group (jupyter_server then shuts its kernels down), SIGKILL to whatever is left after a grace period. */
async function stopGroup(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.pid === undefined) return;
  const pid = child.pid;
  const exited = child.exitCode !== null ? Promise.resolve() : new Promise<void>(done => child.once('exit', () => done()));
  signalGroup(pid, 'SIGTERM');
  await Promise.race([exited, new Promise(done => setTimeout(done, graceMs))]);
  signalGroup(pid, 'SIGKILL');
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}
