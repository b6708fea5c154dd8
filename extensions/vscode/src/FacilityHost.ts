import * as vscode from 'vscode';
import { HttpFacility, type Facility, type WebSocketClass } from '@afkit/core';
import { LocalFacility, defaultFeatures, defaultRoots, type RootConfig, type SlurmJoinOptions } from '@afkit/local-facility';
import NodeWebSocket from 'ws';
import { FACILITY_TOKEN_KEY } from './facilityToken.ts';

// The extension host runs on Node 20, which has no global WebSocket; live streams (histograms) need one.
const WebSocket = NodeWebSocket as unknown as WebSocketClass;

interface Connection {
  readonly facility: Facility;
  close(): Promise<void>;
}

/** The setting naming a remote facility; empty means the embedded local facility. */
export const FACILITY_URL_SETTING = 'afkit.facility.url';
/** Settings of the embedded facility's Slurm job arrays for large joins (package.json `afkit.joins.slurm.*`). */
const SLURM_SETTINGS = 'afkit.joins.slurm';

/**
 * Owns the extension host's `Facility`: the embedded local facility (started in-process) when no URL is
 * configured, else an HTTP client of the configured one with its token from SecretStorage. Reconnects when
 * the setting or the token changes and tells the webviews through `onDidChange`.
 */
export class FacilityHost implements vscode.Disposable {
  private connection: Promise<Connection> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];

  /** Fires after the facility was replaced; webviews then serve the new one. */
  readonly onDidChange = this.changed.event;

  /** `afkitCli`: the extension's bundle of the `afkit` command, which Slurm array tasks of large joins run. */
  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: vscode.LogOutputChannel,
    private readonly afkitCli: string,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(FACILITY_URL_SETTING)) void this.reconnect();
      }),
      secrets.onDidChange((event) => {
        if (event.key === FACILITY_TOKEN_KEY && configuredUrl() !== '') void this.reconnect();
      }),
    );
  }

  /** The current facility, connecting (or starting the local one) on first use. */
  async facility(): Promise<Facility> {
    this.connection ??= this.connect();
    try {
      return (await this.connection).facility;
    } catch (error) {
      // Let the next caller try again rather than keep a failed start forever.
      this.connection = undefined;
      throw error;
    }
  }

  /** Drops the current facility (stopping the local one) and announces the change. */
  async reconnect(): Promise<void> {
    await this.close();
    this.changed.fire();
  }

  /** Stops the local facility, if one runs; awaited on deactivate so no server outlives the extension host. */
  async close(): Promise<void> {
    const old = this.connection;
    this.connection = undefined;
    await old?.then((c) => c.close()).catch((error: unknown) => this.log.error('Stopping the facility failed:', error));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    void this.close();
  }

  private async connect(): Promise<Connection> {
    const url = configuredUrl();
    if (url !== '') {
      const token = await this.secrets.get(FACILITY_TOKEN_KEY);
      this.log.info(`Using the facility at ${url} (${token ? 'with' : 'without'} a stored token).`);
      return { facility: new HttpFacility({ url, token, WebSocket }), close: async () => {} };
    }
    const slurm = slurmJoinOptions(this.afkitCli);
    const local = await LocalFacility.start({ features: defaultFeatures({ datasets: { roots: datasetRoots() }, ...(slurm ? { joins: { slurm } } : {}) }) });
    this.log.info(`Started the local facility at ${local.url}.`);
    return {
      facility: new HttpFacility({ url: local.url, token: local.token, WebSocket }),
      close: async () => {
        await local.close();
        this.log.info('Stopped the local facility.');
      },
    };
  }
}

function configuredUrl(): string {
  return (vscode.workspace.getConfiguration().get<string>(FACILITY_URL_SETTING) ?? '').trim();
}

/** The open workspace folders come first among the folders the Datasets view browses. */
function datasetRoots(): RootConfig[] {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => ({ path: f.uri.fsPath, label: f.name }));
  return [...folders, ...defaultRoots()];
}

/**
 * The Slurm executor of the embedded facility's joins, from the settings; undefined when switched off. Where Slurm does
 * not answer, joins run in the facility's process and their report says why. Tasks run the extension's own `afkit`
 * bundle with the Node.js of this extension host (VS Code Server's or code-server's; desktop VS Code's Electron runs as
 * Node.js with ELECTRON_RUN_AS_NODE), so the extension folder must sit on a file system the compute nodes share.
 */
function slurmJoinOptions(afkitCli: string): SlurmJoinOptions | undefined {
  const settings = vscode.workspace.getConfiguration(SLURM_SETTINGS);
  if (!settings.get<boolean>('enabled', true)) return undefined;
  const node = process.versions.electron ? ['/usr/bin/env', 'ELECTRON_RUN_AS_NODE=1', process.execPath] : [process.execPath];
  const partition = settings.get<string>('partition', '').trim();
  return {
    afkitCommand: [...node, afkitCli],
    filesPerTask: settings.get<number>('filesPerTask', 10),
    sbatchArgs: settings.get<string[]>('sbatchArgs', []),
    ...(partition ? { partition } : {}),
  };
}
