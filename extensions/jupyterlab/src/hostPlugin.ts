import type { HostApi } from '@afkit/core';
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { INotebookTracker } from '@jupyterlab/notebook';
import { JupyterLabHost } from './JupyterLabHost.ts';
import { IAfkitHost } from './tokens.ts';

/** Provides the {@link IAfkitHost} that panels use to open panels, insert code and show messages. */
export const hostPlugin: JupyterFrontEndPlugin<HostApi> = {
  id: 'afkit-jupyterlab:host',
  description: "Provides JupyterLab's side of the afkit host API.",
  autoStart: true,
  provides: IAfkitHost,
  optional: [INotebookTracker],
  activate: (app: JupyterFrontEnd, notebooks: INotebookTracker | null): HostApi => new JupyterLabHost(app.commands, notebooks),
};
