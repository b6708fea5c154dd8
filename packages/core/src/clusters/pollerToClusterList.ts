import type { Listener, Unsubscribe } from '../Subscribable.ts';
import type { Poller } from './Poller.ts';
import type { ClusterListState, ClusterModel } from './types.ts';

/** Subscribes to a cluster-list poller and delivers {@link ClusterListState}s (shared by every backend). */
export function pollerToClusterList(poller: Poller<ClusterModel[]>, listener: Listener<ClusterListState>): Unsubscribe {
  let updatedAt = 0;
  return poller.subscribe((result) => {
    if (!result.error) updatedAt = Date.now();
    listener({ clusters: result.value ?? [], updatedAt, error: result.error });
  });
}
