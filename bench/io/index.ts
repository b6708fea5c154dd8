// io benchmarks: afkit's readers beside jsroot, hyparquet and apache-arrow, measured in the same run (`npm run bench -- io [--quick]`).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFile } from 'jsroot/io';
import { parquetMetadataAsync, parquetRead } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { makeData, RecordBatch, Schema, Field, Float32, List, Struct, Uint32, Uint64, tableFromIPC } from 'apache-arrow';
import type { Data } from 'apache-arrow';
import { openTable, writeArrowIpc } from '@afkit/io';
import type { TableSource } from '@afkit/io';
import { openJsrootTree, jsrootRead } from '../../packages/io/src/root/jsrootColumns.ts';
import { sharedDecodePool } from '../../packages/io/src/root/decodePool.ts';
import { median, quick, reportBench } from '../lib/report.ts';

const DATA = process.env.AFKIT_HEP_DATA ?? '/work/shared/data/hep';
const MB = 1e6;

/**
 * Runs afkit and the anchor alternately `rounds` times after a warm-up pair, also with --quick: a cold first round holds
 * JIT and WASM compilation (100+ ms for a WASM codec), which is no part of a read, and with 3 rounds it skewed the medians.
 * Returns the median seconds of each.
 */
async function paired(rounds: number, afkit: () => Promise<unknown>, anchor: () => Promise<unknown>): Promise<{ afkit: number; anchor: number }> {
  const a: number[] = [];
  const b: number[] = [];
  await afkit();
  await anchor();
  for (let r = 0; r < rounds; r++) {
    globalThis.gc?.();
    let t = performance.now();
    await afkit();
    a.push((performance.now() - t) / 1000);
    globalThis.gc?.();
    t = performance.now();
    await anchor();
    b.push((performance.now() - t) / 1000);
  }
  return { afkit: median(a), anchor: median(b) };
}

/** Reads every batch, touching each column so that lazy work is not skipped. */
async function drain(table: TableSource, columns?: readonly string[]): Promise<number> {
  let rows = 0;
  for await (const batch of table.read({ columns })) {
    rows += batch.numRows;
    for (const child of batch.data.children) touch(child);
  }
  return rows;
}

function touch(data: Data): void {
  if (data.values && data.values.length) void data.values[data.values.length - 1];
  for (const child of data.children) touch(child);
}

async function openSchema(): Promise<void> {
  const path = join(DATA, 'nano_dimuon.root');
  const rounds = quick ? 3 : 15;
  const t = await paired(
    rounds,
    async () => {
      const table = await openTable(path);
      if (table.columns.length < 1600) throw new Error('schema incomplete');
      await table.close();
    },
    async () => {
      const file = await openFile(path);
      const tree = (await file.readObject('Events')) as { fBranches: { arr: { fName: string }[] } };
      if (tree.fBranches.arr.map((b) => b.fName).length < 1600) throw new Error('schema incomplete');
      file.delete();
    },
  );
  reportBench({ area: 'io', name: 'nanoaod_open_schema', afkit: t.afkit * 1000, anchor: t.anchor * 1000, unit: 'ms', better: 'lower', note: `open nano_dimuon.root (1,601 branches) and list its schema, median of ${rounds}; anchor: jsroot openFile + readObject('Events') + branch names (afkit parses structure with jsroot too, then plans every branch)` });
}

async function readColumns(): Promise<void> {
  const columns = ['run', 'luminosityBlock', 'event', 'nMuon', 'Muon_pt', 'Muon_eta', 'Jet_pt'];
  const files = ['nano_dimuon.root', 'nano_dy.root', 'nanoAOD_2015_CMS_Open_Data_ttbar.root'].map((f) => join(DATA, f));
  const tables = await Promise.all(files.map((f) => openTable(f)));
  const jsrootTrees = await Promise.all(files.map((f) => openJsrootTree(f, 'Events')));
  const perPass = tables.reduce((n, t) => n + t.numEntries, 0);
  const target = quick ? 100_000 : 1_000_000;
  const passes = Math.ceil(target / perPass);
  const bytesPerPass = tables.reduce((n, t) => n + t.columns.filter((c) => columns.includes(c.name)).reduce((m, c) => m + (c.uncompressedBytes ?? 0), 0), 0);
  const jsrootPasses = Math.max(1, Math.ceil(passes / (quick ? 20 : 10)));
  const rounds = quick ? 3 : 5;
  const t = await paired(
    rounds,
    async () => {
      for (let p = 0; p < passes; p++) for (const table of tables) await drain(table, columns);
    },
    async () => {
      for (let p = 0; p < jsrootPasses; p++) for (const tree of jsrootTrees) await jsrootRead(tree, columns, false);
    },
  );
  for (const table of tables) await table.close();
  for (const tree of jsrootTrees) tree.close();
  const afkitRate = (passes * perPass) / t.afkit;
  const anchorRate = (jsrootPasses * perPass) / t.anchor;
  reportBench({
    area: 'io',
    name: 'nanoaod_read_columns',
    afkit: afkitRate,
    anchor: anchorRate,
    unit: 'entries/s',
    better: 'higher',
    note: `${columns.join(', ')} from a dataset of the 3 sample NanoAOD files (nano_dimuon, nano_dy, CMS open-data ttbar: ${perPass} entries) listed ${passes} times = ${passes * perPass} entries for afkit (jsroot: ${jsrootPasses} times, rate compared); each file's structure is parsed once per reader, every pass re-reads and decompresses the baskets; decompressed MB/s afkit ${((passes * bytesPerPass) / t.afkit / MB).toFixed(1)} vs jsroot ${((jsrootPasses * bytesPerPass) / t.anchor / MB).toFixed(1)}; median of ${rounds}`,
  });
}

