import type { ReactNode } from 'react';
import { FacilityStatus } from './FacilityStatus.tsx';
import { useFacilityInfo } from './useFacilityInfo.ts';

/** Props of {@link PanelFrame}. */
export interface PanelFrameProps {
  readonly title: string;
  /**
   * The facility capability the panel needs (`clusters`, `datasets`, `joins`, `hists`). A facility that says it lacks
   * it gets one clear message in place of the panel, rather than the panel failing call after call.
   */
  readonly requires?: string;
  readonly children?: ReactNode;
}

/** The common frame of a panel: the facility bar, then the panel's own content. */
export function PanelFrame(props: PanelFrameProps): JSX.Element {
  const facts = useFacilityInfo();
  const { info } = facts;
  const missing = props.requires !== undefined && info !== undefined && !info.capabilities.includes(props.requires);
  return (
    <section className="afkit-panel" aria-label={props.title}>
      <FacilityStatus {...facts} />
      <div className="afkit-panel-body">
        {missing ? (
          <div className="afkit-error-box" role="alert">
            {info.name} does not serve {props.requires} (it serves {info.capabilities.join(', ') || 'no features'}). Point afkit at a facility
            that does, or use the local facility, which serves them all.
          </div>
        ) : (
          props.children
        )}
      </div>
    </section>
  );
}
