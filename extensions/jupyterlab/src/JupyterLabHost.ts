import type { HostApi, MessageLevel, PanelId } from '@afkit/core';
import { Notification } from '@jupyterlab/apputils';
import { NotebookActions, type INotebookTracker } from '@jupyterlab/notebook';
import type { CommandRegistry } from '@lumino/commands';
import { CommandIDs } from './CommandIDs.ts';

/** The {@link HostApi} of JupyterLab: panels open through commands, code goes into the active notebook. */
export class JupyterLabHost implements HostApi {
  readonly host = 'jupyterlab' as const;

  constructor(
    private readonly commands: CommandRegistry,
    private readonly notebooks: INotebookTracker | null,
  ) {}

  async openPanel(panel: PanelId, argument?: unknown): Promise<void> {
    await this.commands.execute(CommandIDs.openPanel[panel], argument === undefined ? {} : { argument: argument as never });
  }

  async insertCode(code: string): Promise<boolean> {
    const notebook = this.notebooks?.currentWidget?.content;
    if (!notebook?.model) return false;
    NotebookActions.insertBelow(notebook);
    NotebookActions.changeCellType(notebook, 'code');
    notebook.activeCell?.model.sharedModel.setSource(code);
    return true;
  }

  async showMessage(level: MessageLevel, message: string): Promise<void> {
    Notification.emit(message, level, { autoClose: level === 'error' ? false : 5000 });
  }
}
