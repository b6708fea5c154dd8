import type { Histogram } from '../Histogram.ts';
import { STORAGE_FIELDS } from '../storage/Storage.ts';
import type { NDArray, UHIHistogram, UHIStorage } from './UHITypes.ts';
import { narrowestExact } from './narrowestExact.ts';
import { stringifyUHI } from './uhiText.ts';

/** Options of {@link toUHI}. */
export interface ToUHIOptions {
  /**
   * Storage arrays as flat typed arrays (row-major, flow bins included; each the narrowest kind that holds its values
   * exactly, see {@link narrowestExact}) instead of nested arrays: for binary transports such as the facility's live
   * streams, never for JSON text. `fromUHI` reads both forms.
   */
  readonly flatStorage?: boolean;
}

/** The UHI form of a histogram (dense, flow bins included), as `uhi.io.json.from_dict` / hist read it. */
export function toUHI(h: Histogram, options: ToUHIOptions = {}): UHIHistogram {
  const extents = h.shape(true);
  const storage: Record<string, unknown> = { type: h.kind };
  for (const field of STORAGE_FIELDS[h.kind]) storage[field] = options.flatStorage ? narrowestExact(h.storage.field(field)) : nest(h.storage.field(field), extents);
  return {
    uhi_schema: 1,
    ...(h.writerInfo ? { writer_info: structuredClone(h.writerInfo) } : {}),
    ...(Object.keys(h.metadata).length ? { metadata: { ...h.metadata } } : {}),
    axes: h.axes.map((a) => a.toUHI()),
    storage: storage as unknown as UHIStorage,
  };
}

/** A UHI JSON file's text for named histograms, readable by `uhi.io.json` / hist (NaN written as Python writes it). */
export function writeUHIFile(histograms: Readonly<Record<string, Histogram>> | ReadonlyMap<string, Histogram>, space = 0): string {
  const entries = histograms instanceof Map ? [...histograms] : Object.entries(histograms);
  return stringifyUHI(Object.fromEntries(entries.map(([name, h]) => [name, toUHI(h)])), space || undefined);
}

/** Row-major flat array to nested arrays of the given extents. */
function nest(flat: Float64Array, extents: readonly number[]): NDArray {
  if (extents.length === 0) return [flat[0]!];
  const build = (depth: number, offset: number, stride: number): NDArray => {
    const n = extents[depth]!;
    const inner = stride / n;
    if (depth === extents.length - 1) {
      // A plain loop: Array.from on a typed array is several times slower on the 250,000 bins of a live 2D state.
      const row = new Array<number>(n);
      for (let i = 0; i < n; i++) row[i] = flat[offset + i]!;
      return row;
    }
    return Array.from({ length: n }, (_, i) => build(depth + 1, offset + i * inner, inner));
  };
  return build(0, 0, flat.length);
}
