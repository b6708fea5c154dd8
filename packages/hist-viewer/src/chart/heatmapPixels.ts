import { isContinuous } from '../axes/Axis.ts';
import type { Axis } from '../axes/Axis.ts';
import { upperBound } from '../axes/binContinuous.ts';

/** A 2D histogram colour-mapped to RGBA pixels, row 0 at the top (the highest y bin), ready for a canvas. */
export interface HeatmapPixels {
  readonly width: number;
  readonly height: number;
  /** width · height · 4 bytes; empty bins are transparent. */
  readonly rgba: Uint8ClampedArray<ArrayBuffer>;
  /** The range of the colour scale (log10 of the contents with `log`). */
  readonly min: number;
  readonly max: number;
}

const LUT_SIZE = 256;
const MAX_VARIABLE_PIXELS = 2048;

/**
 * Colours the bins of a 2D histogram through `ramp`, one pixel per bin on evenly binned axes and by edge lookup
 * on variable ones. `values` is the storage's array, flow bins included (bin (i, j) at (i + x underflow) · y extent
 * + j + y underflow), read in place rather than copied. Empty bins (and, with `log`, negative ones) stay blank,
 * as in mplhep's hist2dplot. `reuse`, the rgba of an earlier call, is written over when its size fits: a live
 * chart then touches no new memory per state (fresh megabytes cost milliseconds of page faults in browsers).
 */
export function heatmapPixels(values: Float64Array, ax: Axis, ay: Axis, ramp: readonly string[], log: boolean, reuse?: Uint8ClampedArray<ArrayBuffer>): HeatmapPixels {
  const nx = ax.bins;
  const ny = ay.bins;
  const stride = ay.extent;
  const x0 = ax.underflow ? 1 : 0;
  const y0 = ay.underflow ? 1 : 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < nx; i++) {
    const row = (i + x0) * stride + y0;
    for (let j = 0; j < ny; j++) {
      const s = shown(values[row + j]!, log);
      if (s < min) min = s;
      if (s > max) max = s;
    }
  }
  if (!(min <= max)) [min, max] = [0, 1];
  const lut = colourTable(ramp);
  const scale = max > min ? (LUT_SIZE - 1) / (max - min) : 0;
  const columns = pixelBins(ax);
  const rows = pixelBins(ay).reverse();
  const width = columns.length;
  const height = rows.length;
  const rgba = reuse?.length === width * height * 4 ? reuse : new Uint8ClampedArray(width * height * 4);
  const packed = new Uint32Array(rgba.buffer, rgba.byteOffset, width * height);
  for (let py = 0; py < height; py++) {
    const column = y0 + rows[py]!;
    for (let px = 0; px < width; px++) {
      const s = shown(values[(columns[px]! + x0) * stride + column]!, log);
      // NaN (blank) is a transparent pixel
      packed[py * width + px] = s === s ? lut[((s - min) * scale + 0.5) | 0]! : 0;
    }
  }
  return { width, height, rgba, min, max };
}

/** Where a bin content lies on the colour scale: itself, or its log10; NaN where it stays blank. */
function shown(v: number, log: boolean): number {
  return v === 0 || (log && v < 0) ? NaN : log ? Math.log10(v) : v;
}

/** The bin under each pixel column of an axis drawn over [first edge, last edge] (categories over [0, n]). */
function pixelBins(axis: Axis): Int32Array {
  if (axis.kind !== 'variable' || !isContinuous(axis)) return Int32Array.from({ length: axis.bins }, (_, i) => i);
  const edges = axis.edges();
  const lo = edges[0]!;
  const span = edges[edges.length - 1]! - lo;
  // the narrowest bin gets at least one pixel, within a bound
  let narrowest = Infinity;
  for (let i = 0; i < axis.bins; i++) narrowest = Math.min(narrowest, edges[i + 1]! - edges[i]!);
  const pixels = Math.min(MAX_VARIABLE_PIXELS, Math.max(axis.bins, Math.ceil(span / narrowest)));
  const out = new Int32Array(pixels);
  for (let p = 0; p < pixels; p++) out[p] = Math.min(axis.bins - 1, Math.max(0, upperBound(edges, lo + ((p + 0.5) * span) / pixels) - 1));
  return out;
}

/** The ramp interpolated to LUT_SIZE opaque colours, packed as RGBA bytes in a little-endian uint32. */
function colourTable(ramp: readonly string[]): Uint32Array {
  const stops = ramp.map(parseColour);
  const lut = new Uint32Array(LUT_SIZE);
  const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  for (let i = 0; i < LUT_SIZE; i++) {
    const t = (i / (LUT_SIZE - 1)) * (stops.length - 1);
    const a = stops[Math.floor(t)]!;
    const b = stops[Math.min(stops.length - 1, Math.floor(t) + 1)]!;
    const f = t - Math.floor(t);
    const [r, g, bl] = [0, 1, 2].map((c) => Math.round(a[c]! + (b[c]! - a[c]!) * f)) as [number, number, number];
    lut[i] = little ? ((255 << 24) | (bl << 16) | (g << 8) | r) >>> 0 : ((r << 24) | (g << 16) | (bl << 8) | 255) >>> 0;
  }
  return lut;
}

/** `#rgb`, `#rrggbb` or `rgb(r, g, b)` as [r, g, b]; anything else reads as mid grey rather than failing a redraw. */
function parseColour(colour: string): [number, number, number] {
  const c = colour.trim();
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(c)?.[1];
  if (hex) {
    const full = hex.length === 3 ? [...hex].map((d) => d + d).join('') : hex;
    return [0, 2, 4].map((o) => parseInt(full.slice(o, o + 2), 16)) as [number, number, number];
  }
  const rgb = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/i.exec(c);
  return rgb ? [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])] : [128, 128, 128];
}
