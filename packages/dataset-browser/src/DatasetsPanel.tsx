import { PanelFrame } from '@afkit/panel-kit';

/** The Datasets panel. */
export function DatasetsPanel(): JSX.Element {
  return <PanelFrame title="Datasets" />;
}
