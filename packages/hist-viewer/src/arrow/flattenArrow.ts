import { FacilityError } from '@afkit/core';
import { makeVector, Type } from 'apache-arrow';
import type { Data, Vector } from 'apache-arrow';

/** What a fill needs from Arrow: one array per axis, and per-entry weights/samples, nulls removed. */
export interface FlatColumns {
  readonly columns: (Float64Array | string[])[];
  readonly weight: Float64Array | number | undefined;
  readonly sample: Float64Array | undefined;
}

/** Per row: either one value, or (jagged) a run of values given by offsets. */
interface Materialized {
  readonly name: string;
  readonly values: Float64Array | string[];
  /** 0 where the value is null. */
  readonly valid: Uint8Array;
  /** rows + 1 offsets into values, for List columns. */
  readonly offsets: Int32Array | undefined;
}

/**
 * Turns Arrow columns into flat fill arrays. Jagged `List<primitive>` columns are filled flat; per-event
 * columns (other axes, weights, samples) are broadcast to each element of the event, as awkward/coffea
 * users expect. Null events and null elements are skipped; 64-bit integers become Numbers.
 */
export function flattenArrow(columns: readonly Vector[], weight?: Vector | ArrayLike<number> | number, sample?: Vector | ArrayLike<number>): FlatColumns {
  const rows = columns[0]?.length ?? 0;
  const all: Materialized[] = columns.map((c, i) => materialize(c, `column ${i}`));
  const w = weight === undefined || typeof weight === 'number' ? undefined : toMaterialized(weight, 'weight');
  const s = sample === undefined ? undefined : toMaterialized(sample, 'sample');
  const every = [...all, ...(w ? [w] : []), ...(s ? [s] : [])];
  for (const m of every) {
    const length = m.offsets ? m.offsets.length - 1 : m.values.length;
    if (length !== rows) throw new FacilityError('invalid-input', `The ${m.name} has ${length} rows; column 0 has ${rows}.`);
  }
  const jagged = every.filter((m) => m.offsets);
  const counts = jaggedCounts(jagged, rows);
  const total = counts ? counts.reduce((a, b) => a + b, 0) : rows;

  // Entry e of the flat fill comes from row rowOf[e]; an entry survives only where every input is valid.
  const keep = new Uint8Array(total).fill(1);
  const rowOf = counts ? new Int32Array(total) : undefined;
  const rowStart = counts ? new Int32Array(rows) : undefined;
  if (counts && rowOf && rowStart) {
    for (let r = 0, e = 0; r < rows; r++) {
      rowStart[r] = e;
      for (let j = 0; j < counts[r]!; j++) rowOf[e++] = r;
    }
  }
  const at = (m: Materialized, e: number): number => {
    if (!rowOf) return e;
    const r = rowOf[e]!;
    return m.offsets ? m.offsets[r]! + (e - rowStart![r]!) : r;
  };
  for (const m of every) {
    for (let e = 0; e < total; e++) if (!m.valid[at(m, e)]) keep[e] = 0;
  }
  let kept = 0;
  for (let e = 0; e < total; e++) kept += keep[e]!;
  const pick = (m: Materialized): Float64Array | string[] => {
    const out: Float64Array | string[] = m.values instanceof Float64Array ? new Float64Array(kept) : new Array<string>(kept);
    for (let e = 0, o = 0; e < total; e++) if (keep[e]) out[o++] = m.values[at(m, e)]!;
    return out;
  };
  const numeric = (m: Materialized): Float64Array => {
    const out = pick(m);
    if (!(out instanceof Float64Array)) throw new FacilityError('invalid-input', `The ${m.name} must be numeric.`);
    return out;
  };
  return {
    columns: all.map(pick),
    weight: typeof weight === 'number' ? weight : w ? numeric(w) : undefined,
    sample: s ? numeric(s) : undefined,
  };
}

/** Elements per row, checking that all jagged columns agree; undefined when nothing is jagged. */
function jaggedCounts(jagged: readonly Materialized[], rows: number): Int32Array | undefined {
  if (jagged.length === 0) return undefined;
  const counts = new Int32Array(rows);
  const first = jagged[0]!;
  for (let r = 0; r < rows; r++) counts[r] = first.offsets![r + 1]! - first.offsets![r]!;
  for (const m of jagged.slice(1)) {
    for (let r = 0; r < rows; r++) {
      const n = m.offsets![r + 1]! - m.offsets![r]!;
      if (n !== counts[r]) {
        throw new FacilityError('invalid-input', `Jagged columns disagree in row ${r}: the ${first.name} has ${counts[r]} elements, the ${m.name} has ${n}.`);
      }
    }
  }
  return counts;
}

