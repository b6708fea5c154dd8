import type { RecordBatch } from 'apache-arrow';
import type { TableFormat } from '../TableSource.ts';

/** A file being written batch by batch. */
export interface TableWriter {
  write(batch: RecordBatch): Promise<void>;
  /** Finishes the file; the writer cannot be used afterwards. */
  close(): Promise<void>;
}

/** File name extension of each format afkit writes. */
export const EXTENSIONS: Readonly<Record<TableFormat, string>> = { arrow: 'arrow', parquet: 'parquet', root: 'root' };
