import type { Schema } from 'apache-arrow';
import type { JoinPlan } from '../plan/JoinPlan.ts';
import { ArrowFileWriter } from './ArrowFileWriter.ts';
import { ParquetFileWriter } from './ParquetFileWriter.ts';
import { RootFileWriter } from './RootFileWriter.ts';
import type { TableWriter } from './TableWriter.ts';

/** Opens the writer of a plan's output (its format was checked when the plan was parsed); ROOT output's TTree is `output.tree`, else `Friends`. */
export async function openWriter(output: JoinPlan['output'], path: string, schema: Schema): Promise<TableWriter> {
  if (output.format === 'root') return RootFileWriter.open(path, schema, output.tree === undefined ? {} : { tree: output.tree });
  return output.format === 'parquet' ? new ParquetFileWriter(path, schema) : new ArrowFileWriter(path, schema);
}
