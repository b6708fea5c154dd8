import { useEffect, useState } from 'react';
import type { Facility, HistUpdate } from '@afkit/core';
import { fromUHI } from '../uhi/fromUHI.ts';
import type { Histogram } from '../Histogram.ts';
import type { UHIHistogram } from '../uhi/UHITypes.ts';

/** A live histogram as a view holds it: the engine's object, rebuilt from each merged state. */
export interface LiveHistogram {
  readonly name: string;
  readonly histogram: Histogram;
  readonly seq: number;
  readonly partials: number;
}

/**
 * Subscribes to the merged states of the named histograms and keeps the latest of each as a `Histogram`;
 * a state that does not parse is reported, not drawn.
 */
export function useLiveHistograms(facility: Facility, names: readonly string[]): { live: LiveHistogram[]; error: string | undefined } {
  const [states, setStates] = useState<ReadonlyMap<string, LiveHistogram>>(new Map());
  const [error, setError] = useState<string>();
  const key = names.join('\u0000');
  useEffect(() => {
    setStates(new Map());
    const unsubscribers = names.map((name) =>
      facility.hists.subscribeHistogram(name, (update: HistUpdate) => {
        let histogram: Histogram;
        try {
          // The facility validated every partial on publish and wrote this merged state itself.
          histogram = fromUHI(update.histogram as unknown as UHIHistogram, name, { validated: true });
        } catch (e) {
          setError(`Histogram "${name}" could not be read: ${(e as Error).message}`);
          return;
        }
        setError(undefined);
        setStates((previous) => {
          const next = new Map(previous);
          next.set(name, { name, histogram, seq: update.summary.seq, partials: update.summary.partials });
          return next;
        });
      }),
    );
    return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
    // `key` stands for the names' contents
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [facility, key]);
  const live = names.map((n) => states.get(n)).filter((h): h is LiveHistogram => h !== undefined);
  return { live, error };
}
