import { useEffect, useState } from 'react';
import type { FacilityInfo, Reachability } from '@afkit/core';
import { usePanelContext } from './PanelContext.tsx';
import { useSubscription } from './useSubscription.ts';

/** Live facts about the facility: reachability, and its info once it answers (fetched again after it comes back). */
export function useFacilityInfo(): { reachability: Reachability; info: FacilityInfo | undefined } {
  const { facility } = usePanelContext();
  const reachability = useSubscription<Reachability>((l) => facility.subscribeReachability(l), { state: 'checking', checkedAt: 0 }, [facility]);
  const [info, setInfo] = useState<FacilityInfo>();
  const reachable = reachability.state === 'reachable';
  useEffect(() => {
    if (!reachable) return;
    const controller = new AbortController();
    facility.info({ signal: controller.signal }).then(setInfo, () => {});
    return () => controller.abort();
  }, [facility, reachable]);
  return { reachability, info };
}
