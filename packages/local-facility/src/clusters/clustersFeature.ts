import type { Feature } from '../Feature.ts';
import { killOnProcessExit } from '../PidRegistry.ts';
import { ClusterManager, type ClusterManagerOptions } from './ClusterManager.ts';
import { mountGatewayRoutes } from './gatewayRoutes.ts';

/** Options of {@link clustersFeature}. */
export type ClustersFeatureOptions = Omit<ClusterManagerOptions, 'stateDir'>;

/**
 * Real Dask clusters on the local facility: the Dask Gateway routes, afkit's dashboard stream, and the
 * guarantee that no Dask process or Slurm job outlives the facility (clean close, fatal signals, or the next start after kill -9).
 */
export function clustersFeature(options: ClustersFeatureOptions = {}): Feature {
  return {
    capability: 'clusters',
    mount(context) {
      const manager = new ClusterManager({ ...options, stateDir: context.stateDir });
      const reaped = manager.registry.reapLeftovers();
      if (reaped > 0) console.error(`afkit facility: stopped ${reaped} Dask process(es) or Slurm job(s) left by a facility that crashed`);
      mountGatewayRoutes(context, manager);

      const release = killOnProcessExit(manager.registry);
      context.onClose(async () => {
        await manager.stopAll();
        release();
      });
    },
  };
}
