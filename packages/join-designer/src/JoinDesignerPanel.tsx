import { PanelFrame } from '@afkit/panel-kit';

/** The Join Designer panel. */
export function JoinDesignerPanel(): JSX.Element {
  return <PanelFrame title="Join Designer" />;
}
