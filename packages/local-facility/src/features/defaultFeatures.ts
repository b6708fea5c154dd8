import type { Feature } from '../Feature.ts';

/** The features a facility started by `npm start` or the VS Code extension serves. */
export function defaultFeatures(): Feature[] {
  return [];
}
