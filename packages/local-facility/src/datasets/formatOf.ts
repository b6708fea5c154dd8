import type { DatasetFormat } from '@afkit/core';

const BY_EXTENSION: Record<string, DatasetFormat> = {
  root: 'root',
  parquet: 'parquet',
  parq: 'parquet',
  pq: 'parquet',
  arrow: 'arrow',
  arrows: 'arrow',
  feather: 'arrow',
  ipc: 'arrow',
};

/** The data format a file name suggests, or undefined for other files (the readers check the magic bytes anyway). */
export function formatOf(name: string): DatasetFormat | undefined {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? undefined : BY_EXTENSION[name.slice(dot + 1).toLowerCase()];
}
