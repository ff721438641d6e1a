// Status-bar item with the number of runbooks; a click opens the runbook picker.
import * as vscode from 'vscode';
import type { RunbookIndex } from '../core/runbookIndex';
import { Commands } from './constants';

export class RunbooksStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('runbooks.count', vscode.StatusBarAlignment.Left, 10);

  constructor(private readonly index: RunbookIndex) {
    this.item.name = 'Runbooks';
    this.item.command = Commands.openRunbook;
    this.item.text = '$(sync~spin) Runbooks';
    this.item.tooltip = 'Indexing runbooks…';
    this.item.show();
  }

  update(): void {
    const n = this.index.size;
    const problems = this.index.problems().filter((p) => p.severity === 'error').length;
    this.item.text = `$(book) ${n} runbook${n === 1 ? '' : 's'}${problems ? ` $(warning) ${problems}` : ''}`;
    this.item.tooltip = `${n} runbook${n === 1 ? '' : 's'} indexed${problems ? `, ${problems} with errors` : ''}. Click to open one.`;
  }

  dispose(): void {
    this.item.dispose();
  }
}
