export type {
  AdaptRange,
  ClusterBackendKind,
  ClusterEvent,
  ClusterListState,
  ClusterModel,
  ClusterOptionField,
  ClusterOptionSpec,
  ClusterOptionValues,
  ClustersService,
  ClusterStatus,
  DashboardSample,
  DashboardState,
  PrefixProgress,
  TaskStreamEvent,
  WorkerRow,
} from './types.ts';
export { GatewayClusters } from './GatewayClusters.ts';
export type { GatewayClustersOptions, GatewayRequest } from './GatewayClusters.ts';
export { LabextensionClusters, parseDaskBytes } from './LabextensionClusters.ts';
export type { LabextensionClusterJson } from './LabextensionClusters.ts';
export { connectClusters } from './connectClusters.ts';
export type { ClusterBackendProfile } from './connectClusters.ts';
export { authorizationHeader, gatewayFetch } from './gatewayAuth.ts';
export type { GatewayAuth } from './gatewayAuth.ts';
export { parseGatewayCluster, parseGatewayClusterList, parseGatewayOptions } from './gatewayWire.ts';
export type { AfkitClusterExtras, GatewayClusterJson, GatewayStatus } from './gatewayWire.ts';
export { Poller } from './Poller.ts';
export type { PollerTiming, PollResult } from './Poller.ts';
export { clientCode } from './clientCode.ts';
export { emptyDashboard } from './emptyDashboard.ts';
