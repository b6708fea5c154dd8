// Generates the join benchmark's data once, from the same arrays: Arrow IPC files for afkit, CSV files for DuckDB.
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Field, Float32, Float64, List, RecordBatch, Schema, Struct, Table, Uint32, Uint64, makeData, tableToIPC } from 'apache-arrow';
import type { Data } from 'apache-arrow';

/**
 * The benchmark cases: the four; a friend merged into fewer files in the primary's order; and the regrouped
 * friend joined onto the primary split into 16 files, where reading the friend once per primary file would read it
 * 16 times (afkit spreads it first).
 */
export const CASES = ['aligned', 'shuffled', 'subset_left', 'regrouped', 'merged', 'regrouped_p16'] as const;
export type BenchCase = (typeof CASES)[number];

/** Files of one case, for each side: Arrow IPC for afkit; for DuckDB, every row once (`baseCsv`, row `i`) and the friend's rows as a list of `i`. */
export interface CaseFiles {
  readonly primary: string[];
  readonly friend: string[];
  readonly baseCsv: string;
  readonly friendOrderCsv: string;
  readonly friendRows: number;
}

/** Primary files the rows are split into (afkit joins them in parallel). */
const PRIMARY_FILES = 4;

interface Columns {
  run: Uint32Array;
  lumi: Uint32Array;
  event: BigUint64Array;
  x: Float64Array;
  offsets: Int32Array;
  jets: Float32Array;
}

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeColumns(n: number): Columns {
  const random = rng(42);
  const run = new Uint32Array(n);
  const lumi = new Uint32Array(n);
  const event = new BigUint64Array(n);
  const words = new Uint32Array(event.buffer);
  const x = new Float64Array(n);
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    run[i] = 273000 + Math.floor(i / 2_000_000);
    lumi[i] = 1 + Math.floor(i / 1000);
    // Distinct 64-bit event numbers across the whole range, above 2^63 too: i in the high word, noise in the low.
    words[2 * i] = (random() * 0x100000000) >>> 0;
    words[2 * i + 1] = (i * 2654435761) >>> 0;
    x[i] = random();
    offsets[i + 1] = offsets[i]! + Math.floor(random() * 6);
  }
  const jets = new Float32Array(offsets[n]!);
  for (let i = 0; i < jets.length; i++) jets[i] = 20 + random() * 100;
  return { run, lumi, event, x, offsets, jets };
}

function permutation(n: number, seed: number): Int32Array {
  const random = rng(seed);
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}

const listType = new List(new Field('item', new Float32(), false));
const primarySchema = new Schema([new Field('run', new Uint32(), false), new Field('luminosityBlock', new Uint32(), false), new Field('event', new Uint64(), false)]);
const friendSchema = new Schema([...primarySchema.fields, new Field('x', new Float64(), false), new Field('jets', listType, false)]);

/** Writes rows `rows` (indices into the columns) as one Arrow IPC file, in batches. */
function writeArrow(path: string, c: Columns, rows: Int32Array, withPayload: boolean): void {
  const schema = withPayload ? friendSchema : primarySchema;
  const batches: RecordBatch[] = [];
  for (let from = 0; from < rows.length || from === 0; from += 1 << 18) {
    const part = rows.subarray(from, Math.min(rows.length, from + (1 << 18)));
    const n = part.length;
    const run = new Uint32Array(n);
    const lumi = new Uint32Array(n);
    const event = new BigUint64Array(n);
    for (let k = 0; k < n; k++) {
      const i = part[k]!;
      run[k] = c.run[i]!;
      lumi[k] = c.lumi[i]!;
      event[k] = c.event[i]!;
    }
    const children: Data[] = [
      makeData({ type: new Uint32(), length: n, data: run }),
      makeData({ type: new Uint32(), length: n, data: lumi }),
      makeData({ type: new Uint64(), length: n, data: event }),
    ];
    if (withPayload) {
      const x = new Float64Array(n);
      const offsets = new Int32Array(n + 1);
      for (let k = 0; k < n; k++) {
        const i = part[k]!;
        x[k] = c.x[i]!;
        offsets[k + 1] = offsets[k]! + c.offsets[i + 1]! - c.offsets[i]!;
      }
      const jets = new Float32Array(offsets[n]!);
      for (let k = 0; k < n; k++) jets.set(c.jets.subarray(c.offsets[part[k]!]!, c.offsets[part[k]! + 1]!), offsets[k]!);
      children.push(makeData({ type: new Float64(), length: n, data: x }));
      children.push(makeData({ type: listType, length: n, valueOffsets: offsets, child: makeData({ type: new Float32(), length: jets.length, data: jets }) }));
    }
    batches.push(new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: n, children })));
    if (rows.length === 0) break;
  }
  writeFileSync(path, tableToIPC(new Table(batches), 'file'));
}

