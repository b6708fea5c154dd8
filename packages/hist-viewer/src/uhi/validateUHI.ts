import { FacilityError } from '@afkit/core';
import { isExactArray } from './narrowestExact.ts';
import * as generated from './validateUHIFile.generated.ts';

interface SchemaError {
  readonly instancePath: string;
  readonly message?: string;
  readonly keyword: string;
}
type Validator = ((data: unknown) => boolean) & { errors?: SchemaError[] | null };
const validators = generated as unknown as Record<string, Validator | undefined>;
const validateFile = validators.validate!;

/** Checks a UHI file (`{name: histogram, …}`) against UHI's JSON schema; throws `invalid-input` saying where and why. */
export function validateUHIFile(doc: unknown, where?: string): void {
  const checked = isObject(doc) ? Object.fromEntries(Object.entries(doc).map(([name, h]) => [name, withCheckedArrays(h)])) : doc;
  if (validateFile(checked)) return;
  validateFile(doc);
  throw new FacilityError('invalid-input', `Invalid UHI JSON: ${explain(doc, validateFile.errors ?? [], '')}`, {
    where,
    hint: 'The document must follow https://github.com/scikit-hep/uhi (histogram.schema.json), as hist/boost-histogram write it.',
    details: validateFile.errors,
  });
}

/** Checks one histogram (what `uhi.io.json.to_dict(h)` returns) against the schema. */
export function validateUHIHistogram(doc: unknown, where?: string): void {
  if (validateFile({ histogram: withCheckedArrays(doc) })) return;
  const wrapped = { histogram: doc };
  validateFile(wrapped);
  throw new FacilityError('invalid-input', `Invalid UHI histogram: ${explain(wrapped, validateFile.errors ?? [], '/histogram')}`, {
    where,
    hint: 'The histogram must follow https://github.com/scikit-hep/uhi (histogram.schema.json), as `uhi.io.json.to_dict(h)` writes it.',
    details: validateFile.errors,
  });
}

/**
 * The histogram with each storage array that is a well-formed nested array of numbers (the schema's `ndarray`)
 * replaced by an empty one, which the schema accepts alike. The generated validator tries both branches of
 * `oneOf: [number, ndarray]` for every bin and allocates an error object for the failing one: ~10 ms for the
 * 250,000 bins of a live 2D state, against ~1 ms for this check. Arrays that fail it stay, so the validator
 * still reports them in its own words. A flat typed array (a live stream's binary state) passes alike: its length
 * is checked against the axes when it is read.
 */
function withCheckedArrays(doc: unknown): unknown {
  if (!isObject(doc) || !isObject(doc.storage)) return doc;
  const storage: Record<string, unknown> = { ...doc.storage };
  for (const [field, value] of Object.entries(storage)) if (field !== 'index' && (isExactArray(value) || isNumberNDArray(value))) storage[field] = [];
  return { ...doc, storage };
}

function isNumberNDArray(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (const item of value) if (typeof item !== 'number' && !isNumberNDArray(item)) return false;
  return true;
}

/**
 * One line saying what is wrong and where, like uhi's own "data.one must contain ['axes'] properties".
 * An axis or storage that declares its `type` is checked against that type's definition alone, so the
 * message is about what it lacks, not about the other types it is not.
 */
function explain(file: unknown, errors: readonly SchemaError[], strip: string): string {
  for (const [name, h] of Object.entries(isObject(file) ? file : {})) {
    if (!isObject(h)) continue;
    const parts: [string, unknown][] = [
      ...(Array.isArray(h.axes) ? h.axes.map((a, i): [string, unknown] => [`/${name}/axes/${i}`, a]) : []),
      [`/${name}/storage`, h.storage],
    ];
    for (const [path, part] of parts) {
      const kind = path.endsWith('storage') ? 'storage' : 'axis';
      const validate = isObject(part) && typeof part.type === 'string' ? validators[`${part.type}_${kind}`] : undefined;
      if (validate && !validate(part)) return describe((validate.errors ?? []).map((e) => ({ ...e, instancePath: path + e.instancePath })), strip);
    }
  }
  return describe(errors, strip);
}

/** The deepest failing place and what is wrong there (the alternatives tried, when it is a oneOf). */
function describe(errors: readonly SchemaError[], strip: string): string {
  if (errors.length === 0) return 'it does not match the schema';
  const depth = (e: SchemaError): number => e.instancePath.split('/').length;
  const deepest = Math.max(...errors.map(depth));
  const here = errors.filter((e) => depth(e) === deepest && e.keyword !== 'oneOf');
  const chosen = here.length ? here : errors.filter((e) => depth(e) === deepest);
  const path = chosen[0]!.instancePath.slice(strip.length).split('/').filter(Boolean).join('.');
  const reasons = [...new Set(chosen.map((e) => e.message ?? e.keyword))].join(', or ');
  return `${path ? `data.${path}` : 'data'} ${reasons}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
