import { createElement, type ComponentType } from 'react';
import type { Facility, HostApi } from '@afkit/core';
import { HistogramsPanel } from '@afkit/hist-viewer/react';
import { JoinDesignerPanel } from '@afkit/join-designer';
import { ILayoutRestorer, type JupyterFrontEnd, type JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, MainAreaWidget, WidgetTracker } from '@jupyterlab/apputils';
import { CommandIDs, PALETTE_CATEGORY } from './CommandIDs.ts';
import { facilityIcon } from './facilityIcon.ts';
import { PanelWidget } from './PanelWidget.ts';
import { IAfkitHost, IFacility } from './tokens.ts';

const documents: readonly { command: string; id: string; label: string; component: ComponentType }[] = [
  { command: CommandIDs.openJoinDesigner, id: 'afkit-join-designer', label: 'Join Designer', component: JoinDesignerPanel },
  { command: CommandIDs.openHistograms, id: 'afkit-histograms', label: 'Histograms', component: HistogramsPanel },
];

/** Commands that open the Join Designer and Histograms panels as main-area widgets (one of each, restored on reload). */
export const mainAreaPlugin: JupyterFrontEndPlugin<void> = {
  id: 'afkit-jupyterlab:main-area',
  description: 'Opens the Join Designer and Histograms panels in the main area.',
  autoStart: true,
  requires: [IFacility, IAfkitHost],
  optional: [ICommandPalette, ILayoutRestorer],
  activate: (
    app: JupyterFrontEnd,
    facility: Facility,
    host: HostApi,
    palette: ICommandPalette | null,
    restorer: ILayoutRestorer | null,
  ): void => {
    for (const { command, id, label, component } of documents) {
      const tracker = new WidgetTracker<MainAreaWidget<PanelWidget>>({ namespace: id });
      app.commands.addCommand(command, {
        label: `Open ${label}`,
        caption: `Open the ${label} of the Analysis Facility`,
        icon: facilityIcon,
        execute: () => {
          let widget = tracker.find(candidate => candidate.id === id);
          if (!widget) {
            const content = new PanelWidget({ id: `${id}-content`, label, element: createElement(component), context: { facility, host } });
            widget = new MainAreaWidget({ content });
            widget.id = id;
            widget.title.label = label;
            widget.title.icon = facilityIcon;
            widget.title.closable = true;
            void tracker.add(widget);
            app.shell.add(widget, 'main');
          }
          app.shell.activateById(id);
          return widget;
        },
      });
      palette?.addItem({ command, category: PALETTE_CATEGORY });
      void restorer?.restore(tracker, { command, name: () => id });
    }
  },
};
