import { FacilityError } from '@afkit/core';
import type { Schema } from 'apache-arrow';
import type { OutputFormat } from '../plan/JoinPlan.ts';
import { ArrowFileWriter } from './ArrowFileWriter.ts';
import { ParquetFileWriter } from './ParquetFileWriter.ts';
import type { TableWriter } from './TableWriter.ts';

/** Fails with an `unsupported` error, before any work, for an output format this build cannot write. */
export function requireWritable(format: OutputFormat): void {
  if (format === 'root') {
    throw new FacilityError('unsupported', 'join output format "root" is not available yet; use "arrow" or "parquet"', { where: 'plan.output.format' });
  }
}

/** Opens the writer for an output format. */
export async function openWriter(format: OutputFormat, path: string, schema: Schema): Promise<TableWriter> {
  requireWritable(format);
  return format === 'parquet' ? new ParquetFileWriter(path, schema) : new ArrowFileWriter(path, schema);
}
