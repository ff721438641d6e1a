// The core's text edits (0-based ranges + new text) as a VS Code WorkspaceEdit on one document.
import * as vscode from 'vscode';
import type { TextEdit } from '../../core/text';

export function toWorkspaceEdit(uri: vscode.Uri, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) {
    edit.replace(uri, new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.newText);
  }
  return edit;
}
