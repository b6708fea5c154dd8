import { useEffect, useState } from 'react';
import type { ClustersService, DashboardState, SerializedFacilityError } from '@afkit/core';

/** The cluster's dashboard data; an error keeps the last good data and is reported beside it. */
export function useDashboard(clusters: ClustersService, name: string): { state: DashboardState | undefined; error: SerializedFacilityError | undefined } {
  const [state, setState] = useState<DashboardState>();
  const [error, setError] = useState<SerializedFacilityError>();
  useEffect(() => {
    setState(undefined);
    return clusters.subscribeDashboard(name, (next) => {
      setError(next.error);
      if (!next.error) setState(next);
    });
  }, [clusters, name]);
  return { state, error };
}
