/*
 * UHI files written by Python's json module may hold NaN, Infinity and -Infinity (profile variances of
 * empty bins do), which JSON.parse refuses; -0.0 also appears. These read and write them as Python does.
 */

const NAN = '\u0000NaN';
const POS_INF = '\u0000Infinity';
const NEG_INF = '\u0000-Infinity';
const NEG_ZERO = '\u0000-0';
const TOKENS: Record<string, string> = { [NAN]: 'NaN', [POS_INF]: 'Infinity', [NEG_INF]: '-Infinity', [NEG_ZERO]: '-0.0' };

/** JSON.parse that also accepts Python's bare NaN / Infinity / -Infinity numbers. */
export function parseUHIText(text: string): unknown {
  // Most texts are plain JSON: the native parser without a reviver is several times faster than the rewrite below.
  try {
    return JSON.parse(text);
  } catch {
    return parseWithNonFinite(text);
  }
}

function parseWithNonFinite(text: string): unknown {
  let out = '';
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === 'N' && text.startsWith('NaN', i)) [out, last, i] = [out + text.slice(last, i) + JSON.stringify(NAN), i + 3, i + 2];
    else if (ch === 'I' && text.startsWith('Infinity', i)) [out, last, i] = [out + text.slice(last, i) + JSON.stringify(POS_INF), i + 8, i + 7];
    else if (ch === '-' && text.startsWith('-Infinity', i)) [out, last, i] = [out + text.slice(last, i) + JSON.stringify(NEG_INF), i + 9, i + 8];
  }
  out += text.slice(last);
  return JSON.parse(out, (_key, value: unknown) => {
    if (value === NAN) return NaN;
    if (value === POS_INF) return Infinity;
    if (value === NEG_INF) return -Infinity;
    return value;
  });
}

/** JSON.stringify writing non-finite numbers and -0 as Python's json does, so hist reads them back unchanged. */
export function stringifyUHI(value: unknown, space?: number): string {
  const text = JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v !== 'number') return v;
      if (Number.isNaN(v)) return NAN;
      if (v === Infinity) return POS_INF;
      if (v === -Infinity) return NEG_INF;
      return Object.is(v, -0) ? NEG_ZERO : v;
    },
    space,
  );
  return text.replace(/"\\u0000(NaN|Infinity|-Infinity|-0)"/g, (token) => TOKENS[JSON.parse(token) as string]!);
}
