import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { RecordBatchFileWriter } from 'apache-arrow';
import type { RecordBatch, Schema } from 'apache-arrow';
import type { TableWriter } from './TableWriter.ts';

/** Streams record batches into an Arrow IPC file, batch by batch, without holding the file in memory. */
export class ArrowFileWriter implements TableWriter {
  private readonly writer = new RecordBatchFileWriter();
  private readonly done: Promise<void>;
  private wrote = false;

  constructor(path: string, private readonly schema: Schema) {
    const out = createWriteStream(path);
    this.writer.toNodeStream().pipe(out);
    this.done = finished(out);
  }

  async write(batch: RecordBatch): Promise<void> {
    this.writer.write(batch);
    this.wrote = true;
  }

  async close(): Promise<void> {
    // An empty output still needs its schema in the file.
    if (!this.wrote) this.writer.reset(undefined, this.schema);
    this.writer.finish();
    await this.done;
  }
}
