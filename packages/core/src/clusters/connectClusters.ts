import { httpRequest } from '../http/httpRequest.ts';
import { GatewayClusters } from './GatewayClusters.ts';
import { gatewayFetch, type GatewayAuth } from './gatewayAuth.ts';
import { LabextensionClusters } from './LabextensionClusters.ts';
import type { ClustersService } from './types.ts';

/** Where a remote cluster backend lives and how to authenticate to it. */
export interface ClusterBackendProfile {
  readonly kind: 'gateway' | 'labextension';
  /** Base URL: the gateway's address, or the Jupyter server's base URL. */
  readonly url: string;
  readonly auth?: GatewayAuth;
  /** Injected for tests and hosts; defaults to the global fetch. */
  readonly fetch?: typeof fetch;
}

/** A {@link ClustersService} for a real Dask Gateway or a JupyterLab running dask-labextension. */
export function connectClusters(profile: ClusterBackendProfile): ClustersService {
  const target = { url: profile.url.replace(/\/+$/, ''), fetch: gatewayFetch(profile.auth, profile.fetch ?? fetch) };
  const request = <T>(path: string, options?: Parameters<typeof httpRequest>[2]): Promise<T> => httpRequest<T>(target, path, options);
  return profile.kind === 'gateway' ? new GatewayClusters({ request }) : new LabextensionClusters(request);
}
