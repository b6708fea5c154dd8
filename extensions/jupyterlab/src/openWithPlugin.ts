import { createElement, type ReactElement } from 'react';
import type { Facility, HostApi } from '@afkit/core';
import { DatasetsPanel, type DatasetsPanelProps } from '@afkit/dataset-browser';
import { UHIFileView } from '@afkit/hist-viewer/react';
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { MainAreaWidget, showErrorMessage } from '@jupyterlab/apputils';
import { PageConfig, PathExt } from '@jupyterlab/coreutils';
import { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import { CommandIDs } from './CommandIDs.ts';
import { facilityIcon } from './facilityIcon.ts';
import { PanelWidget } from './PanelWidget.ts';
import { IAfkitHost, IFacility } from './tokens.ts';

const DATASET_EXTENSIONS = ['.root', '.parquet', '.arrow', '.feather'];
const isDataset = (path: string): boolean => DATASET_EXTENSIONS.includes(PathExt.extname(path).toLowerCase());
const isUHI = (path: string): boolean => path.toLowerCase().endsWith('.uhi.json');

/**
 * "Open with afkit" in the file browser's context menu: ROOT, Parquet and Arrow files open in the Datasets browser (the
 * facility reads them by path, so a large file never passes through the contents API), `.uhi.json` files as histograms.
 */
export const openWithPlugin: JupyterFrontEndPlugin<void> = {
  id: 'afkit-jupyterlab:open-with',
  description: 'Opens dataset files and UHI histogram files from the file browser in afkit.',
  autoStart: true,
  requires: [IFacility, IAfkitHost, IDefaultFileBrowser],
  activate: (app: JupyterFrontEnd, facility: Facility, host: HostApi, browser: IDefaultFileBrowser): void => {
    const selected = (): string[] => [...browser.selectedItems()].filter((item) => item.type !== 'directory').map((item) => item.path);
    app.commands.addCommand(CommandIDs.openWithAfkit, {
      label: 'Open with afkit',
      caption: 'Open in the Analysis Facility panels: datasets in the Datasets browser, UHI files as histograms',
      icon: facilityIcon,
      isVisible: () => selected().some((path) => isDataset(path) || isUHI(path)),
      execute: async () => {
        for (const path of selected()) {
          try {
            const element = await elementFor(app, path);
            if (element) open(app, path, element, { facility, host });
          } catch (error) {
            void showErrorMessage(`Cannot open ${path} with afkit`, error instanceof Error ? error.message : String(error));
          }
        }
      },
    });
    app.contextMenu.addItem({ command: CommandIDs.openWithAfkit, selector: '.jp-DirListing-item[data-isdir="false"]', rank: 2 });
  },
};

async function elementFor(app: JupyterFrontEnd, path: string): Promise<ReactElement | undefined> {
  if (isDataset(path)) {
    // The facility reads files by absolute path; the contents API's paths are relative to the server's root.
    // (PathExt.join would drop the root's leading slash.)
    const initialFile = `${PageConfig.getOption('serverRoot').replace(/\/+$/, '')}/${path}`;
    return createElement<DatasetsPanelProps>(DatasetsPanel, { initialFile });
  }
  if (isUHI(path)) {
    const model = await app.serviceManager.contents.get(path, { content: true, format: 'text', type: 'file' });
    return createElement(UHIFileView, { name: PathExt.basename(path), text: String(model.content) });
  }
  return undefined;
}

function open(app: JupyterFrontEnd, path: string, element: ReactElement, context: { facility: Facility; host: HostApi }): void {
  const id = `afkit-file-${encodeURIComponent(path)}`;
  const existing = [...app.shell.widgets('main')].find((w) => w.id === id);
  if (existing) {
    app.shell.activateById(id);
    return;
  }
  const name = PathExt.basename(path);
  const widget = new MainAreaWidget({ content: new PanelWidget({ id: `${id}-content`, label: name, element, context }) });
  widget.id = id;
  widget.title.label = name;
  widget.title.caption = path;
  widget.title.icon = facilityIcon;
  widget.title.closable = true;
  app.shell.add(widget, 'main');
  app.shell.activateById(id);
}
