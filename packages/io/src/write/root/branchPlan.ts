import { FacilityError } from '@afkit/core';
import { DataType, Precision } from 'apache-arrow';
import type { Field, Schema } from 'apache-arrow';
import type { LeafClassName } from './streamerInfos.ts';

/** How values of one branch are stored: the TLeaf class, the type letter of the branch title, and the byte width. */
export interface LeafType {
  readonly leafClass: LeafClassName;
  /** ROOT's leaf-list letter: upper case signed, lower case unsigned (`I`, `i`, `l`, `F`, `O`...). */
  readonly letter: string;
  readonly size: 1 | 2 | 4 | 8;
  readonly unsigned: boolean;
}

const leaf = (leafClass: LeafClassName, letter: string, size: LeafType['size']): LeafType => ({ leafClass, letter, size, unsigned: letter !== letter.toUpperCase() });

/** Bool_t, as one byte per value. */
export const BOOL_LEAF = leaf('TLeafO', 'O', 1);
/** The `n<name>` counter of a jagged branch: UInt_t, as in CMS NanoAOD. */
export const COUNTER_LEAF = leaf('TLeafI', 'i', 4);

/** What one Arrow column becomes: its value branch and, when needed, a counter branch and a validity branch. */
export interface ColumnPlan {
  readonly field: Field;
  /** Leaf of the values (list items for jagged columns). */
  readonly leaf: LeafType;
  /** Arrow half floats, widened to Float_t. */
  readonly half: boolean;
  /** Name of the counter branch of a jagged column (`n<name>`). */
  readonly counter?: string;
  /** Name of the validity branch (`<name>_valid`) of a nullable column. */
  readonly valid?: string;
}

/**
 * Maps an output schema to ROOT branches, refusing (before any file exists) what a flat ROOT TTree cannot hold:
 * strings, nested lists, structs, dictionaries, temporal and decimal types, names that break ROOT's leaf-list syntax,
 * and generated branch names that collide with other columns.
 */
export function planBranches(schema: Schema, path: string): ColumnPlan[] {
  const plans = schema.fields.map((field) => planColumn(field, path));
  const taken = new Map<string, string>();
  for (const plan of plans) {
    for (const name of [plan.counter, plan.field.name, plan.valid]) {
      if (name === undefined) continue;
      const owner = taken.get(name);
      if (owner !== undefined) {
        throw new FacilityError('invalid-input', `${path}: column ${plan.field.name} needs a ROOT branch named ${name}, which column ${owner} already uses`, {
          where: path,
          hint: 'Rename one of the columns (friend column "as" or "prefix" in the join plan).',
          details: { column: plan.field.name, branch: name },
        });
      }
      taken.set(name, plan.field.name);
    }
  }
  return plans;
}

function planColumn(field: Field, path: string): ColumnPlan {
  if (!field.name || /[[\]/:]/.test(field.name)) {
    throw unsupported(path, field, `its name "${field.name}" cannot be a ROOT branch name (empty, or holding "[", "]", "/" or ":")`);
  }
  const valid = field.nullable ? `${field.name}_valid` : undefined;
  if (DataType.isList(field.type)) {
    const item = field.type.valueType;
    const itemLeaf = flatLeaf(item);
    if (!itemLeaf) throw unsupported(path, field, `it is a list of ${String(item)}; ROOT output holds lists of numbers or booleans only`);
    return { field, leaf: itemLeaf, half: isHalf(item), counter: `n${field.name}`, valid };
  }
  const flat = flatLeaf(field.type);
  if (!flat) throw unsupported(path, field, `its type ${String(field.type)} has no ROOT leaf type; ROOT output holds numbers, booleans and lists of them`);
  return { field, leaf: flat, half: isHalf(field.type), valid };
}

function flatLeaf(type: DataType): LeafType | undefined {
  if (DataType.isBool(type)) return BOOL_LEAF;
  if (DataType.isFloat(type)) return type.precision === Precision.DOUBLE ? leaf('TLeafD', 'D', 8) : leaf('TLeafF', 'F', 4);
  if (!DataType.isInt(type)) return undefined;
  const letters = { 8: ['TLeafB', 'B'], 16: ['TLeafS', 'S'], 32: ['TLeafI', 'I'], 64: ['TLeafL', 'L'] } as const;
  const [leafClass, letter] = letters[type.bitWidth];
  return leaf(leafClass, type.isSigned ? letter : letter.toLowerCase(), (type.bitWidth / 8) as LeafType['size']);
}

function isHalf(type: DataType): boolean {
  return DataType.isFloat(type) && type.precision === Precision.HALF;
}

function unsupported(path: string, field: Field, why: string): FacilityError {
  return new FacilityError('unsupported', `${path}: column ${field.name} cannot be written to ROOT: ${why}`, {
    where: path,
    hint: 'Leave the column out of the join, or write "arrow" or "parquet" output.',
    details: { column: field.name, type: String(field.type) },
  });
}
