// Small file-system and date helpers shared by the features.
import * as vscode from 'vscode';

export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Today as YYYY-MM-DD (UTC), for `last_reviewed`, new runbooks and lint's staleness check. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
