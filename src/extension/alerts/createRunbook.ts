// "Create runbook" for an alert: a new file from the template, front matter pre-filled from the alert's rule.
// Never overwrites, never writes outside a workspace folder (the shared steps are in ../create/newFile).
import * as vscode from 'vscode';
import { runbookTemplate } from '../../core/alerts/template';
import { Settings } from '../constants';
import { createFile, settingFolder, targetWorkspaceFolder } from '../create/newFile';
import { showRunbook } from '../navigation/openRunbook';
import { today } from '../util/files';
import type { AlertService } from './alertService';

const ALERT_NAME = /^[A-Za-z_:][A-Za-z0-9_:]{0,199}$/;

/** Create (or, when it exists, just open) `<folder>/<AlertName>.md`; returns its URI, or undefined when cancelled. */
export async function createRunbookForAlert(service: AlertService, alert: string): Promise<vscode.Uri | undefined> {
  if (!ALERT_NAME.test(alert)) {
    void vscode.window.showErrorMessage(`Cannot create a runbook for "${alert.slice(0, 80)}": not a valid alert name.`);
    return undefined;
  }
  const folder = await targetWorkspaceFolder();
  const dir = folder && settingFolder(folder, Settings.newRunbookFolder, 'runbooks');
  if (!dir) {
    return undefined;
  }
  const uri = vscode.Uri.joinPath(dir, `${alert.replace(/:/g, '_')}.md`);
  const rule = service.rulesFor(alert)[0];
  const result = await createFile(uri, runbookTemplate(alert, rule, today()));
  if (result === 'failed') {
    void vscode.window.showErrorMessage(`Could not create ${vscode.workspace.asRelativePath(uri)}.`);
    return undefined;
  }
  if (result === 'exists') {
    void vscode.window.showInformationMessage(`${vscode.workspace.asRelativePath(uri)} already exists: opened it instead.`);
  }
  await showRunbook(uri);
  return uri;
}
