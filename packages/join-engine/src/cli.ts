import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { FacilityError } from '@afkit/core';
import type { JoinProgress } from './JoinOptions.ts';
import type { JoinReport } from './JoinReport.ts';
import { parseJoinPlan } from './plan/parseJoinPlan.ts';
import { runJoin } from './runJoin.ts';
import { validateJoin } from './validate/validateJoin.ts';
import type { ValidationReport } from './validate/ValidationReport.ts';

/** Where the CLI writes: the report to `out`, the progress bar and errors to `err`. */
export interface CliStreams {
  readonly out: { write(text: string): unknown };
  readonly err: { write(text: string): unknown; readonly isTTY?: boolean };
}

const USAGE = `usage: afkit join PLAN.json [--validate] [--json]
  Runs the join plan (JoinPlan JSON), drawing a progress bar on stderr, and prints the join report.
  --validate  only scan the keys and print the validation report
  --json      print the report as JSON`;

/** `afkit join PLAN.json [--validate] [--json]`: runs a plan file; returns the exit code (0 ok, 1 failed, 2 usage). Ctrl-C cancels. */
export async function joinCli(args: readonly string[], streams: CliStreams = { out: process.stdout, err: process.stderr }): Promise<number> {
  const files = args.filter((a) => !a.startsWith('--'));
  const unknown = args.filter((a) => a.startsWith('--') && a !== '--validate' && a !== '--json');
  if (files.length !== 1 || unknown.length > 0) {
    streams.err.write(`${USAGE}\n`);
    return 2;
  }
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const bar = progressBar(streams.err);
  try {
    const plan = parseJoinPlan(await readFile(files[0]!, 'utf8'));
    const options = { signal: controller.signal, onProgress: bar.update };
    const json = args.includes('--json');
    if (args.includes('--validate')) {
      const report = await validateJoin(plan, options);
      bar.done();
      streams.out.write(json ? `${JSON.stringify(report, null, 2)}\n` : formatValidation(report));
      return report.problems.length > 0 ? 1 : 0;
    }
    const report = await runJoin(plan, options);
    bar.done();
    streams.out.write(json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report, plan.output.dir));
    return 0;
  } catch (error) {
    bar.done();
    const e = FacilityError.from(error);
    streams.err.write(`afkit join: ${e.message}${e.hint ? `\n  hint: ${e.hint}` : ''}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** A one-line progress bar redrawn in place on a terminal, printed every 10% elsewhere. */
function progressBar(err: CliStreams['err']): { update: (p: JoinProgress) => void; done: () => void } {
  let shown = false;
  let last = '';
  return {
    update: (p) => {
      const fraction = p.total > 0 ? Math.min(1, p.done / p.total) : 1;
      const filled = Math.round(fraction * 30);
      const line = `${p.phase.padEnd(5)} [${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${p.done.toLocaleString('en')}/${p.total.toLocaleString('en')} rows`;
      if (err.isTTY) {
        err.write(`\r${line}`);
        shown = true;
      } else if (`${p.phase}${Math.floor(fraction * 10)}` !== last) {
        last = `${p.phase}${Math.floor(fraction * 10)}`;
        err.write(`${line}\n`);
      }
    },
    done: () => {
      if (shown) err.write('\n');
      shown = false;
    },
  };
}

/** The validation report as text. */
export function formatValidation(report: ValidationReport): string {
  const lines = [`primary: ${report.primary.rows} rows in ${report.primary.files} files, ${report.primary.distinct} distinct keys, ${report.primary.duplicateRows} repeated`];
  for (const f of report.friends) {
    lines.push(
      `friend ${f.name}: ${f.relationship}; ${f.rows} rows in ${f.files} files, ${f.distinct} distinct keys, ${f.duplicateRows} repeated; ` +
        `${(f.matchedFraction * 100).toFixed(2)}% of its rows matched, ${(f.primaryMatchedFraction * 100).toFixed(2)}% of primary rows matched; strategies ${f.strategies.join(', ')}`,
    );
    if (f.positionalMismatch) {
      const m = f.positionalMismatch;
      lines.push(`  by position, ${m.primary.file} entry ${m.primary.entry} (${m.primary.key}) would get ${m.friend ? `${m.friend.file} entry ${m.friend.entry} (${m.friend.key})` : 'no row'}`);
    }
    for (const d of f.duplicates) lines.push(`  repeated: ${d.key} ×${d.count}`);
  }
  for (const problem of report.problems) lines.push(`problem: ${problem}`);
  return `${lines.join('\n')}\n`;
}

/** The join report as text. */
export function formatReport(report: JoinReport, dir: string): string {
  const lines = [`${report.kind} join of ${report.primaryRows} primary rows into ${dir} (${report.format}) in ${(report.elapsedMs / 1000).toFixed(2)} s`];
  for (const f of report.friends) {
    const strategies = Object.entries(f.strategies).map(([s, n]) => `${s} ×${n}`).join(', ');
    lines.push(
      `friend ${f.name}: ${f.relationship} (${strategies}); matched ${f.matched}, unmatched ${f.unmatched}, friend rows without an event ${f.friendUnmatched}; wrote ${f.outputRows} rows in ${f.files.length} files`,
      `  proof: ${f.proof.verifiedRows} of ${f.proof.attachedRows} attached rows had keys verified equal to their event's; key digest ${f.proof.digest}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await joinCli(process.argv.slice(2));
}
