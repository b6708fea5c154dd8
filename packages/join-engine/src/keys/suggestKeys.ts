import type { Schema } from 'apache-arrow';
import { Type } from 'apache-arrow';
import type { JoinKey } from '../plan/JoinPlan.ts';

/** Known event-key conventions, tried in order. */
const CONVENTIONS: readonly (readonly JoinKey[])[] = [
  [
    { name: 'run', type: 'uint32' },
    { name: 'luminosityBlock', type: 'uint32' },
    { name: 'event', type: 'uint64' },
  ],
  [
    { name: 'runNumber', type: 'uint32' },
    { name: 'lumiBlock', type: 'uint32' },
    { name: 'eventNumber', type: 'uint64' },
  ],
  [
    { name: 'EventInfo.runNumber', type: 'uint32' },
    { name: 'EventInfo.lumiBlock', type: 'uint32' },
    { name: 'EventInfo.eventNumber', type: 'uint64' },
  ],
  [
    { name: 'EventInfoAuxDyn.runNumber', type: 'uint32' },
    { name: 'EventInfoAuxDyn.lumiBlock', type: 'uint32' },
    { name: 'EventInfoAuxDyn.eventNumber', type: 'uint64' },
  ],
];

/**
 * Suggests join keys for a schema: CMS `run`/`luminosityBlock`/`event`, ATLAS `runNumber`/`lumiBlock`/`eventNumber`
 * or their `EventInfo` forms; the longest convention whose integer columns all exist wins. Empty when none fits.
 */
export function suggestKeys(schema: Schema): JoinKey[] {
  const integers = new Map(schema.fields.filter((f) => f.typeId === Type.Int).map((f) => [f.name, f]));
  for (const keys of CONVENTIONS) {
    if (keys.every((k) => integers.has(k.name))) return keys.map((k) => ({ ...k }));
  }
  // A file may hold only part of a convention (e.g. no luminosityBlock); offer what it has.
  for (const keys of CONVENTIONS) {
    const present = keys.filter((k) => integers.has(k.name));
    if (present.length >= 2) return present.map((k) => ({ ...k }));
  }
  return [];
}
