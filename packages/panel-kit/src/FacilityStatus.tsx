import { useState } from 'react';
import { usePanelContext } from './PanelContext.tsx';
import type { FacilityInfo, Reachability } from '@afkit/core';

/** The facility bar every panel shows: name, version and whether it answers, with what to do when it does not. */
export function FacilityStatus({ reachability, info }: { reachability: Reachability; info: FacilityInfo | undefined }): JSX.Element {
  const { facility } = usePanelContext();
  const [retrying, setRetrying] = useState(false);
  const retry = (): void => {
    setRetrying(true);
    void facility.checkReachability().finally(() => setRetrying(false));
  };
  return (
    <div className={`afkit-facility-status afkit-facility-${reachability.state}`} role="status" aria-live="polite">
      <span className="afkit-status-dot" aria-hidden="true" />
      <span className="afkit-facility-name">{info?.name ?? 'Facility'}</span>
      {info && <span className="afkit-facility-version">v{info.version}</span>}
      <span className="afkit-facility-state">{labelOf(reachability.state)}</span>
      {reachability.state === 'unreachable' && reachability.error && (
        <div className="afkit-facility-error">
          <p>{reachability.error.message}</p>
          {reachability.error.hint && <p className="afkit-hint">{reachability.error.hint}</p>}
          <button type="button" className="afkit-button" onClick={retry} disabled={retrying}>
            {retrying ? 'Checking…' : 'Retry now'}
          </button>
        </div>
      )}
    </div>
  );
}

function labelOf(state: 'checking' | 'reachable' | 'unreachable'): string {
  return state === 'reachable' ? 'connected' : state === 'checking' ? 'connecting…' : 'unreachable';
}
