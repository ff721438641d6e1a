// Small file-system helpers shared by the features (and "today", which is core/dates' for both hosts).
import * as vscode from 'vscode';

export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Today as YYYY-MM-DD, for `last_reviewed` and new runbooks: the same date `runbook lint` uses (see core/dates). */