async function hzz(codec: string, file: string): Promise<void> {
  const path = join(DATA, file);
  const table = await openTable(path);
  const jsrootTree = await openJsrootTree(path, 'events');
  const columns = table.schema.fields.map((f) => f.name);
  const bytes = table.columns.filter((c) => columns.includes(c.name)).reduce((n, c) => n + (c.uncompressedBytes ?? 0), 0);
  const reps = quick ? 10 : 40;
  const jsrootReps = quick ? 1 : 4;
  const rounds = quick ? 3 : 5;
  const t = await paired(
    rounds,
    async () => {
      for (let r = 0; r < reps; r++) await drain(table, columns);
    },
    async () => {
      for (let r = 0; r < jsrootReps; r++) await jsrootRead(jsrootTree, columns, false);
    },
  );
  await table.close();
  jsrootTree.close();
  const entries = table.numEntries;
  reportBench({
    area: 'io',
    name: `hzz_${codec}`,
    afkit: (reps * entries) / t.afkit,
    anchor: (jsrootReps * entries) / t.anchor,
    unit: 'entries/s',
    better: 'higher',
    note: `${file}: all ${columns.length} numeric branches, ${entries} entries, afkit ${reps} reads vs jsroot ${jsrootReps}, both with the file opened once; jsroot decodes in its one thread, afkit shares a batch with its decode threads (${sharedDecodePool()?.size ?? 0} on this machine) when the batch's decompression is estimated at 2 ms or more (LZMA here); decompressed MB/s afkit ${((reps * bytes) / t.afkit / MB).toFixed(1)} vs jsroot ${((jsrootReps * bytes) / t.anchor / MB).toFixed(1)}; median of ${rounds}`,
  });
}

async function parquet(): Promise<void> {
  const path = join(DATA, 'nano_dimuon.parquet');
  const size = statSync(path).size;
  const buffer = readFileSync(path);
  const rounds = quick ? 3 : 7;
  const t = await paired(
    rounds,
    async () => {
      const table = await openTable(path);
      await drain(table);
      await table.close();
    },
    async () => {
      const ab = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength);
      const file = { byteLength: ab.byteLength, slice: (s: number, e?: number) => ab.slice(s, e) };
      const metadata = await parquetMetadataAsync(file);
      await parquetRead({ file, metadata, compressors, onChunk: () => undefined });
    },
  );
  reportBench({ area: 'io', name: 'parquet_read', afkit: size / t.afkit / MB, anchor: size / t.anchor / MB, unit: 'MB/s', better: 'higher', note: `nano_dimuon.parquet (ZSTD, 1,601 columns, 40 rows), all columns to Arrow record batches; anchor: hyparquet (the library afkit uses) decoding the same columns to JS arrays from an in-memory file; MB of file per second; median of ${rounds}. parquet-wasm was measured faster on this file (about 140 ms vs hyparquet's 170-240 ms) but aborts the whole process on some corrupt files, so afkit does not use it` });
}

async function arrow(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'afkit-bench-io-'));
  try {
    const path = join(dir, 'events.arrow');
    const rows = quick ? 500_000 : 2_000_000;
    await writeArrowIpc(path, syntheticBatches(rows, 100_000));
    const size = statSync(path).size;
    const rounds = quick ? 3 : 7;
    const t = await paired(
      rounds,
      async () => {
        const table = await openTable(path);
        await drain(table);
        await table.close();
      },
      async () => {
        const table = tableFromIPC(readFileSync(path));
        for (const batch of table.batches) for (const child of batch.data.children) touch(child);
      },
    );
    reportBench({ area: 'io', name: 'arrow_read', afkit: size / t.afkit / MB, anchor: size / t.anchor / MB, unit: 'MB/s', better: 'higher', note: `generated Arrow IPC file, ${rows} rows (run u32, event u64, Muon_pt list<float32>), ${(size / MB).toFixed(0)} MB; afkit streams batch by batch with range reads (bounded memory); anchor: apache-arrow tableFromIPC(readFileSync) + scan (whole file in memory); median of ${rounds}` });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function* syntheticBatches(rows: number, batchRows: number): Generator<RecordBatch> {
  const item = new Field('item', new Float32(), false);
  const fields = [new Field('run', new Uint32(), false), new Field('event', new Uint64(), false), new Field('Muon_pt', new List(item), false)];
  for (let first = 0; first < rows; first += batchRows) {
    const n = Math.min(batchRows, rows - first);
    const offsets = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i]! + ((first + i) % 4);
    const values = Float32Array.from({ length: offsets[n]! }, (_, k) => 5 + (k % 97));
    const children = [
      makeData({ type: new Uint32(), length: n, data: new Uint32Array(n).fill(315267) }),
      makeData({ type: new Uint64(), length: n, data: BigUint64Array.from({ length: n }, (_, i) => BigInt(first + i)) }),
      makeData({ type: new List(item), length: n, valueOffsets: offsets, child: makeData({ type: new Float32(), length: values.length, data: values }) }),
    ];
    yield new RecordBatch(new Schema(fields), makeData({ type: new Struct(fields), length: n, children }));
  }
}

if (!existsSync(DATA)) {
  console.log(`# io: sample data not found at ${DATA}; only the generated Arrow benchmark runs`);
  await arrow();
} else {
  await openSchema();
  await readColumns();
  for (const [codec, file] of [
    ['zlib', 'uproot-HZZ-zlib.root'],
    ['lz4', 'uproot-HZZ-lz4.root'],
    ['lzma', 'uproot-HZZ-lzma.root'],
    ['zstd', 'uproot-HZZ-zstd.root'],
    ['uncompressed', 'uproot-HZZ-uncompressed.root'],
  ]) {
    await hzz(codec!, file!);
  }
  await parquet();
  await arrow();
}
