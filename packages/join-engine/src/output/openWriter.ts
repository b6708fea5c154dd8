import { FacilityError } from '@afkit/core';
import type { Schema } from 'apache-arrow';
import type { OutputFormat } from '../plan/JoinPlan.ts';
import { ArrowFileWriter } from './ArrowFileWriter.ts';
import { ParquetFileWriter } from './ParquetFileWriter.ts';
import type { TableWriter } from './TableWriter.ts';

/** Opens the writer for an output format. */
export async function openWriter(format: OutputFormat, path: string, schema: Schema, tree: string): Promise<TableWriter> {
  void tree;
  switch (format) {
    case 'arrow':
      return new ArrowFileWriter(path, schema);
    case 'parquet':
      return new ParquetFileWriter(path, schema);
    default:
      throw new FacilityError('unsupported', `join output format "${format}" is not available yet; use "arrow"`, { where: path });
  }
}
