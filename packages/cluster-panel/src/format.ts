/** Bytes as Dask shows them (GiB, MiB…), with `digits` decimals above bytes. */
export function formatBytes(bytes: number, digits = 1): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : digits)} ${units[unit]}`;
}

/** A cluster name short enough for a sidebar. */
export function shortName(name: string): string {
  return name.length > 12 ? name.slice(0, 8) : name;
}
