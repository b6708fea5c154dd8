import type { Schema } from 'apache-arrow';
import type { TableFormat } from '../TableSource.ts';
import { ArrowFileWriter } from './ArrowFileWriter.ts';
import { ParquetFileWriter } from './ParquetFileWriter.ts';
import { RootFileWriter } from './RootFileWriter.ts';
import type { TableWriter } from './TableWriter.ts';

/** Opens a writer of `format` at `path`; ROOT output goes to the TTree `tree` (default `Friends`). */
export async function openTableWriter(format: TableFormat, path: string, schema: Schema, { tree }: { tree?: string } = {}): Promise<TableWriter> {
  if (format === 'root') return RootFileWriter.open(path, schema, tree === undefined ? {} : { tree });
  return format === 'parquet' ? new ParquetFileWriter(path, schema) : ArrowFileWriter.open(path, schema);
}
