import type { Feature } from '../Feature.ts';
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

      const killNow = (): void => manager.registry.killAllNow();
      const onSignal = (signal: NodeJS.Signals): void => {
        killNow();
        // Someone else (the facility's main) handles the signal gracefully; otherwise keep the default of exiting.
        if (process.listenerCount(signal) === 1) process.exit(signal === 'SIGINT' ? 130 : 143);
      };
      process.on('exit', killNow);
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
      context.onClose(async () => {
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
        await manager.stopAll();
        process.off('exit', killNow);
      });
    },
  };
}
