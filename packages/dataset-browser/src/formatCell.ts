/** Elements shown of a long jagged cell before `…`. */
const MAX_ELEMENTS = 32;

/**
 * Formats one table cell for reading: 64-bit integers exactly (BigInt), floats to 6 significant digits as float32
 * values deserve, jagged cells as their values (`[23.1, 11.4]`), structs as `{a: 1}`; never `[object Object]`.
 */
export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return '∅';
  switch (typeof value) {
    case 'bigint':
      return value.toString();
    case 'number':
      return formatNumber(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return value;
    default:
      break;
  }
  if (isListLike(value)) {
    const out: string[] = [];
    let count = 0;
    for (const element of value as Iterable<unknown>) {
      if (count++ >= MAX_ELEMENTS) {
        out.push(`… ${(value as { length: number }).length - MAX_ELEMENTS} more`);
        break;
      }
      out.push(formatCell(element));
    }
    return `[${out.join(', ')}]`;
  }
  const json = (value as { toJSON?: () => unknown }).toJSON?.();
  const fields = typeof json === 'object' && json !== null ? json : value;
  return `{${Object.entries(fields as Record<string, unknown>).map(([k, v]) => `${k}: ${formatCell(v)}`).join(', ')}}`;
}

function formatNumber(value: number): string {
  if (Number.isInteger(value) || !Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(6)));
}

/** Arrow list cells (Vectors) and typed arrays: iterable with a length, not a string. */
function isListLike(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Symbol.iterator in value && typeof (value as { length?: unknown }).length === 'number';
}
