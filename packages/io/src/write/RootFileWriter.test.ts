import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { after, test } from 'node:test';
import { FacilityError } from '@afkit/core';
import { listTrees, openTable } from '../openTable.ts';
import { Bool, Field, Float16, Float32, Float64, Int16, Int32, Int64, Int8, List, RecordBatch, Schema, Struct, Table, Uint16, Uint32, Uint64, Uint8, Utf8, makeData, vectorFromArray } from 'apache-arrow';
import type { DataType } from 'apache-arrow';
import { openFile } from 'jsroot/io';
import { TSelector, treeProcess } from 'jsroot/tree';
import { tempDir } from '../testData.ts';
import { compressRecord } from './root/compressRecord.ts';
import { RootFileWriter } from './RootFileWriter.ts';

const dir = tempDir('afkit-root-');
after(() => rmSync(dir, { recursive: true, force: true }));

const list = (item: DataType) => new List(new Field('item', item, true));
const U64_MAX = (1n << 64n) - 1n;

/** Every column type ROOT output supports, with values at the edges of each width, nulls and empty lists. */
const COLUMNS: Record<string, { type: DataType; value: (i: number) => unknown; nullable?: boolean }> = {
  run: { type: new Uint32(), value: (i) => (i % 3 === 0 ? 4294967295 : i) },
  event: { type: new Uint64(), value: (i) => (i % 2 ? U64_MAX - BigInt(i) : (1n << 53n) + BigInt(i)) },
  i8: { type: new Int8(), value: (i) => (i % 2 ? -128 : 127) - (i % 5) * (i % 2 ? -1 : 1) },
  u8: { type: new Uint8(), value: (i) => (i * 37) % 256 },
  i16: { type: new Int16(), value: (i) => (i % 2 ? -32768 : 32767) },
  u16: { type: new Uint16(), value: (i) => (i * 997) % 65536 },
  i32: { type: new Int32(), value: (i) => (i % 2 ? -2147483648 : 2147483647 - i) },
  i64: { type: new Int64(), value: (i) => (i % 2 ? -(1n << 62n) - BigInt(i) : BigInt(i) - 5n) },
  f16: { type: new Float16(), value: (i) => (i % 512) * 0.25 - 32 },
  f32: { type: new Float32(), value: (i) => Math.fround(i / 3) },
  f64: { type: new Float64(), value: (i) => (i % 4 === 1 ? null : i / 7), nullable: true },
  flag: { type: new Bool(), value: (i) => i % 3 === 1 },
  jets: { type: list(new Float32()), value: (i) => (i % 6 === 5 ? null : Array.from({ length: i % 4 }, (_, k) => Math.fround(i + k / 8))), nullable: true },
  ids: { type: list(new Int64()), value: (i) => Array.from({ length: (i * 7) % 3 }, (_, k) => -(1n << 60n) * BigInt(k + 1) - BigInt(i)) },
  bits: { type: list(new Bool()), value: (i) => Array.from({ length: i % 3 }, (_, k) => (i + k) % 2 === 0) },
};
const NAMES = Object.keys(COLUMNS);
const ROWS = 3000;

function table(rows: number): Table {
  const schema = new Schema(NAMES.map((name) => new Field(name, COLUMNS[name]!.type, COLUMNS[name]!.nullable ?? false)));
  const children = NAMES.map((name) => vectorFromArray(Array.from({ length: rows }, (_, i) => COLUMNS[name]!.value(i)), COLUMNS[name]!.type).data[0]!);
  return new Table(schema, new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: rows, nullCount: 0, children })));
}

/** Writes a table in uneven slices, so batches carry Arrow offsets and clusters cut through batches. */
async function writeTable(path: string, data: Table, clusterBytes: number): Promise<void> {
  const writer = await RootFileWriter.open(path, data.schema, { clusterBytes });
  for (let start = 0, step = 1; start < data.numRows; start += step, step = step * 2 + 1) {
    for (const batch of data.slice(start, start + step).batches) await writer.write(batch);
  }
  await writer.close();
}

