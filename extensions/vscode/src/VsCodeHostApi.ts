import * as vscode from 'vscode';
import type { HostApi, MessageLevel, PanelId } from '@afkit/core';
import { CommandIds } from './CommandIds.ts';

const OPEN_COMMANDS: Record<PanelId, string> = {
  clusters: CommandIds.openClusters,
  datasets: CommandIds.openDatasets,
  'join-designer': CommandIds.openJoinDesigner,
  histograms: CommandIds.openHistograms,
};

/** The `HostApi` panels get in VS Code, served to each webview over the bridge's host channel. */
export class VsCodeHostApi implements HostApi {
  readonly host = 'vscode' as const;

  async openPanel(panel: PanelId, argument?: unknown): Promise<void> {
    await vscode.commands.executeCommand(OPEN_COMMANDS[panel], argument);
  }

  async insertCode(code: string): Promise<boolean> {
    const editor = vscode.window.activeNotebookEditor;
    if (!editor) return false;
    const { notebook } = editor;
    const index = editor.selections[0]?.end ?? notebook.cellCount;
    const language = notebook.getCells().find((c) => c.kind === vscode.NotebookCellKind.Code)?.document.languageId ?? 'python';
    const edit = new vscode.WorkspaceEdit();
    edit.set(notebook.uri, [vscode.NotebookEdit.insertCells(index, [new vscode.NotebookCellData(vscode.NotebookCellKind.Code, code, language)])]);
    return vscode.workspace.applyEdit(edit);
  }

  async showMessage(level: MessageLevel, message: string): Promise<void> {
    // Not awaited: the notification's promise settles only when the user dismisses it.
    if (level === 'error') void vscode.window.showErrorMessage(message);
    else if (level === 'warning') void vscode.window.showWarningMessage(message);
    else void vscode.window.showInformationMessage(message);
  }
}
