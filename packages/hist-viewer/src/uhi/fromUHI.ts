import { FacilityError } from '@afkit/core';
import type { Axis } from '../axes/Axis.ts';
import { BooleanAxis } from '../axes/BooleanAxis.ts';
import { CategoryAxis } from '../axes/CategoryAxis.ts';
import { IntegerAxis } from '../axes/IntegerAxis.ts';
import { RegularAxis } from '../axes/RegularAxis.ts';
import { VariableAxis } from '../axes/VariableAxis.ts';
import { Histogram } from '../Histogram.ts';
import { STORAGE_FIELDS, Storage } from '../storage/Storage.ts';
import type { StorageField } from '../storage/Storage.ts';
import type { NDArray, UHIAxis, UHIHistogram } from './UHITypes.ts';
import { isExactArray, type ExactArray } from './narrowestExact.ts';
import { parseUHIText } from './uhiText.ts';
import { validateUHIFile, validateUHIHistogram } from './validateUHI.ts';

/** Options of {@link fromUHI}. */
export interface FromUHIOptions {
  /**
   * The document was already validated against UHI's schema (a facility's merged state, which it validated on
   * publish and wrote itself): skip the schema pass, which costs ~10 ms on a 250,000-bin 2D state. Shapes are still checked.
   */
  readonly validated?: boolean;
}

/** Reads one UHI histogram (the object `uhi.io.json.to_dict(h)` returns), validating it against UHI's schema first. */
export function fromUHI(json: unknown, where?: string, options: FromUHIOptions = {}): Histogram {
  if (!options.validated) validateUHIHistogram(json, where);
  return build(json as UHIHistogram, where);
}

/** Reads a UHI JSON file (`{name: histogram, …}`, the text hist writes; NaN/Infinity allowed) into named histograms. */
export function readUHIFile(textOrDocument: string | unknown, where?: string): Map<string, Histogram> {
  let doc: unknown = textOrDocument;
  if (typeof textOrDocument === 'string') {
    try {
      doc = parseUHIText(textOrDocument);
    } catch (cause) {
      throw new FacilityError('invalid-input', `Not JSON: ${(cause as Error).message}`, { where, cause });
    }
  }
  validateUHIFile(doc, where);
  const out = new Map<string, Histogram>();
  for (const [name, h] of Object.entries(doc as Record<string, UHIHistogram>)) out.set(name, build(h, where ? `${where}#${name}` : name));
  return out;
}

function build(json: UHIHistogram, where: string | undefined): Histogram {
  const axes = json.axes.map(readAxis);
  const extents = axes.map((a) => a.extent);
  const size = extents.reduce((a, b) => a * b, 1);
  const s = json.storage as Record<string, unknown> & { type: keyof typeof STORAGE_FIELDS };
  const arrays: Partial<Record<StorageField, Float64Array>> = {};
  const index = s.index;
  if (typeof index === 'string') throw unsupportedPath('index', where);
  for (const field of STORAGE_FIELDS[s.type]) {
    const data = s[field];
    if (data === undefined) continue; // empty storage: only "type"
    if (typeof data === 'string') throw unsupportedPath(field, where);
    arrays[field] = index ? sparse(index as number[][], data as NDArray, extents, field, where) : dense(data as NDArray | ExactArray, extents, field, where);
  }
  return Histogram.fromStorage(axes, new Storage(s.type, size, arrays), { metadata: json.metadata, writerInfo: json.writer_info });
}

function readAxis(json: UHIAxis): Axis {
  const options = { metadata: json.metadata, writerInfo: json.writer_info };
  const bh = json.writer_info?.['boost-histogram'];
  switch (json.type) {
    case 'regular': {
      const flow = { underflow: json.underflow, overflow: json.overflow, circular: json.circular };
      return bh?.orig_type === 'Integer' ? new IntegerAxis(json.lower, json.upper, { ...options, ...flow }) : new RegularAxis(json.bins, json.lower, json.upper, { ...options, ...flow });
    }
    case 'variable':
      if (typeof json.edges === 'string') throw unsupportedPath('edges', undefined);
      return new VariableAxis(json.edges, { ...options, underflow: json.underflow, overflow: json.overflow, circular: json.circular });
    case 'category_int':
      return CategoryAxis.int(json.categories, { ...options, flow: json.flow, growth: bh?.growth === true });
    case 'category_str':
      return CategoryAxis.str(json.categories, { ...options, flow: json.flow, growth: bh?.growth === true });
    case 'boolean':
      return new BooleanAxis(options);
  }
}

