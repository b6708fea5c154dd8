import type { Router } from './http/Router.ts';
import type { WebSocketRoutes } from './http/WebSocketRoutes.ts';

/** What a feature (clusters, datasets, joins, histograms) gets to mount itself on the facility. */
export interface FeatureContext {
  readonly router: Router;
  readonly sockets: WebSocketRoutes;
  /** A private folder of this facility for state (scheduler files, logs, outputs). */
  readonly stateDir: string;
  /** The facility's own URL and token, for processes it starts that call back (e.g. histogram publishers). */
  readonly url: string;
  readonly token: string;
  /** Registers cleanup run on shutdown, in reverse order; it must stop every process the feature started. */
  onClose(cleanup: () => Promise<void> | void): void;
}

/** A capability of the local facility: mounts routes and names what it adds to `info().capabilities`. */
export interface Feature {
  readonly capability: string;
  mount(context: FeatureContext): Promise<void> | void;
}