/** Reads branches with jsroot's own reader, entry by entry (its 64-bit values are Numbers below 2^53, BigInts above). */
async function jsrootRows(path: string, tree: string, branches: readonly string[]): Promise<Record<string, unknown>[]> {
  const file = await openFile(path);
  const object = await file.readObject(tree);
  const rows: Record<string, unknown>[] = [];
  const selector = new TSelector();
  for (const b of branches) selector.addBranch(b);
  selector.Process = function (this: TSelector) {
    rows.push(Object.fromEntries(branches.map((b) => [b, ArrayBuffer.isView(this.tgtobj[b]) || Array.isArray(this.tgtobj[b]) ? Array.from(this.tgtobj[b] as ArrayLike<unknown>) : this.tgtobj[b]])));
  };
  await treeProcess(object, selector);
  file.delete();
  return rows;
}

/** What a value reads back as: half floats widened, nulls as ROOT's defaults. */
function expected(name: string, i: number): unknown {
  const value = COLUMNS[name]!.value(i);
  if (value === null) return COLUMNS[name]!.type instanceof List ? [] : NaN;
  return value;
}

function sameValue(got: unknown, want: unknown, where: string): void {
  if (Array.isArray(want)) {
    assert.ok(Array.isArray(got), where);
    assert.equal(got.length, want.length, where);
    want.forEach((w, k) => sameValue(got[k], w, `${where}[${k}]`));
  } else if (typeof want === 'bigint') {
    // jsroot gives Numbers within 2^53 and BigInts beyond: either way the value must be exact.
    assert.ok(typeof got === 'bigint' || Number.isSafeInteger(got), `${where}: ${String(got)} is not exact`);
    assert.equal(BigInt(got as bigint | number), want, where);
  } else if (typeof want === 'boolean') {
    assert.equal(Boolean(got), want, where);
  } else {
    assert.ok(Object.is(got, want) || (Number.isNaN(want) && Number.isNaN(got)), `${where}: ${String(got)} ≠ ${String(want)}`);
  }
}

test('every supported type, 64-bit values beyond 2^53, nulls and empty lists read back equal with @afkit/io and jsroot', async () => {
  const path = join(dir, 'types.root');
  await writeTable(path, table(ROWS), 6000);

  const source = await openTable(path);
  assert.deepEqual((await listTrees(path)).map((t) => [t.name, t.entries]), [['Friends', ROWS]]);
  const branches = source.schema.fields.map((f) => `${f.name}:${String(f.type)}`);
  assert.deepEqual(branches, [
    'run:Uint32', 'event:Uint64', 'i8:Int8', 'u8:Uint8', 'i16:Int16', 'u16:Uint16', 'i32:Int32', 'i64:Int64', 'f16:Float32', 'f32:Float32',
    'f64:Float64', 'f64_valid:Bool', 'flag:Bool', 'njets:Uint32', 'jets:List<Float32>', 'jets_valid:Bool', 'nids:Uint32', 'ids:List<Int64>', 'nbits:Uint32', 'bits:List<Bool>',
  ]);
  let i = 0;
  for await (const batch of source.read({ batchSize: 1000 })) {
    for (let r = 0; r < batch.numRows; r++, i++) {
      for (const name of NAMES) {
        const got = batch.getChild(name)!.get(r) as unknown;
        sameValue(got !== null && typeof got === 'object' ? [...(got as Iterable<unknown>)] : got, expected(name, i), `afkit ${name}[${i}]`);
      }
      assert.equal(batch.getChild('f64_valid')!.get(r), COLUMNS.f64!.value(i) !== null);
      assert.equal(batch.getChild('jets_valid')!.get(r), COLUMNS.jets!.value(i) !== null);
      assert.equal(batch.getChild('njets')!.get(r), (expected('jets', i) as unknown[]).length);
    }
  }
  await source.close();
  assert.equal(i, ROWS);

  const rows = await jsrootRows(path, 'Friends', [...NAMES, 'f64_valid', 'jets_valid']);
  assert.equal(rows.length, ROWS);
  rows.forEach((row, k) => {
    for (const name of NAMES) sameValue(row[name], expected(name, k), `jsroot ${name}[${k}]`);
    assert.equal(row.f64_valid, COLUMNS.f64!.value(k) !== null);
  });
});