/**
 * Flattens a nested array row-major, checking its shape against the axes (flow bins included). A flat typed array
 * (a live stream's binary state, see `toUHI`'s `flatStorage`) is taken as it is, once its length is checked.
 */
function dense(data: NDArray | ExactArray, extents: readonly number[], field: string, where: string | undefined): Float64Array {
  const size = extents.reduce((a, b) => a * b, 1);
  if (isExactArray(data)) {
    if (data.length !== size) throw shapeError(field, `holds ${data.length} numbers where the axes have ${size} bins (flow included)`, where);
    return data instanceof Float64Array ? data : new Float64Array(data);
  }
  const out = new Float64Array(size);
  // a 0-dimensional histogram holds its single bin as [x]
  if (extents.length === 0) {
    if (data.length !== 1 || typeof data[0] !== 'number') throw shapeError(field, 'a histogram without axes holds one number', where);
    out[0] = data[0];
    return out;
  }
  const last = extents.length - 1;
  // Live 2D states hold hundreds of thousands of bins: the walk allocates nothing per bin and keeps its write
  // position in a local (a captured counter costs a context store per bin, ~4x the whole walk), and names the
  // failing element's path only once something is wrong.
  const indices: number[] = [];
  const fail = (problem: string): FacilityError => shapeError(field, `${indices.map((i) => `[${i}]`).join('') || 'the top level'} ${problem}`, where);
  /** Copies `node` (at `depth`) to out from `at`; returns where the next node goes. */
  const walk = (node: NDArray | number, depth: number, at: number): number => {
    const expected = extents[depth]!;
    if (typeof node === 'number' || node.length !== expected) {
      throw fail(`has ${typeof node === 'number' ? 'a number' : `${node.length} entries`} where axis ${depth} has ${expected} bins (flow included)`);
    }
    if (depth === last) {
      for (let i = 0; i < expected; i++) {
        const v = node[i];
        if (typeof v !== 'number') {
          indices.push(i);
          throw fail(`nests deeper than the ${extents.length} axes`);
        }
        out[at++] = v;
      }
      return at;
    }
    for (let i = 0; i < expected; i++) {
      indices.push(i);
      at = walk(node[i]!, depth + 1, at);
      indices.pop();
    }
    return at;
  };
  walk(data, 0, 0);
  return out;
}

function sparse(index: readonly (readonly number[])[], data: NDArray, extents: readonly number[], field: string, where: string | undefined): Float64Array {
  if (index.length !== extents.length) throw shapeError(field, `the sparse index has ${index.length} rows for ${extents.length} axes`, where);
  const out = new Float64Array(extents.reduce((a, b) => a * b, 1));
  for (let k = 0; k < data.length; k++) {
    let flat = 0;
    for (let d = 0; d < extents.length; d++) {
      const i = index[d]![k];
      if (i === undefined || i < 0 || i >= extents[d]!) throw shapeError(field, `sparse entry ${k} has index ${i} on axis ${d}, which has ${extents[d]} bins`, where);
      flat = flat * extents[d]! + i;
    }
    const v = data[k];
    if (typeof v !== 'number') throw shapeError(field, `sparse entry ${k} is not a number`, where);
    out[flat] = v;
  }
  return out;
}

function shapeError(field: string, problem: string, where: string | undefined): FacilityError {
  return new FacilityError('invalid-input', `UHI storage "${field}" does not fit the axes: ${problem}.`, { where });
}

function unsupportedPath(field: string, where: string | undefined): FacilityError {
  return new FacilityError('unsupported', `UHI "${field}" refers to external data by path; afkit reads only JSON with the data inline.`, { where });
}
