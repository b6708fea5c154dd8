import type { TableFormat } from './TableSource.ts';

/** Recognises a file by its first bytes: `root`, `PAR1`, `ARROW1` or an Arrow IPC stream's continuation marker. */
export function detectFormat(head: Uint8Array): TableFormat | undefined {
  const text = String.fromCharCode(...head.subarray(0, 6));
  if (text.startsWith('root')) return 'root';
  if (text.startsWith('PAR1')) return 'parquet';
  if (text === 'ARROW1') return 'arrow';
  if (head.length >= 8 && head[0] === 0xff && head[1] === 0xff && head[2] === 0xff && head[3] === 0xff) return 'arrow';
  return undefined;
}