/** Writes every row once as CSV for DuckDB's reader, with its index `i`; jets as a list literal. */
function writeBaseCsv(path: string, c: Columns): void {
  const fd = openSync(path, 'w');
  writeSync(fd, 'i,run,luminosityBlock,event,x,jets\n');
  let chunk = '';
  for (let i = 0; i < c.run.length; i++) {
    chunk += `${i},${c.run[i]},${c.lumi[i]},${c.event[i]},${c.x[i]},"[${Array.from(c.jets.subarray(c.offsets[i]!, c.offsets[i + 1]!)).join(',')}]"\n`;
    if (chunk.length > 1 << 20) {
      writeSync(fd, chunk);
      chunk = '';
    }
  }
  writeSync(fd, chunk);
  closeSync(fd);
}

/** Writes which rows a friend holds, in its order, as CSV `pos,i`. */
function writeOrderCsv(path: string, rows: Int32Array): void {
  const lines = ['pos,i'];
  for (let k = 0; k < rows.length; k++) lines.push(`${k},${rows[k]}`);
  writeFileSync(path, `${lines.join('\n')}\n`);
}

/** Generates every case's files under `dir` for `n` primary rows. */
export function generate(dir: string, n: number): Record<BenchCase, CaseFiles> {
  mkdirSync(dir, { recursive: true });
  const c = makeColumns(n);
  const identity = permutation(n, 0).sort();
  const per = Math.ceil(n / PRIMARY_FILES);
  const primaryParts = Array.from({ length: PRIMARY_FILES }, (_, k) => identity.subarray(k * per, Math.min(n, (k + 1) * per)));
  const writePrimary = (name: string, parts: Int32Array[]) =>
    parts.map((rows, k) => {
      const path = join(dir, `${name}${k}.arrow`);
      writeArrow(path, c, rows, false);
      return path;
    });
  const primary = writePrimary('primary', primaryParts);
  const baseCsv = join(dir, 'base.csv');
  writeBaseCsv(baseCsv, c);
  const files = (name: string, parts: Int32Array[]): CaseFiles => {
    const friend = parts.map((rows, k) => {
      const path = join(dir, `${name}${k}.arrow`);
      writeArrow(path, c, rows, true);
      return path;
    });
    const all = new Int32Array(parts.reduce((s, p) => s + p.length, 0));
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.length;
    }
    const friendOrderCsv = join(dir, `${name}.order.csv`);
    writeOrderCsv(friendOrderCsv, all);
    return { primary, friend, baseCsv, friendOrderCsv, friendRows: all.length };
  };
  const shuffledWithin = primaryParts.map((rows, k) => {
    const p = permutation(rows.length, 100 + k);
    return p.map((i) => rows[i]!);
  });
  const global = permutation(n, 7);
  const half = permutation(n, 9).subarray(0, Math.floor(n / 2));
  const regroupPer = Math.ceil(n / 16);
  const sixteenths = (rows: Int32Array) => Array.from({ length: 16 }, (_, k) => rows.subarray(k * regroupPer, Math.min(n, (k + 1) * regroupPer)));
  const regrouped = files('regrouped', sixteenths(global));
  return {
    aligned: files('aligned', primaryParts),
    shuffled: files('shuffled', shuffledWithin),
    subset_left: files('subset', [half]),
    regrouped,
    // The primary's rows in its order, in half as many files (two primary files' rows in each).
    merged: files('merged', Array.from({ length: PRIMARY_FILES / 2 }, (_, k) => identity.subarray(k * 2 * per, Math.min(n, (k + 1) * 2 * per)))),
    regrouped_p16: { ...regrouped, primary: writePrimary('primary16_', sixteenths(identity)) },
  };
}
