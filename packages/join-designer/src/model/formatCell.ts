/**
 * The text of one Arrow cell in the preview: 64-bit integers exact (BigInt), floats to 7 significant digits, jagged
 * cells as `[1.2, 3.4]`, nulls as `null`.
 */
export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(7)));
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && Symbol.iterator in value) return `[${Array.from(value as Iterable<unknown>, formatCell).join(', ')}]`;
  if (typeof value === 'object' && 'toJSON' in value && typeof value.toJSON === 'function') return formatObject(value.toJSON() as Record<string, unknown>);
  return formatObject(value as Record<string, unknown>);
}

function formatObject(value: Record<string, unknown>): string {
  return `{${Object.entries(value).map(([k, v]) => `${k}: ${formatCell(v)}`).join(', ')}}`;
}
