import { createElement, type ComponentType } from 'react';
import { ClustersPanel } from '@afkit/cluster-panel';
import type { Facility, HostApi } from '@afkit/core';
import { DatasetsPanel } from '@afkit/dataset-browser';
import { ILayoutRestorer, type JupyterFrontEnd, type JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { SidePanel } from '@jupyterlab/ui-components';
import { AccordionPanel, Widget } from '@lumino/widgets';
import { CommandIDs, PALETTE_CATEGORY } from './CommandIDs.ts';
import { facilityIcon } from './facilityIcon.ts';
import { PanelWidget } from './PanelWidget.ts';
import { IAfkitHost, IFacility } from './tokens.ts';

/** The id of the "Analysis Facility" left-sidebar widget. */
export const SIDEBAR_ID = 'afkit-sidebar';

const sections: readonly { command: string; id: string; label: string; component: ComponentType }[] = [
  { command: CommandIDs.openClusters, id: 'afkit-clusters', label: 'Clusters', component: ClustersPanel },
  { command: CommandIDs.openDatasets, id: 'afkit-datasets', label: 'Datasets', component: DatasetsPanel },
];

/** The "Analysis Facility" left sidebar holding the Clusters and Datasets panels, and the commands that reveal them. */
export const sidebarPlugin: JupyterFrontEndPlugin<void> = {
  id: 'afkit-jupyterlab:sidebar',
  description: 'Adds the Analysis Facility sidebar with the Clusters and Datasets panels.',
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
    const sidebar = new SidePanel();
    // SidePanel's own content is an AccordionPanel styled like JupyterLab's other sidebars.
    const accordion = sidebar.content as AccordionPanel;
    sidebar.id = SIDEBAR_ID;
    sidebar.title.icon = facilityIcon;
    sidebar.title.caption = 'Analysis Facility';
    sidebar.addClass('afkit-Sidebar');
    const heading = new Widget({ node: document.createElement('h2') });
    heading.node.textContent = 'Analysis Facility';
    heading.addClass('afkit-Sidebar-heading');
    sidebar.header.addWidget(heading);

    sections.forEach(({ command, id, label, component }, index) => {
      sidebar.addWidget(new PanelWidget({ id, label, element: createElement(component), context: { facility, host } }));
      app.commands.addCommand(command, {
        label: `Show ${label}`,
        caption: `Reveal the ${label} panel of the Analysis Facility sidebar`,
        icon: facilityIcon,
        execute: () => {
          app.shell.activateById(SIDEBAR_ID);
          if (!accordion.widgets[index]?.isVisible) accordion.expand(index);
        },
      });
      palette?.addItem({ command, category: PALETTE_CATEGORY });
    });

    app.shell.add(sidebar, 'left', { rank: 450 });
    restorer?.add(sidebar, SIDEBAR_ID);
  },
};
