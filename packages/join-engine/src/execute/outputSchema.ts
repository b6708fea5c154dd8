import { FacilityError } from '@afkit/core';
import { Field, Schema, Uint32, Uint64 } from 'apache-arrow';
import type { DataType } from 'apache-arrow';
import type { FriendDataset, JoinPlan } from '../plan/JoinPlan.ts';

/** A friend column as read and as written. */
export interface ColumnMapping {
  readonly from: string;
  readonly to: string;
  readonly type: DataType;
}

/** The output name of each column a friend brings. */
export function friendColumnNames(friend: FriendDataset): { from: string; to: string }[] {
  return friend.columns.map((c) => ({ from: c.name, to: c.as ?? `${friend.prefix ?? ''}${c.name}` }));
}

/** Resolves column names to types, failing with the file and the column that is missing. */
export function mapColumns(names: readonly { from: string; to: string }[], schema: Schema, file: string): ColumnMapping[] {
  return names.map(({ from, to }) => {
    const field = schema.fields.find((f) => f.name === from);
    if (!field) throw new FacilityError('invalid-input', `${file} lacks column ${from}`, { where: file, details: { file, column: from } });
    return { from, to, type: field.type };
  });
}

/**
 * The schema of a friend's output files: the join keys (normalised types, never null), then the requested
 * primary columns, then the friend's columns (nullable: unmatched rows hold nulls).
 */
export function outputSchema(plan: JoinPlan, primary: readonly ColumnMapping[], friend: readonly ColumnMapping[]): Schema {
  const keys = plan.keys.map((k) => new Field(k.name, k.type === 'uint32' ? new Uint32() : new Uint64(), false));
  const rest = [...primary, ...friend].map((c) => new Field(c.to, c.type, true));
  return new Schema([...keys, ...rest]);
}
