// `afkit join plan.json` as a user runs it: a child process on plan files the test writes, checked by exit code,
// stdout (the report) and stderr (progress and errors).
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { events, serveFiles, shuffled, tempDir, writeEvents, type FileServer } from './joinsTestData.ts';

const bin = fileURLToPath(new URL('../../packages/local-facility/bin/afkit.mjs', import.meta.url));
const dir = tempDir();
after(() => rmSync(dir, { recursive: true, force: true }));

const rows = events(300);
writeEvents(join(dir, 'p.arrow'), rows);
writeEvents(join(dir, 'f.arrow'), shuffled(rows));
writeEvents(join(dir, 'remote.arrow'), shuffled(rows), { batchRows: 20 });
writeEvents(join(dir, 'dup.arrow'), [...rows, rows[42]!]);
writeEvents(join(dir, 'nolumi.arrow'), rows, { omit: 'luminosityBlock' });

function afkit(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: dir, timeout: 60_000 }, (error, out, err) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out, err });
    });
  });
}

function planFile(name: string, plan: Record<string, unknown>): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify({ version: 1, primary: { files: ['p.arrow'] }, ...plan }));
  return path;
}

test('joins a plan: report with the proof on stdout, progress on stderr, outputs beside the plan', async () => {
  const plan = planFile('good', { friends: [{ name: 'tag', files: ['f*.arrow'], columns: ['x', 'j'], prefix: 'tag_' }] });
  const { code, out, err } = await afkit('join', plan);
  assert.equal(code, 0, err);
  assert.match(out, /friend tag: same events, reordered/);
  assert.match(out, /friend tag: matched 300, unmatched 0/);
  assert.match(out, /proof: every attached row's keys were checked equal to its event's \(300 of 300\)/);
  assert.match(err, /scanning keys .* 100% {2}600 \/ 600 rows\n/, 'non-TTY progress prints whole lines');
  assert.match(err, /joining .* 100% {2}300 \/ 300 rows\n/);
  assert.deepEqual(readdirSync(join(dir, 'good.output')).sort(), ['join-report.json', 'tag']);
});

test('duplicate keys stop the join: exit 1, the duplicate listed, no output', async () => {
  const plan = planFile('dup', { friends: [{ name: 'd', files: ['dup.arrow'], columns: ['x'] }] });
  const { code, out, err } = await afkit('join', plan);
  assert.equal(code, 1);
  assert.match(out, new RegExp(`duplicate key run=1 luminosityBlock=10 event=${2n ** 63n + 126n} ×2`));
  assert.match(err, /afkit join: friend "d" repeats 1 keys/);
  assert.equal(existsSync(join(dir, 'dup.output', 'd')), false);
});

test('a missing key branch and a bad plan exit 1 naming what is wrong; bad usage exits 2 with help', async () => {
  const missing = await afkit('join', planFile('missing', { primary: { files: ['nolumi.arrow'] }, friends: [{ name: 'f', files: ['f.arrow'], columns: ['x'] }] }));
  assert.equal(missing.code, 1);
  assert.match(missing.err, /nolumi\.arrow lacks luminosityBlock, a join key/);
  const bad = await afkit('join', planFile('bad', { friends: [], kind: 'sideways' }));
  assert.equal(bad.code, 1);
  assert.match(bad.err, /join plan: friends needs at least one friend dataset/);
  const absent = await afkit('join', join(dir, 'nothere.json'));
  assert.equal(absent.code, 1);
  assert.match(absent.err, /cannot read the plan file .*nothere\.json \(ENOENT\)/);
  const usage = await afkit('joint');
  assert.equal(usage.code, 2);
  assert.match(usage.err, /unknown command "joint"[\s\S]*usage:/);
  const help = await afkit('--help');
  assert.equal(help.code, 0);
  assert.match(help.out, /afkit join PLAN\.json/);
});

/** `afkit join` on a plan whose friend is read over HTTP with its re-reads parked: resolves once the run is held mid-join. */
async function heldJoin(name: string): Promise<{ launcher: ChildProcess; files: FileServer; exited: Promise<number | null> }> {
  const files = await serveFiles(dir);
  const parked = files.hold('remote.arrow');
  const plan = planFile(name, { friends: [{ name: 'r', files: [`${files.url}/remote.arrow`], columns: ['x'] }] });
  const launcher = spawn(process.execPath, [bin, 'join', plan], { cwd: dir, stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) => launcher.on('exit', (code) => resolve(code)));
  await parked;
  return { launcher, files, exited };
}

/** Whether `pid` runs (an exited orphan may linger as a zombie until its new parent reaps it). */
const alive = (pid: number): boolean => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

test('SIGTERM (scancel, kill) cancels a running join: exit 130, no output kept', { timeout: 60_000 }, async () => {
  const { launcher, files, exited } = await heldJoin('term');
  try {
    launcher.kill('SIGTERM');
    assert.equal(await exited, 130);
    assert.equal(existsSync(join(dir, 'term.output', 'r')), false);
  } finally {
    await files.close();
  }
});

test('a join whose launcher is killed outright cancels instead of running on as an orphan', { timeout: 60_000 }, async () => {
  const { launcher, files } = await heldJoin('orphan');
  try {
    const [joinPid] = execFileSync('pgrep', ['-P', String(launcher.pid)], { encoding: 'utf8' }).trim().split('\n').map(Number);
    assert.ok(joinPid && alive(joinPid), 'the launcher runs the join in a child process');
    launcher.kill('SIGKILL');
    for (let i = 0; i < 100 && alive(joinPid); i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(alive(joinPid), false, 'the join process is gone within 10 s of its launcher');
    assert.equal(existsSync(join(dir, 'orphan.output', 'r')), false);
  } finally {
    await files.close();
  }
});
