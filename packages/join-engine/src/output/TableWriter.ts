import type { RecordBatch } from 'apache-arrow';
import type { OutputFormat } from '../plan/JoinPlan.ts';

/** A file being written batch by batch. */
export interface TableWriter {
  write(batch: RecordBatch): Promise<void>;
  /** Finishes the file; the writer cannot be used afterwards. */
  close(): Promise<void>;
}

/** File name extension of each output format. */
export const EXTENSIONS: Readonly<Record<OutputFormat, string>> = { arrow: 'arrow', parquet: 'parquet', root: 'root' };