function toMaterialized(input: Vector | ArrayLike<number>, name: string): Materialized {
  if (isVector(input)) return materialize(input, name);
  return { name, values: Float64Array.from(input), valid: new Uint8Array(input.length).fill(1), offsets: undefined };
}

/** True for an Arrow Vector from any copy of apache-arrow (the JupyterLab and webview bundles may each have one). */
export function isVector(value: unknown): value is Vector {
  return typeof value === 'object' && value !== null && Array.isArray((value as Vector).data) && 'type' in value && typeof (value as Vector).get === 'function';
}

function materialize(vector: Vector, name: string): Materialized {
  const typeId = vector.type.typeId as Type;
  if (typeId === Type.List || typeId === Type.LargeList || typeId === Type.FixedSizeList) return materializeList(vector, name);
  const values = isNumericType(typeId) ? new Float64Array(vector.length) : new Array<string>(vector.length);
  const valid = new Uint8Array(vector.length);
  let at = 0;
  for (const data of vector.data) {
    readData(data, values, valid, at, 0, data.length, name);
    at += data.length;
  }
  return { name, values, valid, offsets: undefined };
}

function materializeList(vector: Vector, name: string): Materialized {
  const childType = (vector.type as unknown as { children: { type: { typeId: Type } }[] }).children[0]!.type.typeId;
  if (!isNumericType(childType) && childType !== Type.Utf8 && childType !== Type.LargeUtf8 && childType !== Type.Dictionary) {
    throw new FacilityError('invalid-input', `The ${name} is a list of ${Type[childType]}; only lists of primitive values can be filled.`);
  }
  // Null lists contribute no elements, so offsets index the values read here, not Arrow's buffers.
  const offsets = new Int32Array(vector.length + 1);
  let r = 0;
  for (const data of vector.data) for (let i = 0; i < data.length; i++, r++) offsets[r + 1] = offsets[r]! + listLength(data, i);
  const total = offsets[vector.length]!;
  const values = isNumericType(childType) ? new Float64Array(total) : new Array<string>(total);
  const valid = new Uint8Array(total);
  r = 0;
  for (const data of vector.data) {
    for (let i = 0; i < data.length; i++, r++) {
      const n = offsets[r + 1]! - offsets[r]!;
      const from = listStart(data, i);
      if (n > 0) readData(data.children[0]!, values, valid, offsets[r]!, from, from + n, name);
    }
  }
  return { name, values, valid, offsets };
}

function listLength(data: Data, i: number): number {
  if (!data.getValid(i)) return 0;
  if (data.typeId === Type.FixedSizeList) return (data.type as unknown as { listSize: number }).listSize;
  const off = data.valueOffsets as ArrayLike<number | bigint>;
  return Number(off[i + 1]) - Number(off[i]);
}

function listStart(data: Data, i: number): number {
  if (data.typeId === Type.FixedSizeList) return i * (data.type as unknown as { listSize: number }).listSize;
  return Number((data.valueOffsets as ArrayLike<number | bigint>)[i]);
}

function isNumericType(typeId: Type): boolean {
  return typeId === Type.Int || typeId === Type.Float || typeId === Type.Bool;
}

/** Copies elements [from, to) of one Arrow chunk into values/valid starting at `at`. */
function readData(data: Data, values: Float64Array | string[], valid: Uint8Array, at: number, from: number, to: number, name: string): void {
  const typeId = data.typeId as Type;
  const nullable = data.nullCount > 0;
  const fast = (typeId === Type.Int || (typeId === Type.Float && (data.type as unknown as { precision: number }).precision !== 0)) && values instanceof Float64Array;
  if (fast) {
    const src = data.values as ArrayLike<number | bigint>;
    if (typeof src[0] === 'bigint') for (let i = from; i < to; i++) values[at + i - from] = Number(src[i] as bigint);
    else for (let i = from; i < to; i++) values[at + i - from] = src[i] as number;
  } else {
    const supported = isNumericType(typeId) || typeId === Type.Utf8 || typeId === Type.LargeUtf8 || typeId === Type.Dictionary;
    if (!supported) throw new FacilityError('invalid-input', `The ${name} has Arrow type ${String(data.type)}, which cannot be histogrammed.`);
    const vector = makeVector(data);
    for (let i = from; i < to; i++) {
      const v = vector.get(i) as unknown;
      if (values instanceof Float64Array) values[at + i - from] = Number(v);
      else values[at + i - from] = v === null ? '' : String(v);
    }
  }
  for (let i = from; i < to; i++) valid[at + i - from] = !nullable || data.getValid(i) ? 1 : 0;
}
