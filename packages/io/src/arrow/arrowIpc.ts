import type { RecordBatch } from 'apache-arrow';
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
