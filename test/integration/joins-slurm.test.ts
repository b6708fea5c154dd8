// Large joins as Slurm job arrays, on real Slurm (a single-node slurmctld + slurmd in a network namespace this test
// makes, test/lib/slurm.ts): a facility configured with a Slurm executor runs a 4-file join as a 4-task array whose
// merged report (counts, proofs, validation) and output files equal those of an in-process run of the same plan; a
// right join stays in one process and says so; duplicate keys stop a run before submission; a failing task fails the
// run with its error text and a cancel scancels the array, both leaving no output and nothing in squeue. The outer
// test re-runs this file inside `unshare -n`; the inner run does the work.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, test } from 'node:test';
import { FacilityError, HttpFacility, type JoinProgressEvent, type JoinsService } from '@afkit/core';
import type { FacilityJoinReport } from '../../packages/local-facility/src/joins/index.ts';
import type { ValidationReport } from '@afkit/join-engine';
import { LocalFacility } from '@afkit/local-facility';
import { joinsFeature } from '../../packages/local-facility/src/joins/joinsFeature.ts';
import { INSIDE_SLURM_NAMESPACE, runInsideNetworkNamespace, slurmJobs, slurmTestProblem, startSlurm } from '../lib/slurm.ts';
import { EXTENSION_DIR } from '../lib/vscode.ts';
import { events, serveFiles, shuffled, tempDir, writeEvents, type EventRow } from './joinsTestData.ts';

/** The `afkit` command the VS Code extension ships for the Slurm tasks of its embedded facility (built by `npm test`). */
const VSCODE_AFKIT_CLI = join(EXTENSION_DIR, 'dist', 'afkit-cli.js');
const VSCODE_CLI_MISSING = existsSync(VSCODE_AFKIT_CLI) ? undefined : `${VSCODE_AFKIT_CLI} is not built: run \`npm run build -w afkit-vscode\``;

