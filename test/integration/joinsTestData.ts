// Test data for the joins integration tests: small event datasets written as Arrow IPC files, and a range-serving
// HTTP server that can hold a file's re-reads so a test can cancel a join deterministically mid-run.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Field, Float64, List, Table, Uint32, Uint64, makeVector, tableToIPC, vectorFromArray } from 'apache-arrow';
import type { DataType } from 'apache-arrow';

/** One event: keys (event may exceed 2^53) and two friend columns, one jagged. */
export interface EventRow {
  readonly run: number;
  readonly lumi: number;
  readonly event: bigint;
  readonly x: number;
  readonly j: readonly number[];
}

/** Events near 2^63 so a Number round trip would visibly break them. */
export function events(count: number, first = 0): EventRow[] {
  return Array.from({ length: count }, (_, k) => {
    const i = first + k;
    return { run: 1 + (i % 3), lumi: 10 + (i % 7), event: 2n ** 63n + BigInt(i) * 3n, x: i * 0.5, j: Array.from({ length: i % 3 }, (_, n) => i + n / 10) };
  });
}

/** A fresh temporary folder. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'afkit-joins-it-'));
}

/** Writes rows as an Arrow IPC file with `run`, `luminosityBlock`, `event`, `x`, `j`, in record batches of `batchRows`; `omit` drops a column. */
export function writeEvents(path: string, rows: readonly EventRow[], options: { omit?: string; batchRows?: number } = {}): string {
  const columns = {
    run: makeVector({ type: new Uint32(), data: Uint32Array.from(rows, (r) => r.run) }),
    luminosityBlock: makeVector({ type: new Uint32(), data: Uint32Array.from(rows, (r) => r.lumi) }),
    event: makeVector({ type: new Uint64(), data: BigUint64Array.from(rows, (r) => r.event) }),
    x: vectorFromArray(rows.map((r) => r.x), new Float64() as DataType),
    j: vectorFromArray(rows.map((r) => [...r.j]), new List(new Field('item', new Float64(), true)) as DataType),
  };
  if (options.omit) delete (columns as Record<string, unknown>)[options.omit];
  let table = new Table(columns);
  const batchRows = options.batchRows ?? rows.length;
  if (batchRows < rows.length) {
    const parts = [];
    for (let s = 0; s < rows.length; s += batchRows) parts.push(...table.slice(s, s + batchRows).batches);
    table = new Table(parts);
  }
  writeFileSync(path, tableToIPC(table, 'file'));
  return path;
}

/** A deterministic shuffle. */
export function shuffled<T>(items: readonly T[], seed = 7): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const k = s % (i + 1);
    [out[i], out[k]] = [out[k]!, out[i]!];
  }
  return out;
}

/** A range-serving file server whose `hold(name)` parks every repeated read of that file until `close()`. */
export interface FileServer {
  readonly url: string;
  /** Parks re-reads of `name` (the join phase reading what the key scan already read); resolves when the first is parked. */
  hold(name: string): Promise<void>;
  close(): Promise<void>;
}

/** Serves the files of `dir` with HTTP range requests. */
export async function serveFiles(dir: string): Promise<FileServer> {
  const seen = new Set<string>();
  const parked: ServerResponse[] = [];
  let held: { name: string; parked: () => void } | undefined;
  const server: Server = createServer((request, response) => {
    const name = basename(new URL(request.url ?? '/', 'http://x').pathname);
    const bytes = readFileSync(join(dir, name));
    const [, from, to] = /bytes=(\d+)-(\d+)/.exec(request.headers.range ?? '') ?? [];
    const range = `${name}:${from}-${to}`;
    if (held?.name === name && seen.has(range)) {
      parked.push(response);
      held.parked();
      return;
    }
    seen.add(range);
    const start = Number(from ?? 0);
    const end = Math.min(Number(to ?? bytes.length - 1), bytes.length - 1);
    response.writeHead(206, { 'Content-Range': `bytes ${start}-${end}/${bytes.length}`, 'Content-Length': end - start + 1 });
    response.end(bytes.subarray(start, end + 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hold: (name) => new Promise<void>((resolve) => (held = { name, parked: resolve })),
    close: async () => {
      for (const response of parked) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
