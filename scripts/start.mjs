#!/usr/bin/env node
// `npm start`: the main job. Installs and builds what is missing, checks Python's Dask and Jupyter server,
// starts the local facility (real Dask) and a real JupyterLab 4 with afkit already pointed at it, and prints
// one URL. Ctrl-C stops everything it started.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { withHugePages } from '../packages/local-facility/bin/hugePages.mjs';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const PYTHON = '/usr/bin/python3';
const APT_PACKAGES = ['python3-distributed', 'python3-prometheus-client', 'python3-jupyter-server', 'python3-jupyterlab-server', 'python3-ipykernel', 'python3-numpy'];
const BUILD_OUTPUTS = [
  'packages/local-facility/dist/main.mjs',
  'extensions/jupyterlab/afkit_jupyterlab/labextension/package.json',
  'hosts/jupyterlab/build/build.json',
];

const say = (message) => console.log(`afkit: ${message}`);
const fail = (message) => {
  console.error(`afkit: ${message}`);
  process.exit(1);
};

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) fail(`${cmd} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
}

function ensureNodeModules() {
  if (existsSync(join(root, 'node_modules/.package-lock.json'))) return;
  say('installing npm dependencies (first start only)…');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

function ensureBuilt() {
  const missing = BUILD_OUTPUTS.filter((path) => !existsSync(join(root, path)));
  if (missing.length === 0) return;
  say(`building (${missing.join(', ')} missing)…`);
  run('npm', ['run', 'build']);
}

function missingPythonModules() {
  if (!existsSync(PYTHON)) return ['python3'];
  const check = spawnSync(PYTHON, ['-c', 'import importlib.util, sys; print(" ".join(m for m in sys.argv[1:] if importlib.util.find_spec(m) is None))', 'distributed', 'jupyter_server', 'jupyterlab_server', 'ipykernel'], { encoding: 'utf8' });
  return check.stdout.trim().split(/\s+/).filter(Boolean);
}

function ensurePython() {
  const missing = missingPythonModules();
  if (missing.length === 0) return;
  const command = `apt-get install -y --no-install-recommends ${APT_PACKAGES.join(' ')}`;
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get') && existsSync('/etc/debian_version');
  if (!canInstall) fail(`missing Python modules for ${PYTHON}: ${missing.join(', ')}.\nInstall them with:\n  sudo apt-get update && sudo ${command}`);
  say(`installing Debian packages for Dask and Jupyter (${missing.join(', ')} missing)…`);
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...APT_PACKAGES], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A folder only this user can read, for the facility token. */
function privateRunDir() {
  const dir = join(process.env.XDG_RUNTIME_DIR || join(homedir(), '.afkit'), `afkit-start-${process.pid}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

const children = [];
function startChild(label, cmd, args, env) {
  // Each child leads its own process group, so stopping it also stops what it started (kernels, Dask).
  const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, detached: true, stdio: ['pipe', 'pipe', 'inherit'] });
  children.push({ label, child });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`afkit: ${label} exited unexpectedly (${signal ?? code}); stopping.`);
      void stopAll(1);
    }
  });
  return child;
}

let stopping = false;
async function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  say('stopping…');
  for (const { child } of children.reverse()) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {}
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }, 8000);
    await exited;
    clearTimeout(timer);
  }
  if (runDir) rmSync(runDir, { recursive: true, force: true });
  process.exit(code);
}

function firstLine(stream, label, timeoutMs) {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: stream });
    const timer = setTimeout(() => reject(new Error(`${label} did not start within ${timeoutMs / 1000} s`)), timeoutMs);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line);
    });
  });
}

async function waitForHttp(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

let runDir;
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

ensureNodeModules();
ensureBuilt();
ensurePython();

const labPort = Number(process.env.AFKIT_LAB_PORT || (await freePort()));
const labOrigins = [`http://127.0.0.1:${labPort}`, `http://localhost:${labPort}`];
runDir = privateRunDir();
const facilityToken = randomBytes(32).toString('hex');
const tokenFile = join(runDir, 'facility-token');
writeFileSync(tokenFile, facilityToken, { mode: 0o600 });

const facility = startChild('facility', process.execPath, [
  join(root, 'packages/local-facility/dist/main.mjs'),
  '--token-file', tokenFile,
  ...labOrigins.flatMap((origin) => ['--allow-origin', origin]),
], withHugePages(process.env));
const { url: facilityUrl } = JSON.parse(await firstLine(facility.stdout, 'the local facility', 20_000));
facility.stdout.resume();
say('local facility started (127.0.0.1, token-protected)');

const labToken = randomBytes(24).toString('hex');
// Tokens go through the environment, not the command line, where any user could read them with `ps`.
// The server's own start-up lines are quieted so that the one URL below is what the user sees.
const lab = startChild('JupyterLab', PYTHON, [join(root, 'hosts/jupyterlab/serve.py'), `--port=${labPort}`, '--ServerApp.log_level=WARN'], {
  AFKIT_JUPYTERLAB_TOKEN: labToken,
  AFKIT_FACILITY_URL: facilityUrl,
  AFKIT_FACILITY_TOKEN: facilityToken,
  AFKIT_NOTEBOOK_DIR: process.env.AFKIT_NOTEBOOK_DIR || process.cwd(),
});
lab.stdout.pipe(process.stderr);
await waitForHttp(`http://127.0.0.1:${labPort}/api`, 60_000).catch((error) => {
  console.error(`afkit: ${error.message}`);
  return stopAll(1);
});
console.log(`\n  afkit is ready. Open:\n\n    http://127.0.0.1:${labPort}/lab?token=${labToken}\n\n  Ctrl-C stops everything.\n`);
