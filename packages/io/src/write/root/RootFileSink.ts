import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { compressRecord } from './compressRecord.ts';
import { RootBuffer } from './RootBuffer.ts';

/** Where the top directory record starts, after the file header (ROOT's fBEGIN). */
const BEGIN = 100;
/** ROOT version the header claims (6.30/00), plus 1000000: the large-file layout with 64-bit seeks throughout. */
const FILE_VERSION = 1_000_000 + 63000;
/** TKey, TDirectory and TFree versions + 1000: the 64-bit-seek forms, valid in files of any size. */
const KEY_VERSION = 1004;
const DIRECTORY_VERSION = 1005;
const FREE_VERSION = 1001;
/** Bytes of a key header before its three strings. */
const KEY_FIXED = 34;
/** TDirectory record: version, two dates, two sizes, three 64-bit seeks, UUID. */
const DIRECTORY_BYTES = 60;
/** Where ROOT's free-segment list ends in a small file; larger files double it until it exceeds the end. */
const START_BIG_FILE = 2_000_000_000;

/** The identifying part of a key: class, name, title and cycle. */
export interface KeyName {
  readonly className: string;
  readonly name: string;
  readonly title: string;
  readonly cycle: number;
}

/** Bytes of a key header with these strings. */
export function keyLength(key: Pick<KeyName, 'className' | 'name' | 'title'>): number {
  return KEY_FIXED + stringLength(key.className) + stringLength(key.name) + stringLength(key.title);
}

function stringLength(text: string): number {
  const n = Buffer.byteLength(text);
  return n + (n < 255 ? 1 : 5);
}

/**
 * A ROOT file being written from front to back: a placeholder header and top directory, then records appended at the
 * end (baskets during writing; the tree, streamer infos, key list and free-segment list at the finish), and last the
 * real header and directory. Until `finish` the file has no "root" magic, so an interrupted write is never mistaken
 * for a complete file.
 */
export class RootFileSink {
  /** Next free byte. */
  private end: number;
  private readonly datime = datime(new Date());
  private readonly uuid = randomBytes(16);

  private constructor(
    private readonly handle: FileHandle,
    private readonly fileName: string,
    /** ROOT compression setting: 100 × algorithm (1, zlib) + level; 0 for none. */
    readonly compress: number,
  ) {
    this.end = BEGIN + this.directoryRecordLength();
  }

  /** Creates (or truncates) the file at `path`; `fileName` is the name recorded inside it. */
  static async create(path: string, fileName: string, compressionLevel: number): Promise<RootFileSink> {
    const handle = await open(path, 'w');
    const sink = new RootFileSink(handle, fileName, compressionLevel > 0 ? 100 + compressionLevel : 0);
    await handle.write(new Uint8Array(sink.end), 0, sink.end, 0);
    return sink;
  }

  /**
   * The key header of a record of `stored` bytes (`objlen` uncompressed) at `seek`, in the top directory; `extra`
   * counts bytes that follow the header but belong to the key (a TBasket's own header).
   */
  keyHeader(key: KeyName, seek: number, objlen: number, stored: number, extra = 0): RootBuffer {
    const keylen = keyLength(key) + extra;
    return new RootBuffer(keylen + 32)
      .i32(keylen + stored)
      .i16(KEY_VERSION)
      .i32(objlen)
      .u32(this.datime)
      .i16(keylen)
      .i16(key.cycle)
      .i64(seek)
      .i64(seek === BEGIN ? 0 : BEGIN)
      .string(key.className)
      .string(key.name)
      .string(key.title);
  }

  /** Appends bytes at the end of the file and returns where they start. */
  async append(bytes: Uint8Array): Promise<number> {
    const at = this.end;
    await this.handle.write(bytes, 0, bytes.length, at);
    this.end += bytes.length;
    return at;
  }

  /** Where the next appended byte goes. */
  get position(): number {
    return this.end;
  }

