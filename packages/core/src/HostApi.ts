/** The panels the hosts can open. */
export type PanelId = 'clusters' | 'datasets' | 'join-designer' | 'histograms';

/** How serious a message shown by the host is. */
export type MessageLevel = 'info' | 'warning' | 'error';

/**
 * What a panel may ask of its host (JupyterLab or VS Code), so panels never import a host API.
 * Like a Facility, it can be proxied over the RPC bridge.
 */
export interface HostApi {
  /** Which host this is, for wording such as "open the command palette". */
  readonly host: 'jupyterlab' | 'vscode' | 'browser';
  /** Opens (or reveals) a panel, optionally with an argument such as a dataset URI. */
  openPanel(panel: PanelId, argument?: unknown): Promise<void>;
  /** Inserts code into the active notebook as a new cell; resolves false when no notebook is open. */
  insertCode(code: string): Promise<boolean>;
  /** Shows a message the host's way (a notification, a status message). */
  showMessage(level: MessageLevel, message: string): Promise<void>;
}
