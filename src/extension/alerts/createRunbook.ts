// "Create runbook" for an alert: a new file from the template, front matter pre-filled from the alert's rule.
// Never overwrites, never writes outside a workspace folder.
import * as vscode from 'vscode';
import { runbookTemplate } from '../../core/alerts/template';
import { Settings } from '../constants';
import { showRunbook } from '../navigation/openRunbook';
import type { AlertService } from './alertService';

const ALERT_NAME = /^[A-Za-z_:][A-Za-z0-9_:]{0,199}$/;

/** Create (or, when it exists, just open) `<folder>/<AlertName>.md`; returns its URI, or undefined when cancelled. */
export async function createRunbookForAlert(service: AlertService, alert: string): Promise<vscode.Uri | undefined> {
  if (!ALERT_NAME.test(alert)) {
    void vscode.window.showErrorMessage(`Cannot create a runbook for "${alert.slice(0, 80)}": not a valid alert name.`);
    return undefined;
  }
  const folder = await pickFolder();
  if (!folder) {
    return undefined;
  }
  const sub = vscode.workspace.getConfiguration(Settings.section, folder).get<string>(Settings.newRunbookFolder, 'runbooks');
  const segments = sub.split(/[\\/]+/).filter((s) => s && s !== '.');
  if (segments.some((s) => s === '..') || /^[A-Za-z]:|^\//.test(sub)) {
    void vscode.window.showErrorMessage(`The setting runbooks.newRunbookFolder ("${sub}") must be a folder inside the workspace.`);
    return undefined;
  }
  const uri = vscode.Uri.joinPath(folder.uri, ...segments, `${alert.replace(/:/g, '_')}.md`);
  try {
    await vscode.workspace.fs.stat(uri);
    void vscode.window.showInformationMessage(`${vscode.workspace.asRelativePath(uri)} already exists: opened it instead.`);
    await showRunbook(uri);
    return uri;
  } catch {
    // does not exist yet: create it below
  }
  const rule = service.rulesFor(alert)[0];
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(uri, { overwrite: false, ignoreIfExists: true, contents: new TextEncoder().encode(runbookTemplate(alert, rule, today())) });
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(`Could not create ${vscode.workspace.asRelativePath(uri)}.`);
    return undefined;
  }
  await showRunbook(uri);
  return uri;
}

async function pickFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showErrorMessage('Open a folder first: runbooks are created inside the workspace.');
    return undefined;
  }
  return folders.length === 1 ? folders[0] : vscode.window.showWorkspaceFolderPick({ placeHolder: 'Workspace folder for the new runbook' });
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}
