import type { ReactElement } from 'react';
import { mountPanel, type PanelContextValue } from '@afkit/panel-kit';
import { Widget } from '@lumino/widgets';

/** Options of {@link PanelWidget}. */
export interface PanelWidgetOptions {
  readonly id: string;
  readonly label: string;
  /** The panel, e.g. `createElement(ClustersPanel)`. */
  readonly element: ReactElement;
  readonly context: PanelContextValue;
}

/** A Lumino widget holding one afkit panel (a React component); the panel unmounts when the widget is disposed. */
export class PanelWidget extends Widget {
  private readonly unmount: () => void;

  constructor(options: PanelWidgetOptions) {
    super();
    this.id = options.id;
    this.title.label = options.label;
    this.addClass('afkit-PanelWidget');
    this.unmount = mountPanel(this.node, options.element, options.context);
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.unmount();
    super.dispose();
  }
}
