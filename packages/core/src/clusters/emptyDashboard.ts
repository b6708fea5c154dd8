import type { SerializedFacilityError } from '../FacilityError.ts';
import type { DashboardState } from './types.ts';

/** A dashboard state with no data, carrying why there is none (panels keep their last good data when they get one). */
export function emptyDashboard(cluster: string, error?: SerializedFacilityError): DashboardState {
  return { cluster, workers: [], history: [], tasksByState: {}, progress: [], taskStream: [], tasksSeen: 0, updatedAt: Date.now(), error };
}
