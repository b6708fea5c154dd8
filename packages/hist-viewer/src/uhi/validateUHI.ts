import { FacilityError } from '@afkit/core';
import validateUHIFileGenerated from './validateUHIFile.generated.ts';

interface SchemaError {
  readonly instancePath: string;
  readonly message?: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
}
type Validator = ((data: unknown) => boolean) & { errors?: SchemaError[] | null };
const validateFile = validateUHIFileGenerated as unknown as Validator;

/** Checks a UHI file (`{name: histogram, …}`) against UHI's JSON schema; throws `invalid-input` saying where and why. */
export function validateUHIFile(doc: unknown, where?: string): void {
  if (validateFile(doc)) return;
  throw new FacilityError('invalid-input', `Invalid UHI JSON: ${describeErrors(validateFile.errors ?? [], '')}`, {
    where,
    hint: 'The document must follow https://github.com/scikit-hep/uhi (histogram.schema.json), as hist/boost-histogram write it.',
    details: validateFile.errors,
  });
}

/** Checks one histogram (what `uhi.io.json.to_dict(h)` returns) against the schema. */
export function validateUHIHistogram(doc: unknown, where?: string): void {
  if (validateFile({ histogram: doc })) return;
  throw new FacilityError('invalid-input', `Invalid UHI histogram: ${describeErrors(validateFile.errors ?? [], '/histogram')}`, {
    where,
    hint: 'The histogram must follow https://github.com/scikit-hep/uhi (histogram.schema.json), as `uhi.io.json.to_dict(h)` writes it.',
    details: validateFile.errors,
  });
}

/**
 * One line from ajv's errors, like uhi's own "data.one must contain ['axes'] properties": the deepest
 * failing place, what is wrong there, and the alternatives tried when it is a oneOf.
 */
function describeErrors(errors: readonly SchemaError[], strip: string): string {
  if (errors.length === 0) return 'it does not match the schema';
  const depth = (e: SchemaError): number => e.instancePath.split('/').length;
  const deepest = Math.max(...errors.map(depth));
  const here = errors.filter((e) => depth(e) === deepest && e.keyword !== 'oneOf');
  const chosen = here.length ? here : errors.filter((e) => depth(e) === deepest);
  const path = chosen[0]!.instancePath.slice(strip.length).split('/').filter(Boolean).join('.');
  const reasons = [...new Set(chosen.map((e) => e.message ?? e.keyword))].join(', or ');
  return `${path ? `data.${path}` : 'data'} ${reasons}`;
}