test('the tree is laid out like NanoAOD: leaf types and titles, counters with their maximum, zlib baskets, ROOT streamer infos', async () => {
  const path = join(dir, 'layout.root');
  await writeTable(path, table(ROWS), 6000);
  const file = await openFile(path);
  const tree = (await file.readObject('Friends')) as JsrootTree;
  assert.equal(tree.fEntries, ROWS);
  const branch = (name: string) => tree.fBranches.arr.find((b) => b.fName === name)!;
  assert.deepEqual(
    ['event', 'i8', 'u16', 'f16', 'flag', 'njets', 'jets', 'f64_valid'].map((name) => [branch(name).fTitle, branch(name).fLeaves.arr[0]!._typename, branch(name).fLeaves.arr[0]!.fIsUnsigned]),
    [['event/l', 'TLeafL', true], ['i8/B', 'TLeafB', false], ['u16/s', 'TLeafS', true], ['f16/F', 'TLeafF', false], ['flag/O', 'TLeafO', false], ['njets/i', 'TLeafI', true], ['jets[njets]/F', 'TLeafF', false], ['f64_valid/O', 'TLeafO', false]],
  );
  const counter = branch('njets').fLeaves.arr[0]!;
  assert.equal(branch('jets').fLeaves.arr[0]!.fLeafCount, counter);
  assert.equal(counter.fMaximum, 3);
  // Several clusters, every branch's baskets ending at the same entries.
  const ends = (name: string) => Array.from(branch(name).fBasketEntry).slice(0, branch(name).fWriteBasket + 1);
  assert.ok(branch('jets').fWriteBasket > 3, `only ${branch('jets').fWriteBasket} baskets`);
  for (const b of tree.fBranches.arr) assert.deepEqual(ends(b.fName), ends('run'));
  const bytes = readFileSync(path);
  const seek = Number(branch('ids').fBasketSeek[0]);
  const keylen = bytes.readInt16BE(seek + 14);
  assert.equal(bytes.toString('latin1', seek + keylen, seek + keylen + 2), 'ZL');
  assert.ok(branch('ids').fZipBytes < branch('ids').fTotBytes);
  // The streamer infos match what ROOT itself wrote into NanoAOD files, checksums included.
  const references: Record<string, string[]> = {
    'nano_dimuon.root': ['TTree', 'TBranch', 'TLeaf', 'TLeafI', 'TLeafL', 'TLeafF', 'TLeafO', 'TLeafB', 'TNamed', 'TAttLine', 'ROOT::TIOFeatures'],
    'nano_dy.root': ['TLeafD'],
  };
  for (const [name, classes] of Object.entries(references)) {
    const reference = join('/work/shared/data/hep', name);
    if (!existsSync(reference)) continue;
    const nano = await openFile(reference);
    for (const cls of classes) assert.deepEqual(streamerInfo(file, cls), streamerInfo(nano, cls), `${cls} as in ${name}`);
    nano.delete();
  }
  file.delete();
});

interface JsrootTree {
  fEntries: number;
  fBranches: { arr: { fName: string; fTitle: string; fWriteBasket: number; fBasketEntry: ArrayLike<number>; fBasketSeek: ArrayLike<number>; fZipBytes: number; fTotBytes: number; fLeaves: { arr: { _typename: string; fIsUnsigned: boolean; fLeafCount: unknown; fMaximum: number }[] } }[] };
}

