import type { Feature } from '../Feature.ts';
import { histsFeature } from '../hists/histsFeature.ts';
import { joinsFeature } from '../joins/joinsFeature.ts';
import { datasetsFeature } from '../datasets/datasetsFeature.ts';
import { clustersFeature } from '../clusters/clustersFeature.ts';

/** The features a facility started by `npm start` or the VS Code extension serves. */
export function defaultFeatures(): Feature[] {
  return [histsFeature(), joinsFeature(), datasetsFeature(), clustersFeature()];
}
