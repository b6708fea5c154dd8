import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openTable } from '../index.ts';
import { columnValues, HEP_DATA, skipWithoutData, tempDir } from '../testData.ts';
import { openByteSource } from '../source/openByteSource.ts';
import { decompressRecord, loadCodecs } from './decompress.ts';
import { RootFile } from './RootFile.ts';
import { openFile } from 'jsroot/io';
import { createRequire } from 'node:module';
import { compressSync } from 'lz4-napi';
import xxhash from 'xxhash-wasm';
import { decodeLz4, decodeLz4Block, loadNativeLz4, lz4Decoder } from './lz4.ts';
import { FacilityError } from '@afkit/core';

/** A ROOT compressed block: tag, method byte, 3-byte little-endian compressed and uncompressed sizes, then the data. */
function rootBlock(tag: string, data: Uint8Array, size: number): Uint8Array {
  const header = [tag.charCodeAt(0), tag.charCodeAt(1), 0, data.length & 0xff, (data.length >> 8) & 0xff, data.length >> 16, size & 0xff, (size >> 8) & 0xff, size >> 16];
  return Uint8Array.from([...header, ...data]);
}

/** A one-block zstd frame: single segment, its 1-byte content size, then one last block of the given type (0 raw, 1 RLE). */
function zstdFrame(type: 0 | 1, content: readonly number[], size: number): Uint8Array {
  const block = (size << 3) | (type << 1) | 1;
  return Uint8Array.from([0x28, 0xb5, 0x2f, 0xfd, 0x20, size, block & 0xff, (block >> 8) & 0xff, block >> 16, ...content]);
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

test('LZ4: literals, overlapping matches (short and long) and a disjoint long match decode exactly', () => {
  // "abcd" then a 20-byte match at offset 4 (overlapping), then "xyz" + a 100-byte run at offset 3, then a 40-byte
  // disjoint match at offset 127 (back to the start), then a final literal.
  const block = Uint8Array.from([
    0x4f, ...Buffer.from('abcd'), 4, 0, 1, // match length 4 + 15 + 1 = 20
    0x3f, ...Buffer.from('xyz'), 3, 0, 81, // match length 4 + 15 + 81 = 100
    0x0f, 127, 0, 21, // match length 4 + 15 + 21 = 40
    0x10, ...Buffer.from('!'),
  ]);
  const target = new Uint8Array(4 + 20 + 3 + 100 + 40 + 1);
  assert.equal(decodeLz4Block(block, target), target.length);
  const start = 'abcd'.repeat(6) + 'xyz'.repeat(34) + 'x';
  assert.equal(text(target), start + start.slice(0, 40) + '!');
});

/** Corrupt LZ4 blocks: what is wrong, the block, and the size it claims to decode to. */
const CORRUPT_LZ4: readonly [string, number[], number][] = [
  ['offset 0', [0x10, 0x61, 0, 0], 16],
  ['offset before the start', [0x10, 0x61, 2, 0], 16],
  ['literal run past the input', [0x50, 0x61, 0x62], 16],
  ['literal run past the output', [0x40, 0x61, 0x62, 0x63, 0x64], 3],
  ['match past the output', [0x1f, 0x61, 1, 0, 200], 64],
  ['cut inside an offset', [0x10, 0x61, 1], 16],
  ['cut inside a literal length', [0xf0, 255], 300],
];

test('LZ4: corrupt blocks throw an Error instead of reading or writing out of bounds', () => {
  for (const [what, bytes, size] of CORRUPT_LZ4) assert.throws(() => decodeLz4Block(Uint8Array.from(bytes), new Uint8Array(size)), /LZ4/, what);
});

test('ZSTD: a corrupt block is an Error, and the decoder keeps working for later blocks', async () => {
  const good = rootBlock('ZS', zstdFrame(0, [...Buffer.from('hello ROOT')], 10), 10);
  // The first test of this file to meet a WASM codec: before loadCodecs, decoding says so instead of failing obscurely.
  // An installation fault, not the file's: the error says so.
  assert.throws(() => decompressRecord(good, 10), (e: unknown) => FacilityError.is(e) && e.code === 'internal' && /ZSTD decoder is not loaded yet/.test(e.message) && /install/.test(e.hint ?? ''));
  await loadCodecs();
  assert.equal(text(decompressRecord(good, 10)), 'hello ROOT');
  const corrupt = [
    rootBlock('ZS', Uint8Array.from([0x28, 0xb5, 0x2f, 0xfe, 0x20, 10, 0x51, 0, 0, 1, 2, 3]), 10), // bad magic
    rootBlock('ZS', zstdFrame(0, [...Buffer.from('hello')], 10), 10), // cut short
    rootBlock('ZS', zstdFrame(1, [0x7a], 200).map((b, i) => (i === 6 ? b | 6 : b)), 200), // reserved block type
    rootBlock('ZS', zstdFrame(1, [0x7a], 200), 100), // more than ROOT's header allows
  ];
  for (const [k, block] of corrupt.entries()) {
    const size = block[6]! | (block[7]! << 8);
    assert.throws(() => decompressRecord(block, size), (e: unknown) => e instanceof Error && /ZSTD/.test(e.message), `corrupt block ${k}`);
    assert.equal(text(decompressRecord(good, 10)), 'hello ROOT', `good block after corrupt block ${k}`);
  }
  const run = decompressRecord(rootBlock('ZS', zstdFrame(1, [0x7a], 200), 200), 200);
  assert.equal(text(run), 'z'.repeat(200));
});

const { h64Raw } = await xxhash();

/** A ROOT LZ4 block: the 9-byte header, the big-endian xxhash64 of the LZ4 data, then the data. */
function lz4Record(data: Uint8Array, size: number): Uint8Array {
  const checksum = Buffer.alloc(8);
  checksum.writeBigUInt64BE(h64Raw(data, 0n));
  return rootBlock('L4', Uint8Array.from([...checksum, ...data]), size);
}

/** Whether npm installed lz4-napi with a build for this platform (an optional dependency); tests of it skip without one. */
const lz4NapiMissing = (() => {
  try {
    createRequire(import.meta.url)('lz4-napi');
    return false;
  } catch (error) {
    return `lz4-napi has no build for ${process.platform}-${process.arch} here (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); LZ4 decodes with afkit's JavaScript decoder`;
  }
})();

/** An LZ4 length beyond the token's 15: 255s, then the rest. */
function lengthBytes(extra: number): number[] {
  return [...Array<number>(Math.floor(extra / 255)).fill(255), extra % 255];
}

/** Float32 values like a basket's, big-endian: smooth runs, repeats and noise, so that blocks mix literals and matches. */
function floatBasket(count: number, seed: number): Uint8Array {
  const bytes = Buffer.alloc(4 * count);
  let x = seed;
  for (let i = 0; i < count; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    bytes.writeFloatBE(i % 7 === 0 ? 0 : i % 3 === 0 ? 91.1876 : (x / 2147483648) * 100, 4 * i);
  }
  return new Uint8Array(bytes);
}

test('LZ4: lz4-napi and the JavaScript decoder give the same bytes, and both refuse corrupt blocks', { skip: lz4NapiMissing }, async () => {
  await loadCodecs();
  assert.equal(lz4Decoder(), 'lz4-napi');
  for (const [count, seed] of [[1, 1], [17, 2], [2421, 3], [65536, 4]] as const) {
    const basket = floatBasket(count, seed);
    // lz4_flex's size-prepended block: 4 bytes of size, then the raw block ROOT stores after its checksum.
    const block = compressSync(Buffer.from(basket)).subarray(4);
    const viaJs = new Uint8Array(basket.length);
    assert.equal(decodeLz4Block(block, viaJs), basket.length);
    assert.deepEqual(viaJs, basket, `JavaScript decoder, ${count} floats`);
    assert.deepEqual(new Uint8Array(decodeLz4(block, basket.length)), basket, `lz4-napi, ${count} floats`);
    const record = lz4Record(block, basket.length);
    assert.deepEqual(new Uint8Array(decompressRecord(record, basket.length)), basket, `ROOT record, ${count} floats`);
  }
  for (const [what, bytes, size] of [...CORRUPT_LZ4, ['shorter than ROOT says', [0x30, 0x61, 0x62, 0x63], 64] as const]) {
    const record = lz4Record(Uint8Array.from(bytes), size);
    assert.throws(() => decompressRecord(record, size), /LZ4|L4 block/, what);
  }
  const basket = floatBasket(100, 5);
  assert.deepEqual(new Uint8Array(decodeLz4(compressSync(Buffer.from(basket)).subarray(4), basket.length)), basket, 'a good block after corrupt ones');
});

test('LZ4: where lz4-napi cannot load, blocks decode with the JavaScript decoder, corrupt ones still refused', async () => {
  await loadCodecs();
  const before = lz4Decoder();
  try {
    await loadNativeLz4(() => Promise.reject(new Error('Cannot find native binding')));
    assert.equal(lz4Decoder(), 'javascript');
    const basket = floatBasket(2421, 6);
    // The basket as one literal run: a block written by hand, without lz4-napi.
    const literals = Uint8Array.from([0xf0, ...lengthBytes(basket.length - 15), ...basket]);
    assert.deepEqual(new Uint8Array(decompressRecord(lz4Record(literals, basket.length), basket.length)), basket);
    assert.throws(() => decompressRecord(lz4Record(Uint8Array.of(0x10, 0x61, 2, 0), 16), 16), /LZ4/);
  } finally {
    await loadNativeLz4();
  }
  assert.equal(lz4Decoder(), before);
});

test('LZ4: a flipped byte in the data or the checksum of a block is an Error, not wrong values', async () => {
  await loadCodecs();
  const basket = floatBasket(2421, 7);
  // One literal run, so that every flipped data byte would otherwise decode, to a wrong value.
  const data = Uint8Array.from([0xf0, ...lengthBytes(basket.length - 15), ...basket]);
  const record = lz4Record(data, basket.length);
  assert.deepEqual(new Uint8Array(decompressRecord(record, basket.length)), basket);
  for (const at of [9, 16, 17 + 40, record.length - 1]) {
    const flipped = Uint8Array.from(record);
    flipped[at]! ^= 0x20;
    assert.throws(() => decompressRecord(flipped, basket.length), /LZ4 block does not match its xxhash64 checksum/, `byte ${at} flipped`);
  }
});

test('LZ4: a real file with one flipped byte in a basket is refused naming the file, the branch and the checksum', { skip: skipWithoutData }, async () => {
  const path = `${HEP_DATA}/uproot-HZZ-lz4.root`;
  const file = await RootFile.open(await openByteSource(path));
  const branch = (await file.tree('events')).fBranches.arr.find((b) => b.fName === 'Jet_Px')!;
  await file.close();
  const bytes = await readFile(path);
  const seek = Number(branch.fBasketSeek[0]);
  const payload = seek + bytes.readInt16BE(seek + 14);
  assert.equal(bytes.toString('latin1', payload, payload + 2), 'L4');
  // A byte in the middle of the LZ4 data, past the 9-byte header and the 8-byte checksum.
  bytes[payload + 17 + Math.floor((Number(branch.fBasketBytes[0]) - (payload - seek) - 17) / 2)]! ^= 0x04;
  const dir = tempDir();
  try {
    const flipped = join(dir, 'flipped-HZZ-lz4.root');
    await writeFile(flipped, bytes);
    const table = await openTable(flipped);
    try {
      await assert.rejects(columnValues(table.read({ columns: ['Jet_Px'] })), (error: Error) => error.message.includes(flipped) && error.message.includes('"Jet_Px"') && /xxhash64 checksum/.test(String(error.message) + String((error as { cause?: unknown }).cause)));
      assert.equal((await columnValues(table.read({ columns: ['Muon_Px'] }))).Muon_Px!.length, table.numEntries, 'other branches stay readable');
    } finally {
      await table.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('LZ4: a flipped byte in a compressed tree record is refused as the file opens, as afkit decompresses object records too', { skip: skipWithoutData }, async () => {
  const path = `${HEP_DATA}/uproot-HZZ-lz4.root`;
  const bytes = await readFile(path);
  const jsroot = await openFile(path);
  const key = jsroot.fKeys.find((k) => k.fName === 'events')!;
  jsroot.delete();
  const record = key.fSeekKey + key.fKeylen;
  assert.equal(bytes.toString('latin1', record, record + 2), 'L4', 'the tree record is LZ4-compressed');
  bytes[record + 17 + Math.floor((key.fNbytes - key.fKeylen - 17) / 2)]! ^= 0x10;
  const dir = tempDir();
  try {
    const flipped = join(dir, 'flipped-tree-HZZ-lz4.root');
    await writeFile(flipped, bytes);
    await assert.rejects(openTable(flipped), (error: Error) => error.message.includes(flipped) && /xxhash64 checksum/.test(String(error.message) + String((error as { cause?: unknown }).cause)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('ZSTD: after corrupt blocks, a real zstd file still reads the same values as its uncompressed copy', { skip: skipWithoutData }, async () => {
  await loadCodecs();
  assert.throws(() => decompressRecord(rootBlock('ZS', Uint8Array.from([0x28, 0xb5, 0x2f, 0xfd, 0xff, 0xff, 0xff]), 64), 64), /ZSTD/);
  const values = async (file: string) => {
    const table = await openTable(`${HEP_DATA}/${file}`);
    try {
      return await columnValues(table.read({ columns: ['NJet', 'Jet_Px', 'Muon_Px', 'MET_px'] }));
    } finally {
      await table.close();
    }
  };
  assert.deepEqual(await values('uproot-HZZ-zstd.root'), await values('uproot-HZZ-uncompressed.root'));
});

test('XZ: a block larger than its header says, cut short, or with flipped bytes is an Error, and later blocks still decode', { skip: skipWithoutData }, async () => {
  await loadCodecs();
  // The first basket of a branch of the LZMA file: one XZ block after the 9-byte header.
  const file = await readFile(`${HEP_DATA}/uproot-HZZ-lzma.root`);
  const table = await RootFile.open(await openByteSource(`${HEP_DATA}/uproot-HZZ-lzma.root`));
  const branch = (await table.tree('events')).fBranches.arr.find((b) => b.fName === 'Jet_Px')!;
  await table.close();
  const record = file.subarray(Number(branch.fBasketSeek[0]), Number(branch.fBasketSeek[0]) + Number(branch.fBasketBytes[0]));
  const keylen = record.readInt16BE(14);
  const objlen = record.readInt32BE(6);
  const payload = record.subarray(keylen);
  assert.equal(String.fromCharCode(payload[0]!, payload[1]!), 'XZ');
  const good = decompressRecord(payload, objlen);
  const small = Uint8Array.from(payload);
  small[6] = 100;
  small[7] = small[8] = 0;
  assert.throws(() => decompressRecord(small, 100), /more than the 100 bytes/);
  assert.deepEqual(decompressRecord(payload, objlen), good);
  const cut = Uint8Array.from(payload.subarray(0, payload.length - 40));
  const compressed = cut.length - 9;
  [cut[3], cut[4], cut[5]] = [compressed & 0xff, (compressed >> 8) & 0xff, compressed >> 16];
  assert.throws(() => decompressRecord(cut, objlen), /XZ block (ends early|is corrupt)/);
  assert.deepEqual(decompressRecord(payload, objlen), good);
  // Flipped bytes in the LZMA data (after the 9-byte ROOT header and the 24-byte xz stream and block headers) fail the
  // stream's CRC32 check at the latest.
  for (const at of [40, Math.floor(payload.length / 2), payload.length - 20]) {
    const flipped = Uint8Array.from(payload);
    flipped[at]! ^= 0xff;
    assert.throws(() => decompressRecord(flipped, objlen), /XZ block/, `byte ${at} flipped`);
    assert.deepEqual(decompressRecord(payload, objlen), good);
  }
});
