// What every "create a runbook" command shares: the workspace folder to write in, a folder setting that must stay
// inside it, and a new file made through a WorkspaceEdit (so Undo removes it) that never overwrites anything.
import * as vscode from 'vscode';
import { fullKey, SETTINGS } from '../../core/settings';
import { folderSegments } from '../../core/templates/fileName';
import { exists } from '../util/files';
import { setting } from '../util/settings';

/**
 * The workspace folder holding `near`, else the only one, else one the user picks. Undefined when cancelled, when
 * `near` is outside every workspace folder, or when no folder is open (both with a message).
 */
export async function targetWorkspaceFolder(near?: vscode.Uri): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showErrorMessage('Open a folder first: runbooks are created inside the workspace.');
    return undefined;
  }
  if (near) {
    const folder = vscode.workspace.getWorkspaceFolder(near);
    if (!folder) {
      void vscode.window.showErrorMessage(`${near.fsPath || near.toString()} is not inside a workspace folder: runbooks are created inside the workspace.`);
    }
    return folder;
  }
  return folders.length === 1 ? folders[0] : vscode.window.showWorkspaceFolderPick({ placeHolder: 'Workspace folder for the new runbook' });
}

/** A folder setting (`runbooks.<key>`) of `folder` as a URI inside it; undefined, with a message, when it would leave it. */
export function settingFolder(folder: vscode.WorkspaceFolder, name: 'newRunbookFolder' | 'templatesFolder'): vscode.Uri | undefined {
  const value = setting(name, folder);
  const segments = folderSegments(value);
  if (!segments) {
    void vscode.window.showErrorMessage(`The setting ${fullKey(SETTINGS[name])} ("${value.slice(0, 80)}") must be a folder inside the workspace.`);
    return undefined;
  }
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

/** Create `uri` with `text` (and its missing parent folders) as one undoable edit. Never overwrites. */
export async function createFile(uri: vscode.Uri, text: string): Promise<'created' | 'exists' | 'failed'> {
  if (await exists(uri)) {
    return 'exists';
  }
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(uri, { overwrite: false, ignoreIfExists: false, contents: new TextEncoder().encode(text) });
  if (await vscode.workspace.applyEdit(edit)) {
    return 'created';
  }
  return (await exists(uri)) ? 'exists' : 'failed'; // created by someone else in between, or not writable
}
