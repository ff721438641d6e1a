// The "Timeline" view: the active incident session, event by event.
// It renders from the active session in memory, the array Sessions.append pushes to before it fires (synchronously):
// no file read, no watcher. ViewSync (core/run/viewSync.ts) re-fires a change the workbench has not fetched yet,
// so a refresh lost in VS Code's tree (folded into a fetch already in flight) cannot leave a recorded run unshown.
import * as vscode from 'vscode';
import { formatDuration, type SessionEvent } from '../../core/run/session';
import { ViewSync } from '../../core/run/viewSync';
import { ContextKeys } from '../constants';
import type { Sessions } from './sessions';
import { describeRunOutput } from './capture';

export class TimelineView implements vscode.TreeDataProvider<SessionEvent>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subs: vscode.Disposable[] = [];
  /** Which change of the session the workbench has fetched. */
  readonly sync = new ViewSync({
    fire: () => this.changed.fire(),
    schedule: (fn, ms) => {
      const t = setTimeout(fn, ms);
      return () => clearTimeout(t);
    },
  });
  private readonly ids = new WeakMap<SessionEvent, string>();

  constructor(private readonly sessions: Sessions) {
    this.subs.push(sessions.onDidChange(() => this.refresh()));
    this.refresh();
  }

  /** The tree view showing this provider: a view shown while behind the session is refreshed at once. */
  attach(view: vscode.TreeView<SessionEvent>): void {
    this.sync.setVisible(view.visible);
    this.subs.push(view.onDidChangeVisibility((e) => this.sync.setVisible(e.visible)));
  }

  refresh(): void {
    void vscode.commands.executeCommand('setContext', ContextKeys.incidentActive, !!this.sessions.active);
    this.sync.changed();
  }

  getChildren(element?: SessionEvent): SessionEvent[] {
    if (element) {
      return [];
    }
    this.sync.fetched();
    const session = this.sessions.active;
    const events = [...(session?.events ?? [])];
    // Stable ids: a row keeps its identity across refreshes, and the same command run twice is two rows.
    events.forEach((e, i) => this.ids.set(e, `${session?.id}#${i}`));
    return events;
  }

  getTreeItem(e: SessionEvent): vscode.TreeItem {
    const item = this.item(e);
    item.id = this.ids.get(e);
    return item;
  }

  private item(e: SessionEvent): vscode.TreeItem {
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
        // The command line, not the leading line that assigns the values (see prepareStep): the tooltip has both.
        const lines = e.command.split('\n');
        const item = new vscode.TreeItem(lines.length > 1 && /^(?:RUNBOOK_V_|export |\$env:)/.test(lines[0]) ? lines[1] : lines[0]);
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
    this.sync.dispose();
    for (const d of this.subs.splice(0)) {
      d.dispose();
    }
    this.changed.dispose();
  }
}
