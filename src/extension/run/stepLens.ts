// "▶ Run" and "Copy" above every runnable step, "Run all steps in section" on headings with steps. Nothing runs
// from a lens being shown: only a click does.
import * as vscode from 'vscode';
import { parseRunbook } from '../../core/parse';
import { stepButtons } from '../../core/run/lenses';
import { Commands } from '../constants';

export class StepLenses implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly isRunbook: (uri: vscode.Uri) => boolean) {}

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.isRunbook(document.uri)) {
      return [];
    }
    const runbook = parseRunbook(document.uri.toString(), document.getText(), { links: false });
    if (runbook.steps.length === 0) {
      return [];
    }
    const lenses: vscode.CodeLens[] = [];
    const at = (line: number) => new vscode.Range(line, 0, line, 0);
    if (!vscode.workspace.isTrusted) {
      const first = runbook.steps[0].range.start.line;
      return [new vscode.CodeLens(at(first), { title: '$(workspace-untrusted) Running steps is disabled in Restricted Mode', command: 'workbench.trust.manage' })];
    }
    const buttons = stepButtons(runbook);
    for (const s of buttons.sections) {
      lenses.push(new vscode.CodeLens(at(s.line), { title: `$(run-all) Run all steps in section (${s.steps})`, command: Commands.runSection, arguments: [document.uri, s.heading] }));
    }
    for (const s of buttons.steps) {
      lenses.push(
        new vscode.CodeLens(at(s.line), { title: s.destructive ? '$(warning) Run…' : '▶ Run', command: Commands.runStep, arguments: [document.uri, s.id], tooltip: `Run step ${s.id} in the runbook's terminal` }),
        new vscode.CodeLens(at(s.line), { title: '$(copy) Copy', command: Commands.copyStep, arguments: [document.uri, s.id], tooltip: 'Copy the command with its variables filled in' }),
      );
    }
    return lenses;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
