// One side of one join benchmark case, in its own process so its peak memory is its own:
//   node --import tsx bench/join/side.ts afkit|duckdb|duckdb-load CASE.json RUNS
// Prints one JSON line: { ms: [...], peakMB } where peakMB is the rise of VmHWM over the RSS before the timed joins.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';

import { runJoin } from '@afkit/join-engine';
import { DuckDBInstance } from '@duckdb/node-api';
import type { CaseFiles } from './generate.ts';

const [side, caseJson, runsText] = process.argv.slice(2);
const spec = JSON.parse(readFileSync(caseJson!, 'utf8')) as CaseFiles & { kind: 'left'; out: string; duckdbFile: string };
const runs = Number(runsText ?? 3);

function statusMB(field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith(field))!;
  return Number(line.split(/\s+/)[1]) / 1024;
}

/** Resets the peak RSS so VmHWM measures only what follows (Linux: writing 5 to clear_refs). */
function resetPeak(): number {
  globalThis.gc?.();
  writeFileSync('/proc/self/clear_refs', '5');
  return statusMB('VmRSS');
}

const ms: number[] = [];
let peakMB = 0;
if (side === 'afkit') {
  const plan = {
    version: 1,
    primary: { files: spec.primary },
    friends: [{ name: 'f', files: spec.friend, columns: ['x', 'jets'] }],
    kind: spec.kind,
    output: { dir: spec.out, format: 'arrow' },
    workers: 2,
  };
  for (let r = 0; r < runs; r++) {
    rmSync(spec.out, { recursive: true, force: true });
    const base = resetPeak();
    const t0 = performance.now();
    // As the facility and the CLI run it: on a thread of its own.
    const report = await runJoin(plan, { ownThread: true });
    ms.push(performance.now() - t0);
    peakMB = Math.max(peakMB, statusMB('VmHWM') - base);
    if (report.friends[0]!.proof.verifiedRows !== report.friends[0]!.proof.attachedRows) throw new Error('unverified rows');
  }
  rmSync(spec.out, { recursive: true, force: true });
} else if (side === 'duckdb-load') {
  // Untimed preparation: the same rows as DuckDB tables in a database file, so the timed side starts from storage as afkit does.
  const duck = await (await DuckDBInstance.create(spec.duckdbFile, { threads: '2' })).connect();
  await duck.run(
    `CREATE TEMP TABLE base AS SELECT * FROM read_csv('${spec.baseCsv}', header = true, columns = {'i': 'INTEGER', 'run': 'UINTEGER', 'luminosityBlock': 'UINTEGER', 'event': 'UBIGINT', 'x': 'DOUBLE', 'jets': 'VARCHAR'})`,
  );
  await duck.run('CREATE TABLE p AS SELECT run, luminosityBlock, event FROM base ORDER BY i');
  await duck.run(
    `CREATE TABLE f AS SELECT b.run, b.luminosityBlock, b.event, b.x, b.jets::FLOAT[] AS jets FROM read_csv('${spec.friendOrderCsv}', header = true, columns = {'pos': 'INTEGER', 'i': 'INTEGER'}) o JOIN base b USING (i) ORDER BY o.pos`,
  );
  await duck.run('CHECKPOINT');
  duck.closeSync();
} else {
  const duck = await (await DuckDBInstance.create(spec.duckdbFile, { threads: '2' })).connect();
  for (let r = 0; r < runs; r++) {
    await duck.run('DROP TABLE IF EXISTS j');
    const base = resetPeak();
    const t0 = performance.now();
    await duck.run(`CREATE TEMP TABLE j AS SELECT p.run, p.luminosityBlock, p.event, f.x, f.jets FROM p ${spec.kind.toUpperCase()} JOIN f ON p.run = f.run AND p.luminosityBlock = f.luminosityBlock AND p.event = f.event`);
    ms.push(performance.now() - t0);
    // Later runs reuse memory DuckDB already holds, so the first (cold) run gives the peak.
    if (r === 0) peakMB = statusMB('VmHWM') - base;
  }
  const rows = await duck.runAndReadAll('SELECT count(*) FROM j');
  process.stderr.write(`# duckdb output rows ${rows.getRowsJS()[0]![0]}\n`);
  duck.closeSync();
}
process.stdout.write(`${JSON.stringify({ ms, peakMB })}\n`);
