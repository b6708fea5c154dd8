/** A byte count as people read it: `1.3 MB`, `512 B`. */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return '—';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** An entry count with thousands separators. */
export function formatCount(count: number | undefined): string {
  return count === undefined ? '—' : count.toLocaleString('en-US');
}
