import * as vscode from 'vscode';
import type { AfkitApi } from './AfkitApi.ts';
import { CommandIds } from './CommandIds.ts';
import { registerCustomEditors } from './CustomEditors.ts';
import { EditorPanels } from './EditorPanels.ts';
import { FacilityHost } from './FacilityHost.ts';
import { FACILITY_TOKEN_KEY, setFacilityToken } from './facilityToken.ts';
import { SidebarViewProvider } from './SidebarViewProvider.ts';
import { VsCodeHostApi } from './VsCodeHostApi.ts';

/** View ids of the "Analysis Facility" activity-bar container (package.json `contributes.views.afkit`). */
const VIEW_IDS = { clusters: 'afkit.clusters', datasets: 'afkit.datasets' } as const;

let facilityHost: FacilityHost | undefined;

/** Registers the views, panels and commands; the facility itself starts when a panel or caller first needs it. */
export function activate(context: vscode.ExtensionContext): AfkitApi {
  const log = vscode.window.createOutputChannel('Analysis Facility', { log: true });
  facilityHost = new FacilityHost(context.secrets, log, context.asAbsolutePath('dist/afkit-cli.js'));
  const deps = { extensionUri: context.extensionUri, facilityHost, hostApi: new VsCodeHostApi() };
  const editorPanels = new EditorPanels(deps);

  context.subscriptions.push(
    log,
    facilityHost,
    editorPanels,
    ...registerCustomEditors(deps),
    vscode.window.registerWebviewViewProvider(VIEW_IDS.clusters, new SidebarViewProvider('clusters', deps)),
    vscode.window.registerWebviewViewProvider(VIEW_IDS.datasets, new SidebarViewProvider('datasets', deps)),
    vscode.commands.registerCommand(CommandIds.openClusters, () => vscode.commands.executeCommand(`${VIEW_IDS.clusters}.focus`)),
    vscode.commands.registerCommand(CommandIds.openDatasets, () => vscode.commands.executeCommand(`${VIEW_IDS.datasets}.focus`)),
    vscode.commands.registerCommand(CommandIds.openJoinDesigner, () => editorPanels.show('join-designer')),
    vscode.commands.registerCommand(CommandIds.openHistograms, () => editorPanels.show('histograms')),
    vscode.commands.registerCommand(CommandIds.setFacilityToken, (token?: unknown) =>
      setFacilityToken(context.secrets, log, typeof token === 'string' ? token : undefined),
    ),
  );

  const host = facilityHost;
  return {
    facility: () => host.facility(),
    hasFacilityToken: async () => (await context.secrets.get(FACILITY_TOKEN_KEY)) !== undefined,
  };
}

/** Stops the local facility before the extension host goes away, so its server does not linger. */
export async function deactivate(): Promise<void> {
  await facilityHost?.close();
  facilityHost = undefined;
}
