import { FacilityError } from '@afkit/core';
import type { Schema } from 'apache-arrow';
import type { OutputFormat } from '../plan/JoinPlan.ts';
import { ArrowFileWriter } from './ArrowFileWriter.ts';
import { ParquetFileWriter } from './ParquetFileWriter.ts';
import { RootFileWriter } from './RootFileWriter.ts';
import type { TableWriter } from './TableWriter.ts';

/** Fails with an `unsupported` error, before any work, for an output format this build cannot write. */
export function requireWritable(format: OutputFormat): void {
  if (!WRITABLE.has(format)) {
    throw new FacilityError('unsupported', `join output format "${String(format)}" cannot be written; use "arrow", "parquet" or "root"`, { where: 'plan.output.format' });
  }
}

const WRITABLE: ReadonlySet<OutputFormat> = new Set(['arrow', 'parquet', 'root']);

/** Opens the writer for an output format; `tree` names the TTree of ROOT output (`Friends` when not given). */
export async function openWriter(format: OutputFormat, path: string, schema: Schema, tree?: string): Promise<TableWriter> {
  requireWritable(format);
  if (format === 'root') return RootFileWriter.open(path, schema, tree === undefined ? {} : { tree });
  return format === 'parquet' ? new ParquetFileWriter(path, schema) : new ArrowFileWriter(path, schema);
}
