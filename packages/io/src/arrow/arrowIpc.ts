import { RecordBatchFileWriter, RecordBatchStreamWriter, tableFromIPC } from 'apache-arrow';
import type { RecordBatch, Table } from 'apache-arrow';
import { asIoError } from '../ioError.ts';
import { ArrowFileWriter } from '../write/ArrowFileWriter.ts';

/** Arrow IPC flavour: `file` (random access, `.arrow`/`.feather`) or `stream` (what the bridge and HTTP move). */
export type ArrowIpcFormat = 'file' | 'stream';

/**
 * Writes record batches to an Arrow IPC file as they come, so a large read never sits whole in memory.
 * The schema is taken from the first batch; an empty input leaves an empty file and returns 0.
 */
export async function writeArrowIpc(
  path: string,
  batches: AsyncIterable<RecordBatch> | Iterable<RecordBatch>,
  options: { format?: ArrowIpcFormat } = {},
): Promise<number> {
  const writer = await ArrowFileWriter.open(path, undefined, options.format);
  let rows = 0;
  try {
    for await (const batch of batches) {
      await writer.write(batch);
      rows += batch.numRows;
    }
  } finally {
    await writer.close();
  }
  return rows;
}

/** Encodes record batches as Arrow IPC bytes (stream by default), chunk by chunk, for sending over a bridge or HTTP. */
export async function* encodeArrowIpc(
  batches: AsyncIterable<RecordBatch> | Iterable<RecordBatch>,
  options: { format?: ArrowIpcFormat } = {},
): AsyncGenerator<Uint8Array> {
  const writer = options.format === 'file' ? new RecordBatchFileWriter() : new RecordBatchStreamWriter();
  const feed = (async () => {
    try {
      for await (const batch of batches) writer.write(batch);
    } finally {
      writer.finish();
    }
  })();
  for await (const chunk of writer as AsyncIterable<Uint8Array>) yield chunk;
  await feed;
}

/** Decodes Arrow IPC bytes (file or stream) into a Table; corrupt bytes are a FacilityError naming `where`. */
export function readArrowIpc(bytes: Uint8Array, where = 'Arrow IPC bytes'): Table {
  try {
    return tableFromIPC(bytes);
  } catch (error) {
    throw asIoError(error, where, 'is not valid Arrow IPC');
  }
}
