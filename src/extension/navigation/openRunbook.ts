// Opening runbooks: at a line (by default the first heading), or through a quick pick over the index.
import * as vscode from 'vscode';
import type { RunbookEntry, RunbookIndex } from '../../core/runbookIndex';

/** Open a runbook with the cursor on `line`, by default its first heading, revealed at the top. */
export async function showRunbook(uri: vscode.Uri, line?: number, entry?: RunbookEntry): Promise<vscode.TextEditor> {
  const target = line ?? entry?.headings[0]?.line ?? 0;
  const position = new vscode.Position(target, 0);
  const editor = await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position), preview: false });
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.AtTop);
  return editor;
}

interface RunbookPick extends vscode.QuickPickItem {
  readonly entry: RunbookEntry;
}

/** "Runbooks: Open Runbook…" — search by title, alert, service and tag. */
export async function pickRunbook(index: RunbookIndex): Promise<RunbookEntry | undefined> {
  const entries = index.all().sort((a, b) => a.title.localeCompare(b.title));
  if (entries.length === 0) {
    void vscode.window.showInformationMessage('No runbooks found in this workspace. Runbooks are markdown files matched by the `runbooks.include` setting.', 'Open Settings')
      .then((choice) => choice && vscode.commands.executeCommand('workbench.action.openSettings', 'runbooks.include'));
    return undefined;
  }
  const items: RunbookPick[] = entries.map((entry) => ({
    entry,
    label: `$(book) ${entry.title}`,
    description: [entry.service, ...entry.alerts].filter(Boolean).join(' · '),
    detail: [vscode.workspace.asRelativePath(vscode.Uri.parse(entry.path), true), ...entry.tags.map((t) => `#${t}`)].join('  '),
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Open Runbook',
    placeHolder: 'Search runbooks by title, alert, service or tag',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.entry;
}
