import type { JupyterFrontEndPlugin } from '@jupyterlab/application';
import { facilityPlugin } from './facilityPlugin.ts';
import { hostPlugin } from './hostPlugin.ts';
import { mainAreaPlugin } from './mainAreaPlugin.ts';
import { openWithPlugin } from './openWithPlugin.ts';
import { sidebarPlugin } from './sidebarPlugin.ts';
import './style.css';

export { CommandIDs } from './CommandIDs.ts';
export { IAfkitHost, IFacility } from './tokens.ts';
export { JupyterLabHost } from './JupyterLabHost.ts';
export { PanelWidget } from './PanelWidget.ts';
export type { PanelWidgetOptions } from './PanelWidget.ts';

/** afkit's JupyterLab plugins: the facility, the host API, the sidebar, the main-area panels and "Open with afkit". */
const plugins: JupyterFrontEndPlugin<unknown>[] = [facilityPlugin, hostPlugin, sidebarPlugin, mainAreaPlugin, openWithPlugin];
export default plugins;
