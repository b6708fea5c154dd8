import { PanelFrame } from '@afkit/panel-kit';

/** The Histograms panel: the facility's live histograms. */
export function HistogramsPanel(): JSX.Element {
  return <PanelFrame title="Histograms" />;
}