if (!INSIDE_SLURM_NAMESPACE) {
  test('joins as Slurm job arrays in a private network namespace', { skip: slurmTestProblem(), timeout: 150_000 }, () => {
    runInsideNetworkNamespace(import.meta.url, VSCODE_CLI_MISSING ? 6 : 7, 140_000);
  });
} else {
  type Joins = JoinsService<ValidationReport, FacilityJoinReport>;
  const dir = tempDir();
  const slurmDir = mkdtempSync(join(tmpdir(), 'afkit-slurm-'));
  let slurm: { stop: () => void };
  let inProcess: LocalFacility;
  let onSlurm: LocalFacility;
  let local: Joins;
  let array: Joins;

  const FILES = 4;
  const primaryRows = Array.from({ length: FILES }, (_, k) => events(200, k * 200));
  const write = (name: string, rows: readonly EventRow[], options: { omit?: string } = {}): string => writeEvents(join(dir, `${name}.arrow`), rows, options);
  const primary = primaryRows.map((rows, k) => write(`p${k}`, rows));
  // A friend per strategy: aligned with each primary file, each file's events reordered with some missing, and events
  // regrouped across 3 files with some that match no event.
  const aligned = primaryRows.map((rows, k) => write(`aligned${k}`, rows));
  const reordered = primaryRows.map((rows, k) => write(`reordered${k}`, shuffled(rows.filter((_, i) => i % 5 !== 0), k + 1)));
  const mixed = shuffled([...primaryRows.flat(), ...events(50, 9_000)]);
  const regrouped = [0, 1, 2].map((k) => write(`regrouped${k}`, mixed.slice(k * 284, (k + 1) * 284)));
  const friend = (name: string, files: string[]) => ({ name, files, columns: ['x', 'j'], prefix: `${name}_` });
  const plan = (out: string, extra: Record<string, unknown> = {}) => ({
    version: 1,
    primary: { files: primary },
    friends: [friend('al', aligned), friend('re', reordered), friend('rg', regrouped)],
    kind: 'left',
    output: { dir: join(dir, out), format: 'arrow' },
    ...extra,
  });

  before(async () => {
    slurm = startSlurm(slurmDir);
    inProcess = await LocalFacility.start({ features: [joinsFeature()] });
    onSlurm = await LocalFacility.start({ features: [joinsFeature({ slurm: { filesPerTask: 1, pollMs: 200 }, registryDir: join(dir, 'registry') })] });
    local = new HttpFacility({ url: inProcess.url, token: inProcess.token }).joins as unknown as Joins;
    array = new HttpFacility({ url: onSlurm.url, token: onSlurm.token }).joins as unknown as Joins;
  });
  after(async () => {
    try {
      await onSlurm?.close();
      await inProcess?.close();
      assert.deepEqual(slurmJobs(), [], 'closing the facility leaves no job');
    } finally {
      slurm?.stop();
      rmSync(dir, { recursive: true, force: true });
      rmSync(slurmDir, { recursive: true, force: true });
    }
  });

  /** Every file under `root`, by relative path, with its bytes. */
  const tree = (root: string): Map<string, Buffer> => {
    const files = new Map<string, Buffer>();
    const walk = (d: string): void => {
      for (const entry of readdirSync(d, { withFileTypes: true })) {
        const path = join(d, entry.name);
        if (entry.isDirectory()) walk(path);
        else files.set(relative(root, path), readFileSync(path));
      }
    };
    walk(root);
    return files;
  };
  const outputs = (root: string): Map<string, Buffer> => new Map([...tree(root)].filter(([name]) => name !== 'join-report.json'));
  const untimed = (report: FacilityJoinReport, root: string) => ({
    ...report,
    elapsedMs: 0,
    executor: undefined,
    friends: report.friends.map((f) => ({ ...f, files: f.files.map((file) => ({ ...file, outputPath: relative(root, file.outputPath) })) })),
  });
  const waitNoJobs = async (): Promise<void> => {
    for (let i = 0; i < 100 && slurmJobs().length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(slurmJobs(), [], 'no array task left in squeue');
  };

  test('a 4-file left join as a 4-task array: merged report, proofs and output files equal an in-process run', { timeout: 90_000 }, async () => {
    const seconds = async <T>(work: Promise<T>): Promise<[T, string]> => {
      const started = performance.now();
      return [await work, ((performance.now() - started) / 1000).toFixed(1)];
    };
    const [one, inProcessSeconds] = await seconds(local.run(plan('one')));
    const progress: JoinProgressEvent[] = [];
    const [many, arraySeconds] = await seconds(array.run(plan('many'), { onProgress: (p) => progress.push(p) }));
    assert.equal(one.report.executor.kind, 'in-process');
    const executor = many.report.executor;
    assert.equal(executor.kind, 'slurm-array');
    assert.ok(executor.kind === 'slurm-array' && /^\d+$/.test(executor.jobId) && executor.tasks === FILES && executor.filesPerTask === 1, JSON.stringify(executor));
    assert.ok(progress.some((p) => p.phase === 'scan'), 'the key scan ran in the facility');
    assert.match(progress.at(-1)?.message ?? '', new RegExp(`^Slurm array job ${executor.kind === 'slurm-array' ? executor.jobId : ''}: 4 of 4 tasks done$`));
    assert.deepEqual(progress.at(-1)?.done, 800);

    const [al, re, rg] = many.report.friends;
    assert.deepEqual([al!.matched, re!.matched, rg!.matched], [800, 640, 800]);
    assert.equal(rg!.friendUnmatched, 50);
    assert.deepEqual(al!.strategies, { aligned: 4 });
    assert.deepEqual(re!.strategies, { reordered: 4 });
    assert.deepEqual(rg!.strategies, { regrouped: 4 });
    for (const f of many.report.friends) assert.equal(f.proof.verifiedRows, f.proof.attachedRows);
    assert.deepEqual(untimed(many.report, join(dir, 'many')), untimed(one.report, join(dir, 'one')), 'merged report = in-process report (counts, proof digests, per-file results, validation)');

    const expected = outputs(join(dir, 'one'));
    const got = outputs(join(dir, 'many'));
    assert.equal(got.size, 3 * FILES);
    assert.deepEqual([...got.keys()].sort(), [...expected.keys()].sort());
    for (const [name, bytes] of expected) assert.ok(got.get(name)!.equals(bytes), `${name} equals the in-process output`);
    const saved = JSON.parse(readFileSync(join(dir, 'many', 'join-report.json'), 'utf8')) as { report: FacilityJoinReport };
    assert.deepEqual(saved.report.friends.map((f) => f.proof), many.report.friends.map((f) => f.proof));
    assert.deepEqual(readdirSync(join(dir, 'many')).sort(), ['al', 'join-report.json', 're', 'rg'], 'no task or staging folder is left');
    await waitNoJobs();
    console.log(`# left join of 800 rows x 3 friends: in-process ${inProcessSeconds} s, as a 4-task Slurm array ${arraySeconds} s`);
  });

  test("the VS Code extension's bundled afkit command runs the array tasks of its embedded facility", { skip: VSCODE_CLI_MISSING, timeout: 90_000 }, async () => {
    // The extension's FacilityHost configures its facility so: tasks run its dist/afkit-cli.js with the host's Node.js.
    const facility = await LocalFacility.start({
      features: [joinsFeature({ slurm: { filesPerTask: 2, pollMs: 200, afkitCommand: [process.execPath, VSCODE_AFKIT_CLI] }, registryDir: join(dir, 'vscode-registry') })],
    });
    try {
      const joins = new HttpFacility({ url: facility.url, token: facility.token }).joins as unknown as Joins;
      const [bundled, one] = [await joins.run(plan('bundled')), await local.run(plan('bundled-one'))];
      const executor = bundled.report.executor;
      assert.ok(executor.kind === 'slurm-array' && executor.tasks === 2 && executor.filesPerTask === 2, JSON.stringify(executor));
      assert.deepEqual(untimed(bundled.report, join(dir, 'bundled')), untimed(one.report, join(dir, 'bundled-one')), 'merged report = in-process report');
      const expected = outputs(join(dir, 'bundled-one'));
      const got = outputs(join(dir, 'bundled'));
      assert.deepEqual([...got.keys()].sort(), [...expected.keys()].sort());
      for (const [name, bytes] of expected) assert.ok(got.get(name)!.equals(bytes), `${name} equals the in-process output`);
      await waitNoJobs();
    } finally {
      await facility.close();
    }
  });

  test('a right join stays in one process and the report says why', { timeout: 60_000 }, async () => {
    const result = await array.run(plan('right', { kind: 'right' }));
    assert.deepEqual(result.report.executor, {
      kind: 'in-process',
      reason: 'right joins run in one process: the friend rows matching no event, appended at the end, depend on every primary file',
    });
    assert.equal(result.report.friends[2]!.friendUnmatched, 50);
    assert.deepEqual(slurmJobs(), []);
  });

  test("duplicate keys stop a run in the facility's key scan, before anything is submitted", { timeout: 60_000 }, async () => {
    const repeated = primaryRows.map((rows, k) => write(`repeated${k}`, k === 1 ? [...rows, rows[3]!] : rows));
    const error = await array.run(plan('repeated', { friends: [friend('d', repeated)] })).then(
      () => assert.fail('duplicate keys must stop the run'),
      (e: unknown) => e as FacilityError,
    );
    assert.ok(FacilityError.is(error) && error.code === 'conflict', String(error));
    assert.match(error.message, /^friend "d" repeats 1 keys/);
    assert.equal((error.details as ValidationReport).friends[0]!.duplicateRows, 1, 'the validation report comes with the error');
    assert.deepEqual(slurmJobs(), []);
    assert.deepEqual(existsSync(join(dir, 'repeated')) ? readdirSync(join(dir, 'repeated')) : [], []);
  });

  test('a failing task fails the run with its error text, cancels the others and keeps no output', { timeout: 60_000 }, async () => {
    const broken = primaryRows.map((rows, k) => write(`broken${k}`, shuffled(rows), k === 2 ? { omit: 'x' } : {}));
    const failing = plan('failing', { friends: [friend('b', broken)] });
    const inOneProcess = await local.run(plan('failing-one', { friends: [friend('b', broken)] })).then(
      () => assert.fail('the in-process run should fail too'),
      (e: unknown) => e as FacilityError,
    );
    const error = await array.run(failing).then(
      () => assert.fail('the array run should fail'),
      (e: unknown) => e as FacilityError,
    );
    assert.ok(FacilityError.is(error), String(error));
    assert.equal(error.code, 'backend');
    assert.match(error.message, /^Slurm array task \d+_2 \(primary file 2\) failed: /);
    assert.ok(error.message.includes(inOneProcess.message), `the task's error text: ${error.message}\nin one process: ${inOneProcess.message}`);
    assert.deepEqual(existsSync(join(dir, 'failing')) ? readdirSync(join(dir, 'failing')) : [], [], 'no partial output, no task folders');
    await waitNoJobs();
  });

  test('cancelling a run scancels the array: no job left, no output', { timeout: 60_000 }, async () => {
    const controller = new AbortController();
    const running = array.run(plan('cancelled'), {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.message?.startsWith('Slurm array job')) controller.abort();
      },
    });
    await assert.rejects(running, (e: unknown) => FacilityError.is(e) && e.code === 'cancelled');
    let state = 'running';
    for (let i = 0; i < 200 && state === 'running'; i++) {
      state = (await array.listRuns()).find((r) => r.outputDir === join(dir, 'cancelled'))?.state ?? 'running';
      if (state === 'running') await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(state, 'cancelled');
    assert.deepEqual(slurmJobs(), [], 'the facility waits for scancel before the run counts as cancelled');
    assert.deepEqual(existsSync(join(dir, 'cancelled')) ? readdirSync(join(dir, 'cancelled')) : [], []);
  });

  test('after a kill -9 of the facility, its next start cancels the join array it left running', { timeout: 90_000 }, async () => {
    const registryDir = join(dir, 'crash-registry');
    const files = await serveFiles(dir);
    // The tasks re-read the friend the facility's key scan already read: parked, they stay running until cancelled.
    const parked = files.hold('reordered1.arrow');
    const script = `
      import { LocalFacility } from '@afkit/local-facility';
      import { joinsFeature } from ${JSON.stringify(new URL('../../packages/local-facility/src/joins/joinsFeature.ts', import.meta.url).pathname)};
      const local = await LocalFacility.start({ features: [joinsFeature({ slurm: { filesPerTask: 1, pollMs: 200 }, registryDir: ${JSON.stringify(registryDir)} })] });
      console.log(JSON.stringify({ url: local.url, token: local.token }));
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
      const crashing = new HttpFacility(JSON.parse(line) as { url: string; token: string }).joins as unknown as Joins;
      const remote = reordered.map((p) => `${files.url}/${p.split('/').at(-1)}`);
      void crashing.run(plan('crashed', { friends: [friend('re', remote)] })).catch(() => {});
      await parked;
      assert.ok(slurmJobs().length > 0, 'the array is running');
      child.kill('SIGKILL');
      await once(child, 'exit');
      assert.ok(slurmJobs().length > 0, 'a kill -9 leaves the array behind');
      const next = await LocalFacility.start({ features: [joinsFeature({ slurm: { filesPerTask: 1, pollMs: 200 }, registryDir })] });
      await next.close();
      await waitNoJobs();
    } finally {
      child.kill('SIGKILL');
      await files.close();
    }
  });
}