  /**
   * Appends a keyed record holding `payload` (compressed when that helps) and returns its key header, for the
   * directory's key list, with where the record lies.
   */
  async appendRecord(key: KeyName, payload: Uint8Array): Promise<{ header: Uint8Array; seek: number; bytes: number }> {
    const stored = await compressRecord(payload, this.compress % 100);
    const header = this.keyHeader(key, this.end, payload.length, stored.length).data;
    const seek = await this.append(Buffer.concat([header, stored]));
    return { header, seek, bytes: header.length + stored.length };
  }

  /**
   * Finishes the file: the streamer-info record, the top directory's key list (the given keys), the free-segment
   * list, then the header and top directory at the front. Closes the file.
   */
  async finish(keys: readonly Uint8Array[], streamerInfo: Uint8Array): Promise<void> {
    const info = await this.appendRecord({ className: 'TList', name: 'StreamerInfo', title: 'Doubly linked list', cycle: 1 }, streamerInfo);
    const dirKey = { className: 'TFile', name: this.fileName, title: '', cycle: 1 };
    const list = new RootBuffer().i32(keys.length);
    for (const header of keys) list.raw(header);
    const keyList = await this.appendRaw(dirKey, list.data);
    // The free-segment list's own size is fixed, so where the file ends is known before it is written.
    const freeAt = this.end;
    const freeBytes = keyLength(dirKey) + 18;
    const fileEnd = freeAt + freeBytes;
    let last = START_BIG_FILE;
    while (last <= fileEnd) last *= 2;
    await this.appendRaw(dirKey, new RootBuffer().i16(FREE_VERSION).i64(fileEnd).i64(last).data);
    await this.handle.write(this.directoryRecord(keyList), 0, undefined, BEGIN);
    const header = new RootBuffer(BEGIN)
      .raw(new TextEncoder().encode('root'))
      .i32(FILE_VERSION)
      .i32(BEGIN)
      .i64(fileEnd)
      .i64(freeAt)
      .i32(freeBytes)
      .i32(1) // one free segment
      .i32(this.nbytesName())
      .u8(8) // fUnits: 8-byte seeks
      .i32(this.compress)
      .i64(info.seek)
      .i32(info.bytes)
      .i16(1)
      .raw(this.uuid);
    await this.handle.write(header.data, 0, undefined, 0);
    await this.handle.close();
  }

  /** Closes the file without finishing it (after a failed write). */
  async abandon(): Promise<void> {
    await this.handle.close();
  }

  private async appendRaw(key: KeyName, payload: Uint8Array): Promise<{ seek: number; bytes: number }> {
    const header = this.keyHeader(key, this.end, payload.length, payload.length).data;
    const seek = await this.append(Buffer.concat([header, payload]));
    return { seek, bytes: header.length + payload.length };
  }

  /** The TFile key at fBEGIN: the file's name and title, then the top TDirectory pointing at its key list. */
  private directoryRecord(keyList: { seek: number; bytes: number }): Uint8Array {
    const key = { className: 'TFile', name: this.fileName, title: '', cycle: 1 };
    const objlen = this.nbytesName() - keyLength(key) + DIRECTORY_BYTES;
    return this.keyHeader(key, BEGIN, objlen, objlen)
      .string(this.fileName)
      .string('')
      .i16(DIRECTORY_VERSION)
      .u32(this.datime)
      .u32(this.datime)
      .i32(keyList.bytes)
      .i32(this.nbytesName())
      .i64(BEGIN) // fSeekDir
      .i64(0) // fSeekParent
      .i64(keyList.seek)
      .i16(1)
      .raw(this.uuid).data;
  }

  /** The TFile key with the name and title that follow it (ROOT's fNbytesName). */
  private nbytesName(): number {
    return keyLength({ className: 'TFile', name: this.fileName, title: '' }) + stringLength(this.fileName) + stringLength('');
  }

  private directoryRecordLength(): number {
    return this.nbytesName() + DIRECTORY_BYTES;
  }
}

/** ROOT's TDatime packing: years since 1995, month, day, hour, minute, second in one 32-bit word. */
function datime(date: Date): number {
  return (((date.getFullYear() - 1995) << 26) | ((date.getMonth() + 1) << 22) | (date.getDate() << 17) | (date.getHours() << 12) | (date.getMinutes() << 6) | date.getSeconds()) >>> 0;
}
