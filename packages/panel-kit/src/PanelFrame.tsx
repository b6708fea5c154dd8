import type { ReactNode } from 'react';
import { FacilityStatus } from './FacilityStatus.tsx';

/** The common frame of a panel: the facility bar, then the panel's own content. */
export function PanelFrame(props: { title: string; children?: ReactNode }): JSX.Element {
  return (
    <section className="afkit-panel" aria-label={props.title}>
      <FacilityStatus />
      <div className="afkit-panel-body">{props.children}</div>
    </section>
  );
}
