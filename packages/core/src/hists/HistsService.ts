import type { CallOptions } from '../Facility.ts';
import type { Listener, Unsubscribe } from '../Subscribable.ts';

/**
 * A histogram in UHI's JSON serialisation (schema version 1), as hist and boost-histogram write it.
 * Kept as plain JSON here so that core stays free of the histogram engine.
 */
export type UHIJson = Record<string, unknown>;

/** How a publish combines with what the facility holds: add to it, or take its place. */
export type PublishMode = 'partial' | 'replace';

/** One live histogram the facility holds. */
export interface HistSummary {
  readonly name: string;
  /** Increases with every accepted publish. */
  readonly seq: number;
  readonly updatedAt: number;
  /** Publishes merged so far (1 after a replace). */
  readonly partials: number;
  /** Axis count and storage kind, for lists. */
  readonly rank: number;
  readonly storage: string;
  /** The histogram's `name`/`label` metadata, when it has one. */
  readonly title?: string;
}

/**
 * The state of one histogram after a change: its summary and the whole merged histogram. Over a live stream the
 * storage's arrays (`values`, `variances`, …) come flat, as typed arrays (the narrowest that holds every value exactly)
 * in row-major order with flow bins, which `fromUHI` reads as it reads UHI's nested arrays: a large 2D state then
 * costs no JSON at either end.
 */
export interface HistUpdate {
  readonly summary: HistSummary;
  readonly histogram: UHIJson;
}

/**
 * Live histograms on a facility: producers publish partial or whole histograms; viewers list them and
 * subscribe to their merged state. Subscriptions coalesce: a slow viewer gets the latest state, never a backlog.
 */
export interface HistsService {
  list(options?: CallOptions): Promise<HistSummary[]>;
  snapshot(name: string, options?: CallOptions): Promise<HistUpdate>;
  /** Merges (`partial`, the default) or replaces a histogram; its storage may be UHI's nested arrays or flat typed arrays (`toUHI`'s `flatStorage`). */
  publish(name: string, histogram: UHIJson, options?: CallOptions & { mode?: PublishMode }): Promise<HistSummary>;
  remove(name: string, options?: CallOptions): Promise<void>;
  /** The list now and whenever a histogram is added, changed or removed. */
  subscribeHistograms(listener: Listener<HistSummary[]>): Unsubscribe;
  /** One histogram's merged state now and after each change (coalesced; storage arrays flat, see {@link HistUpdate}). */
  subscribeHistogram(name: string, listener: Listener<HistUpdate>): Unsubscribe;
}
