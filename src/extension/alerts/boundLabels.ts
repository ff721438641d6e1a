// Shows the alert bound to the runbook in the active editor: a status-bar item, and the bound value next to each
// `{{variable}}` it fills. Editing and clearing the binding are commands.
import * as vscode from 'vscode';
import { parseRunbook } from '../../core/parse';
import { Commands } from '../constants';
import type { AlertService } from './alertService';

export class BoundLabelsView implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('runbooks.boundAlert', vscode.StatusBarAlignment.Left, 9);
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('editorCodeLens.foreground'), margin: '0 0 0 0.3em', fontStyle: 'italic' },
  });
  private readonly disposables: vscode.Disposable[] = [this.item, this.decoration];
  private typing: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly service: AlertService) {
    this.item.name = 'Runbook Alert';
    this.item.command = Commands.editBoundLabels;
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      // Off the typing path: re-parse once the user pauses.
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === vscode.window.activeTextEditor?.document && this.service.boundTo(e.document.uri.toString())) {
          clearTimeout(this.typing);
          this.typing = setTimeout(() => this.update(), 200);
        }
      }),
      service.onDidChangeBound(() => this.update()),
    );
    this.update();
  }

  update(): void {
    const editor = vscode.window.activeTextEditor;
    const bound = editor && this.service.boundTo(editor.document.uri.toString());
    if (!editor || !bound) {
      this.item.hide();
      editor?.setDecorations(this.decoration, []);
      return;
    }
    const labels = Object.entries(bound.labels).filter(([k]) => k !== 'alertname');
    this.item.text = `$(bell) ${bound.name}${labels.length ? ` · ${labels.length} label${labels.length === 1 ? '' : 's'}` : ''}`;
    const tip = new vscode.MarkdownString(`**${bound.name}**${bound.startsAt ? ` since ${bound.startsAt}` : ''}\n\n`);
    for (const [k, v] of labels) {
      tip.appendMarkdown(`- \`${k}\` = \`${v.replace(/`/g, "'")}\`\n`);
    }
    tip.appendMarkdown('\nClick to edit or clear the bound labels.');
    this.item.tooltip = tip;
    this.item.show();

    const runbook = parseRunbook(editor.document.uri.toString(), editor.document.getText());
    const options: vscode.DecorationOptions[] = [];
    for (const step of runbook.steps) {
      for (const v of step.variables) {
        const value = bound.labels[v.name];
        if (value !== undefined) {
          options.push({
            range: new vscode.Range(v.line, v.character, v.line, v.character + v.raw.length),
            renderOptions: { after: { contentText: `= ${value.length > 40 ? `${value.slice(0, 39)}…` : value}` } },
            hoverMessage: `\`${v.name}\` is bound to \`${value}\` from alert ${bound.name}`,
          });
        }
      }
    }
    editor.setDecorations(this.decoration, options);
  }

  dispose(): void {
    clearTimeout(this.typing);
    for (const d of this.disposables.splice(0)) {
      d.dispose();
    }
  }
}

/** "Runbooks: Edit Bound Labels…" for the active runbook. */
export async function editBoundLabels(service: AlertService, uri = vscode.window.activeTextEditor?.document.uri): Promise<void> {
  const bound = uri && service.boundTo(uri.toString());
  if (!uri || !bound) {
    void vscode.window.showInformationMessage('No alert is bound to this runbook. Open it from an alert link, a payload, or "Runbooks: Open Runbook for Alert…".');
    return;
  }
  type Item = vscode.QuickPickItem & { action: 'edit' | 'add' | 'clear'; key?: string };
  const items: Item[] = [
    ...Object.entries(bound.labels).map(([key, value]): Item => ({ action: 'edit', key, label: key, description: value })),
    { action: 'add', label: '$(add) Add label…' },
    { action: 'clear', label: '$(clear-all) Clear the bound alert' },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: `Labels of ${bound.name}`, placeHolder: 'Pick a label to change its value' });
  if (!picked) {
    return;
  }
  if (picked.action === 'clear') {
    await service.unbind(uri.toString());
    return;
  }
  const key = picked.key ?? (await vscode.window.showInputBox({
    title: 'Label name',
    validateInput: (v) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(v) ? undefined : 'Letters, digits and _, not starting with a digit'),
  }));
  if (!key) {
    return;
  }
  const value = await vscode.window.showInputBox({ title: `Value of ${key}`, value: bound.labels[key] ?? '', prompt: 'Leave empty to remove the label' });
  if (value === undefined) {
    return;
  }
  const labels = { ...bound.labels };
  if (value === '') {
    delete labels[key];
  } else {
    labels[key] = value;
  }
  await service.bind(uri.toString(), { ...bound, labels });
}
