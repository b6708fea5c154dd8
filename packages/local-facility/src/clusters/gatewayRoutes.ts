import { FacilityError } from '@afkit/core';
import type { FeatureContext } from '../Feature.ts';
import type { ClusterManager } from './ClusterManager.ts';

const STATUSES = new Set(['PENDING', 'RUNNING', 'STOPPING', 'STOPPED', 'FAILED']);

/** Mounts Dask Gateway's cluster routes (exact paths and answers of a real gateway) and afkit's dashboard stream. */
export function mountGatewayRoutes({ router, sockets }: FeatureContext, manager: ClusterManager): void {
  router.get('/api/v1/options', () => ({ json: { cluster_options: manager.options() } }));

  router.get('/api/v1/clusters/', ({ query }) => {
    const filter = query.get('status');
    let statuses: string[] | undefined;
    if (filter) {
      statuses = filter.split(',').map((s) => s.trim().toUpperCase());
      const bad = statuses.filter((s) => !STATUSES.has(s));
      if (bad.length) throw new FacilityError('invalid-input', `Invalid status: ${bad.join(', ').toLowerCase()}`);
    }
    return { json: Object.fromEntries(manager.list(statuses).map((c) => [c.name, c])) };
  });

  router.post('/api/v1/clusters/', async ({ body }) => {
    const options = (body as { cluster_options?: unknown } | undefined)?.cluster_options;
    return { status: 201, json: { name: await manager.create(options) } };
  });

  router.get('/api/v1/clusters/:name', async ({ params, query }) => ({ json: await manager.get(params.name!, query.get('wait') === '1' || query.get('wait') === 'true') }));

  router.post('/api/v1/clusters/:name/scale', ({ params, body }) => ({ json: manager.scale(params.name!, (body as { count?: unknown } | undefined)?.count) }));

  router.post('/api/v1/clusters/:name/adapt', ({ params, body }) => ({ json: manager.adapt(params.name!, body) }));

  router.delete('/api/v1/clusters/:name', async ({ params }) => {
    await manager.stop(params.name!);
    return { status: 204 };
  });

  // One scheduler eventstream per cluster is held by the monitor; every dashboard socket gets its batched states.
  sockets.on('/api/afkit/clusters/:name/dashboard', (socket, params) => {
    let cluster;
    try {
      cluster = manager.find(params.name!);
    } catch (error) {
      socket.close(4404, FacilityError.from(error).message);
      return;
    }
    const monitor = cluster.monitor;
    if (!monitor) {
      socket.close(4409, `Cluster ${cluster.name} is ${cluster.status}; its dashboard is not available.`);
      return;
    }
    const stop = monitor.subscribeDashboard((state) => {
      // A slow reader skips states rather than piling them up: each state is complete.
      if (socket.bufferedAmount < 4 * 1024 * 1024) socket.send(JSON.stringify(state));
      if (state.error?.code === 'conflict') socket.close(1000, state.error.message);
    });
    socket.on('close', stop);
  });
}
