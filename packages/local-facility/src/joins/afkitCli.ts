import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FacilityError } from '@afkit/core';
import { validateJoin, type ValidationReport } from '@afkit/join-engine';
import { formatJoinReport, formatValidation } from './formatJoinReport.ts';
import { progressBar, type TextSink } from './progressBar.ts';
import { resolvePlan } from './resolvePlan.ts';
import { runJoinToFolder } from './runJoinToFolder.ts';

/** Where the CLI writes: reports to `out`, progress and errors to `err`. */
export interface CliStreams {
  readonly out: TextSink;
  readonly err: TextSink;
}

const HELP = `afkit — analysis facility kit

usage:
  afkit join PLAN.json [--validate] [--json] [--output DIR]
  afkit --help

afkit join runs a join plan in this process: it scans the keys of every file (the validation),
then joins, checking that every attached row's keys equal its event's. Progress goes to stderr,
the report to stdout. Outputs appear only when the whole join succeeded.

  PLAN.json     a JoinPlan (version 1): primary and friend files (paths or globs, relative to the
                plan file), keys, kind, columns; output.dir defaults to PLAN.output/ beside it
  --validate    only scan the keys and print the validation report
  --json        print the report as JSON instead of text
  --output DIR  write the outputs to DIR (overrides output.dir)

exit codes: 0 joined (or valid), 1 the plan or the data is wrong (named in the message),
            2 bad usage, 130 cancelled (Ctrl-C, SIGTERM from scancel or kill, SIGHUP)
`;

/** `afkit …`: returns the exit code. Ctrl-C or SIGTERM cancels a running join, which leaves no output behind. */
export async function afkitCli(args: readonly string[], streams: CliStreams = { out: process.stdout, err: process.stderr }): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: { help: { type: 'boolean', short: 'h' }, validate: { type: 'boolean' }, json: { type: 'boolean' }, output: { type: 'string', short: 'o' } },
    });
  } catch (error) {
    streams.err.write(`afkit: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) {
    (values.help ? streams.out : streams.err).write(HELP);
    return values.help ? 0 : 2;
  }
  const [command, planFile, ...rest] = positionals;
  if (command !== 'join' || planFile === undefined || rest.length > 0) {
    streams.err.write(`afkit: ${command === 'join' ? 'expected one plan file' : `unknown command "${command}"`}\n\n${HELP}`);
    return 2;
  }
  return joinCommand(resolve(planFile), { validateOnly: values.validate === true, json: values.json === true, output: values.output }, streams);
}

async function joinCommand(planFile: string, options: { validateOnly: boolean; json: boolean; output: string | undefined }, streams: CliStreams): Promise<number> {
  const controller = new AbortController();
  const cancel = (): void => controller.abort();
  // Ctrl-C, scancel and a closed terminal all cancel the join: it stops its workers and keeps no partial output.
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const signal of signals) process.once(signal, cancel);
  const bar = progressBar(streams.err);
  // On a thread of its own, the join leaves this one free to draw progress and to act on Ctrl-C at once.
  const progress = { signal: controller.signal, onProgress: bar.update, ownThread: true };
  try {
    const text = await readFile(planFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new FacilityError('invalid-input', `cannot read the plan file ${planFile} (${error.code ?? error.message})`, { where: planFile });
    });
    const cwd = dirname(planFile);
    const json = JSON.parse(text) as Record<string, unknown>;
    const withOutput = options.output === undefined ? json : { ...json, output: { ...(json.output as object), dir: resolve(options.output) } };
    const plan = await resolvePlan(withOutput, join(cwd, `${basename(planFile, extname(planFile))}.output`), cwd);
    if (options.validateOnly) {
      const report = await validateJoin(plan, progress);
      bar.end();
      streams.out.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatValidation(report));
      return report.problems.length > 0 ? 1 : 0;
    }
    const report = await runJoinToFolder(plan, `cli-${randomBytes(4).toString('hex')}`, progress);
    bar.end();
    streams.out.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatValidation(report.validation)}${formatJoinReport(report, plan.output.dir)}`);
    return 0;
  } catch (error) {
    bar.end();
    const failure = error instanceof SyntaxError ? new FacilityError('invalid-input', `the plan file ${planFile} is not valid JSON: ${error.message}`) : FacilityError.from(error);
    const validation = failure.details as ValidationReport | undefined;
    if (validation?.friends) streams.out.write(formatValidation(validation));
    streams.err.write(`afkit join: ${failure.message}\n${failure.hint ? `  hint: ${failure.hint}\n` : ''}`);
    return failure.code === 'cancelled' ? 130 : 1;
  } finally {
    for (const signal of signals) process.off(signal, cancel);
  }
}
