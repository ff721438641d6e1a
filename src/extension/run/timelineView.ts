// The "Timeline" view: the active incident session, event by event.
import * as vscode from 'vscode';
import { formatDuration, type SessionEvent } from '../../core/run/session';
import { ContextKeys } from '../constants';
import type { Sessions } from './sessions';
import { describeRunOutput } from './capture';

export class TimelineView implements vscode.TreeDataProvider<SessionEvent>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly sessions: Sessions) {
    this.sub = sessions.onDidChange(() => this.refresh());
    this.refresh();
  }

  refresh(): void {
    void vscode.commands.executeCommand('setContext', ContextKeys.incidentActive, !!this.sessions.active);
    this.changed.fire();
  }

  getChildren(element?: SessionEvent): SessionEvent[] {
    return element ? [] : [...(this.sessions.active?.events ?? [])];
  }

  getTreeItem(e: SessionEvent): vscode.TreeItem {
    const time = (iso: string) => iso.slice(11, 19);
    switch (e.type) {
      case 'start': {
        const item = new vscode.TreeItem(`Incident started${e.alert ? `: ${e.alert}` : ''}`);
        item.description = `${time(e.startedAt)} UTC`;
        item.tooltip = Object.entries(e.labels).map(([k, v]) => `${k}=${v}`).join('\n') || undefined;
        item.iconPath = new vscode.ThemeIcon('flame');
        return item;
      }
      case 'run': {
        const item = new vscode.TreeItem(e.command.split('\n')[0]);
        item.description = `${time(e.time)} · ${e.stepId} · ${e.exitCode === null ? 'exit ?' : `exit ${e.exitCode}`} · ${formatDuration(e.durationMs)}`;
        item.tooltip = new vscode.MarkdownString().appendCodeblock(e.command, 'sh').appendMarkdown(`\n${e.runbook}`);
        item.iconPath = new vscode.ThemeIcon(e.status === 'ok' ? 'pass' : e.status === 'failed' ? 'error' : 'question',
          e.status === 'failed' ? new vscode.ThemeColor('testing.iconFailed') : e.status === 'ok' ? new vscode.ThemeColor('testing.iconPassed') : undefined);
        describeRunOutput(item, e, this.sessions.active?.events.indexOf(e) ?? -1); // output excerpt, click for all (capture.ts)
        return item;
      }
      case 'note': {
        const item = new vscode.TreeItem(e.text);
        item.description = time(e.time);
        item.iconPath = new vscode.ThemeIcon('note');
        return item;
      }
      case 'end': {
        const item = new vscode.TreeItem('Incident ended');
        item.description = time(e.time);
        item.iconPath = new vscode.ThemeIcon('check');
        return item;
      }
    }
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}