interface JsrootStreamerInfo {
  fName: string;
  fCheckSum: number;
  fClassVersion: number;
  fElements: { arr: { fName: string; fType: number; fSize: number; fTypeName: string; _typename: string }[] };
}

function streamerInfo(file: unknown, name: string): unknown {
  const infos = (file as { fStreamerInfos: { arr: JsrootStreamerInfo[] } }).fStreamerInfos.arr;
  const info = infos.find((s) => s.fName === name);
  assert.ok(info, `no streamer info for ${name}`);
  return { version: info.fClassVersion, checksum: info.fCheckSum, elements: info.fElements.arr.map((e) => [e._typename, e.fName, e.fType, e.fSize, e.fTypeName]) };
}

test('columns ROOT cannot hold are refused, naming the column, before any file exists', async () => {
  const cases: [Schema, string, string][] = [
    [new Schema([new Field('run', new Uint32()), new Field('label', new Utf8())]), 'label', 'unsupported'],
    [new Schema([new Field('tracks', list(list(new Float32())))]), 'tracks', 'unsupported'],
    [new Schema([new Field('x[2]', new Float32())]), 'x[2]', 'unsupported'],
    [new Schema([new Field('jets', list(new Float32())), new Field('njets', new Int32())]), 'njets', 'invalid-input'],
  ];
  for (const [schema, column, code] of cases) {
    const path = join(dir, `bad-${column.replace(/\W/g, '')}.root`);
    await assert.rejects(RootFileWriter.open(path, schema), (error: unknown) => FacilityError.is(error) && error.code === code && error.message.includes(`column ${column}`));
    assert.equal(existsSync(path), false);
  }
});

test('a null inside a list fails the write, and the unfinished file is not taken for a ROOT file', async () => {
  const path = join(dir, 'null-item.root');
  const data = new Table({ x: vectorFromArray([[1, 2], [3, null]], list(new Float64()) as DataType) });
  const writer = await RootFileWriter.open(path, data.schema);
  await assert.rejects(writer.write(data.batches[0]!), (error: unknown) => FacilityError.is(error) && /column x holds a null inside the list of entry 1/.test(error.message));
  await writer.close();
  await assert.rejects(openTable(path), (error: unknown) => FacilityError.is(error));
});

test('an output without rows is a readable tree with its branches and no entries', async () => {
  const path = join(dir, 'empty.root');
  const writer = await RootFileWriter.open(path, table(0).schema);
  await writer.close();
  const source = await openTable(path);
  assert.equal(source.numEntries, 0);
  assert.equal(source.schema.fields.length, 20);
  await source.close();
});

test('records beyond 16 MiB are split into several ZL blocks; data that would not shrink is stored as it is', async () => {
  const payload = new Uint8Array((1 << 24) + 1000).map((_, i) => (i * 7) % 251);
  const stored = await compressRecord(payload, 1);
  const blocks: Uint8Array[] = [];
  for (let at = 0; at < stored.length; ) {
    assert.equal(String.fromCharCode(stored[at]!, stored[at + 1]!, stored[at + 2]!), 'ZL\x08');
    const zipped = stored[at + 3]! | (stored[at + 4]! << 8) | (stored[at + 5]! << 16);
    const size = stored[at + 6]! | (stored[at + 7]! << 8) | (stored[at + 8]! << 16);
    const block = inflateSync(stored.subarray(at + 9, at + 9 + zipped));
    assert.equal(block.length, size);
    blocks.push(block);
    at += 9 + zipped;
  }
  assert.deepEqual(blocks.map((b) => b.length), [0xffffff, payload.length - 0xffffff]);
  assert.deepEqual(Buffer.concat(blocks), Buffer.from(payload));
  const noise = new Uint8Array(4096).map(() => Math.floor(Math.random() * 256));
  assert.equal(await compressRecord(noise, 1), noise);
});
