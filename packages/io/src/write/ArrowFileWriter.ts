import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { RecordBatchFileWriter, RecordBatchStreamWriter } from 'apache-arrow';
import type { RecordBatch, Schema } from 'apache-arrow';
import type { ArrowIpcFormat } from '../arrow/arrowIpc.ts';
import { ioError } from '../ioError.ts';
import type { TableWriter } from './TableWriter.ts';

const WRITE_HINT = 'Check that the output folder is writable and its disk has space left.';

/** apache-arrow's writers, telling how many bytes they have queued so far (their `_position`). */
class CountingFileWriter extends RecordBatchFileWriter {
  get queued(): number {
    return this._position;
  }
}
class CountingStreamWriter extends RecordBatchStreamWriter {
  get queued(): number {
    return this._position;
  }
}

/** Bytes written to the file but not yet taken by the disk, beyond which `write` waits. */
const MAX_PENDING = 64 * 1024 * 1024;

/**
 * Writes record batches into an Arrow IPC file (or stream) batch by batch. The caller may run ahead of the disk, but
 * `write` waits while more than {@link MAX_PENDING} bytes are still on their way: memory stays bounded however slow the
 * disk (apache-arrow's own stream queues everything the disk has not taken yet, which on a network file system can be
 * the whole output).
 */
export class ArrowFileWriter implements TableWriter {
  /** Bytes taken from the writer so far. */
  private taken = 0;
  private wrote = false;
  /** Writes under way, oldest first. */
  private readonly pending: { readonly done: Promise<void>; readonly bytes: number }[] = [];
  private pendingBytes = 0;
  private failure: unknown;
  private readonly chunks: AsyncIterator<Uint8Array>;

  private constructor(
    private readonly path: string,
    private readonly handle: FileHandle,
    private readonly writer: CountingFileWriter | CountingStreamWriter,
    private readonly schema: Schema | undefined,
  ) {
    this.chunks = writer[Symbol.asyncIterator]();
  }

  /** Creates (or truncates) `path`; without a schema, the first batch's is used and an empty input leaves an empty file. */
  static async open(path: string, schema?: Schema, format: ArrowIpcFormat = 'file'): Promise<ArrowFileWriter> {
    const writer = format === 'stream' ? new CountingStreamWriter() : new CountingFileWriter();
    return new ArrowFileWriter(path, await open(path, 'w'), writer, schema);
  }

  async write(batch: RecordBatch): Promise<void> {
    this.throwIfFailed();
    this.writer.write(batch);
    this.wrote = true;
    await this.send(false);
    while (this.pendingBytes > MAX_PENDING) await this.settleOldest();
    this.throwIfFailed();
  }

  async close(): Promise<void> {
    try {
      this.throwIfFailed();
      // An empty output still needs its schema in the file.
      if (!this.wrote && this.schema) this.writer.reset(undefined, this.schema);
      this.writer.finish();
      await this.send(true);
      while (this.pending.length > 0) await this.settleOldest();
      this.throwIfFailed();
    } finally {
      await this.handle.close();
    }
  }

  /**
   * Starts writing the bytes the writer has queued so far, after the writes under way; with `all`, every byte up to its
   * end (`finish` ends its queue, and also sets its count back to 0, after queueing the footer).
   */
  private async send(all: boolean): Promise<void> {
    const chunks: Uint8Array[] = [];
    let bytes = 0;
    while (all || this.taken + bytes < this.writer.queued) {
      const next = await this.chunks.next();
      if (next.done) break;
      chunks.push(next.value);
      bytes += next.value.byteLength;
    }
    if (bytes === 0) return;
    // In order, one after another (the file may be a pipe); none after one that failed.
    const done = (this.pending.at(-1)?.done ?? Promise.resolve()).then(() => this.writeOut(chunks, bytes));
    done.catch((error: unknown) => (this.failure ??= error));
    this.pending.push({ done, bytes });
    this.pendingBytes += bytes;
    this.taken += bytes;
  }

  private async writeOut(chunks: Uint8Array[], bytes: number): Promise<void> {
    let written: number;
    try {
      written = (await this.handle.writev(chunks)).bytesWritten;
    } catch (error) {
      throw ioError('backend', this.path, `could not be written (${(error as Error).message})`, WRITE_HINT, error);
    }
    if (written !== bytes) throw ioError('backend', this.path, `could not be written: the disk took ${written} of ${bytes} bytes`, WRITE_HINT);
  }

  private async settleOldest(): Promise<void> {
    const oldest = this.pending.shift()!;
    this.pendingBytes -= oldest.bytes;
    await oldest.done.catch(() => undefined);
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }
}
