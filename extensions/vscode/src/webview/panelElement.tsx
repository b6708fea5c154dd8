import type { ReactElement } from 'react';
import { ClustersPanel } from '@afkit/cluster-panel';
import { DatasetsPanel } from '@afkit/dataset-browser';
import { HistogramsPanel, UHIFileView } from '@afkit/hist-viewer/react';
import { JoinDesignerPanel } from '@afkit/join-designer';
import type { WebviewContent, WebviewViewId } from '../WebviewContent.ts';

type ArgumentOf<V extends WebviewViewId> = Extract<WebviewContent, { view: V }> extends { argument: infer A } ? A : undefined;

const VIEWS: { [V in WebviewViewId]: (argument: ArgumentOf<V>) => ReactElement } = {
  clusters: () => <ClustersPanel />,
  datasets: () => <DatasetsPanel />,
  'join-designer': () => <JoinDesignerPanel />,
  histograms: () => <HistogramsPanel />,
  'dataset-file': ({ path }) => <DatasetsPanel initialFile={path} />,
  'uhi-file': ({ name, text }) => <UHIFileView name={name} text={text} />,
};

/** The content the page's `data-view` and `data-argument` attributes name (written by the extension's panelHtml). */
export function readContent(root: HTMLElement): WebviewContent {
  const view = root.dataset.view;
  if (typeof view !== 'string' || !Object.hasOwn(VIEWS, view)) throw new Error(`afkit: this page names no known view (${String(view)})`);
  const argument: unknown = root.dataset.argument === undefined ? undefined : JSON.parse(root.dataset.argument);
  return { view, argument } as WebviewContent;
}

/** The React element that shows `content`. */
export function contentElement(content: WebviewContent): ReactElement {
  const make = VIEWS[content.view] as (argument: unknown) => ReactElement;
  return make('argument' in content ? content.argument : undefined);
}
