import { FacilityError, Subscribable, type HistSummary, type HistUpdate, type PublishMode, type UHIJson } from '@afkit/core';
import { fromUHI, toUHI, type Histogram, type UHIHistogram } from '@afkit/hist-viewer';

interface Entry {
  histogram: Histogram;
  summary: HistSummary;
  /** The UHI forms of the current state (nested for JSON, flat for binary streams), each made once per change however many viewers read it. */
  uhi: UHIJson | undefined;
  flat: UHIJson | undefined;
}

/** Tells what changed: one histogram (its name), or `undefined` when it was removed. */
export interface HistChange {
  readonly name: string;
  readonly removed: boolean;
}

/**
 * The facility's live histograms: validates every publish as UHI, merges partials exactly with the
 * histogram engine, and tells listeners what changed (they read the state when they are ready to send).
 */
export class HistStore extends Subscribable<HistChange> {
  private readonly entries = new Map<string, Entry>();

  publish(name: string, body: unknown): HistSummary {
    checkName(name);
    const { mode, histogram } = parsePublish(body);
    const incoming = fromUHI(histogram as unknown as UHIHistogram);
    const existing = this.entries.get(name);
    if (existing && mode === 'partial') {
      existing.histogram.add(incoming);
      existing.summary = summarise(name, existing.histogram, existing.summary.seq + 1, existing.summary.partials + 1);
      existing.uhi = existing.flat = undefined;
    } else {
      this.entries.set(name, { histogram: incoming, summary: summarise(name, incoming, (existing?.summary.seq ?? 0) + 1, 1), uhi: undefined, flat: undefined });
    }
    this.emit({ name, removed: false });
    return this.entries.get(name)!.summary;
  }

  remove(name: string): void {
    if (this.entries.delete(name)) this.emit({ name, removed: true });
  }

  list(): HistSummary[] {
    return [...this.entries.values()].map((e) => e.summary).sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * The merged state of one histogram, its storage as UHI's nested arrays or, with `flatStorage`, as flat typed
   * arrays for binary streams (see `toUHI`); throws `not-found` for an unknown name.
   */
  snapshot(name: string, options: { flatStorage?: boolean } = {}): HistUpdate {
    const entry = this.entries.get(name);
    if (!entry) throw new FacilityError('not-found', `No histogram named "${name}" on this facility.`, { hint: 'Publish one first, or check the name.' });
    const histogram = options.flatStorage
      ? (entry.flat ??= toUHI(entry.histogram, { flatStorage: true }) as unknown as UHIJson)
      : (entry.uhi ??= toUHI(entry.histogram) as unknown as UHIJson);
    return { summary: entry.summary, histogram };
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }
}

function parsePublish(body: unknown): { mode: PublishMode; histogram: UHIJson } {
  if (typeof body !== 'object' || body === null) {
    throw new FacilityError('invalid-input', 'A publish must be a JSON object {"mode": "partial"|"replace", "histogram": <UHI JSON>}.');
  }
  const { mode = 'partial', histogram } = body as { mode?: unknown; histogram?: unknown };
  if (mode !== 'partial' && mode !== 'replace') throw new FacilityError('invalid-input', `Unknown publish mode ${JSON.stringify(mode)}: use "partial" or "replace".`);
  if (typeof histogram !== 'object' || histogram === null) throw new FacilityError('invalid-input', 'The publish has no "histogram" object (UHI JSON).');
  return { mode, histogram: histogram as UHIJson };
}

function checkName(name: string): void {
  if (!/^[\w.\-/: ]{1,200}$/.test(name)) {
    throw new FacilityError('invalid-input', `"${name}" is not a valid histogram name: use up to 200 letters, digits, spaces and . - _ / :`);
  }
}

function summarise(name: string, histogram: Histogram, seq: number, partials: number): HistSummary {
  const title = histogram.metadata.name ?? histogram.metadata.label;
  return {
    name,
    seq,
    partials,
    updatedAt: Date.now(),
    rank: histogram.rank,
    storage: histogram.kind,
    ...(typeof title === 'string' ? { title } : {}),
  };
}
