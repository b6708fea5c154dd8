import type { Feature } from '../Feature.ts';
import { histsFeature } from '../hists/histsFeature.ts';
import { joinsFeature, type JoinsFeatureOptions } from '../joins/joinsFeature.ts';
import { datasetsFeature, type DatasetsFeatureOptions } from '../datasets/datasetsFeature.ts';
import { clustersFeature } from '../clusters/clustersFeature.ts';

/** Options of {@link defaultFeatures}: what a host knows better than the facility (such as its open folders). */
export interface DefaultFeaturesOptions {
  readonly datasets?: DatasetsFeatureOptions;
  readonly joins?: JoinsFeatureOptions;
}

/** The features a facility started by `npm start` or the VS Code extension serves. */
export function defaultFeatures(options: DefaultFeaturesOptions = {}): Feature[] {
  return [histsFeature(), joinsFeature(options.joins), datasetsFeature(options.datasets), clustersFeature()];
}
