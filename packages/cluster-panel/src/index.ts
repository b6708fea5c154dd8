export { ClustersPanel } from './ClustersPanel.tsx';
export { ClusterDashboard } from './ClusterDashboard.tsx';
export { ClusterCard } from './ClusterCard.tsx';
export { CreateClusterForm } from './CreateClusterForm.tsx';
export { WorkersTable } from './WorkersTable.tsx';
export { TaskStream } from './TaskStream.tsx';
export { useDashboard } from './useDashboard.ts';
