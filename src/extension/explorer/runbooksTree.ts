// The "Runbooks" view: runbooks grouped by service (or by alert), with counts, a filter and section shortcuts.
import * as vscode from 'vscode';
import { today } from '../../core/dates';
import { classifyFreshness, type Freshness } from '../../core/drill';
import type { RunbookEntry, RunbookIndex } from '../../core/runbookIndex';
import { Commands, ContextKeys } from '../constants';
import { escapeMarkdown } from '../util/markdown';
import type { CodeownersCache } from './codeowners';

export type GroupBy = 'service' | 'alert';

export type Node =
  | { readonly kind: 'group'; readonly key: string; readonly runbooks: readonly RunbookEntry[] }
  | { readonly kind: 'runbook'; readonly runbook: RunbookEntry; readonly group: string }
  | { readonly kind: 'section'; readonly runbook: RunbookEntry; readonly heading: number };

const NONE: Record<GroupBy, string> = { service: '(no service)', alert: '(no alert)' };
const GROUP_STATE = 'runbooks.explorer.groupBy';

export class RunbooksTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private filterText = '';
  private groupBy: GroupBy;
  private view: vscode.TreeView<Node> | undefined;

  constructor(private readonly index: RunbookIndex, private readonly state: vscode.Memento, private readonly codeowners?: CodeownersCache) {
    this.groupBy = state.get<GroupBy>(GROUP_STATE, 'service');
  }

  attach(view: vscode.TreeView<Node>): void {
    this.view = view;
    this.refresh();
  }

  get grouping(): GroupBy {
    return this.groupBy;
  }

  get filter(): string {
    return this.filterText;
  }

  async setGroupBy(groupBy: GroupBy): Promise<void> {
    this.groupBy = groupBy;
    await this.state.update(GROUP_STATE, groupBy);
    this.refresh();
  }

  setFilter(text: string): void {
    this.filterText = text.trim();
    this.refresh();
  }

  refresh(): void {
    void vscode.commands.executeCommand('setContext', ContextKeys.groupBy, this.groupBy);
    void vscode.commands.executeCommand('setContext', ContextKeys.filtered, this.filterText !== '');
    if (this.view) {
      const shown = this.visible().length;
      this.view.message = this.filterText ? `Filter "${this.filterText}": ${shown} of ${this.index.size} runbooks` : undefined;
      this.view.description = this.index.size ? String(this.index.size) : undefined;
    }
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    if (!node) {
      return this.groups();
    }
    switch (node.kind) {
      case 'group':
        return node.runbooks.map((runbook) => ({ kind: 'runbook', runbook, group: node.key }));
      case 'runbook':
        return sections(node.runbook).map((heading) => ({ kind: 'section', runbook: node.runbook, heading }));
      case 'section':
        return [];
    }
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'group': {
        const item = new vscode.TreeItem(node.key || NONE[this.groupBy], vscode.TreeItemCollapsibleState.Expanded);
        item.id = `group:${this.groupBy}:${node.key}`;
        item.description = String(node.runbooks.length);
        item.iconPath = new vscode.ThemeIcon(this.groupBy === 'service' ? 'server-process' : 'bell');
        item.contextValue = 'runbooks.group';
        item.tooltip = `${node.runbooks.length} runbook${node.runbooks.length === 1 ? '' : 's'}`;
        return item;
      }
      case 'runbook': {
        const r = node.runbook;
        const uri = vscode.Uri.parse(r.path);
        const item = new vscode.TreeItem(r.title, sections(r).length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = `runbook:${this.groupBy}:${node.group}:${r.path}`;
        item.resourceUri = uri;
        const fresh = r.drill && classifyFreshness(r.drill, today());
        const owner = r.owner ? { text: r.owner, from: 'front matter' } : this.ownerFromCodeowners(uri);
        const base = this.groupBy === 'service' ? r.alerts.join(', ') : r.service;
        const parts = [base, fresh && freshnessLabel(fresh), owner && `owner ${owner.text}`].filter((p): p is string => !!p);
        item.description = parts.length ? parts.join(' · ') : undefined;
        item.iconPath = r.problems.some((p) => p.severity === 'error')
          ? new vscode.ThemeIcon('warning')
          : fresh?.state === 'failing'
            ? new vscode.ThemeIcon('book', new vscode.ThemeColor('list.errorForeground'))
            : fresh?.state === 'stale'
              ? new vscode.ThemeIcon('book', new vscode.ThemeColor('list.warningForeground'))
              : new vscode.ThemeIcon('book');
        item.tooltip = tooltip(r, uri, fresh, owner);
        item.contextValue = 'runbooks.runbook';
        item.command = { command: Commands.openRunbook, title: 'Open Runbook', arguments: [uri, r.headings[0]?.line ?? 0] };
        return item;
      }
      case 'section': {
        const h = node.runbook.headings[node.heading];
        const item = new vscode.TreeItem(h.text, vscode.TreeItemCollapsibleState.None);
        item.id = `section:${this.groupBy}:${node.runbook.path}#${h.slug}:${node.heading}`;
        const steps = node.runbook.steps.filter((s) => s.section >= node.heading && s.line <= h.endLine).length;
        item.description = steps ? `${steps} step${steps === 1 ? '' : 's'}` : undefined;
        item.iconPath = new vscode.ThemeIcon('symbol-key');
        item.command = { command: Commands.openRunbook, title: 'Open Section', arguments: [vscode.Uri.parse(node.runbook.path), h.line] };
        return item;
      }
    }
  }

  private ownerFromCodeowners(uri: vscode.Uri): { text: string; from: string } | undefined {
    const owners = this.codeowners?.ownersOf(uri);
    return owners?.length ? { text: owners.join(' '), from: 'CODEOWNERS' } : undefined;
  }

  getParent(node: Node): Node | undefined {
    if (node.kind === 'section') {
      return { kind: 'runbook', runbook: node.runbook, group: groupKeys(node.runbook, this.groupBy)[0] };
    }
    if (node.kind === 'runbook') {
      return this.groups().find((g) => g.kind === 'group' && g.key === node.group);
    }
    return undefined;
  }

  /** The runbooks the filter lets through. */
  private visible(): RunbookEntry[] {
    return this.filterText ? this.index.search(this.filterText, Number.MAX_SAFE_INTEGER).map((r) => r.runbook) : this.index.all();
  }

  private groups(): Node[] {
    const groups = new Map<string, RunbookEntry[]>();
    for (const r of this.visible()) {
      for (const key of groupKeys(r, this.groupBy)) {
        let list = groups.get(key);
        if (!list) {
          list = [];
          groups.set(key, list);
        }
        list.push(r);
      }
    }
    return [...groups]
      .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))
      .map(([key, runbooks]) => ({ kind: 'group', key, runbooks: runbooks.sort((a, b) => a.title.localeCompare(b.title)) }));
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function groupKeys(r: RunbookEntry, by: GroupBy): readonly string[] {
  if (by === 'service') {
    return [r.service ?? ''];
  }
  return r.alerts.length ? r.alerts : [''];
}

/** The sections worth a shortcut: the runbook's H2 headings. */
function sections(r: RunbookEntry): number[] {
  const out: number[] = [];
  r.headings.forEach((h, i) => {
    if (h.level === 2) {
      out.push(i);
    }
  });
  return out;
}

/** The description suffix: `verified 3 d ago`, `stale`, `failing`, `never verified` (nothing for a malformed stamp). */
export function freshnessLabel(f: Freshness): string | undefined {
  switch (f.state) {
    case 'never':
      return 'never verified';
    case 'failing':
      return 'failing';
    case 'stale':
      return 'stale';
    case 'verified':
      return f.daysAgo === undefined ? 'verified' : f.daysAgo <= 0 ? 'verified today' : `verified ${f.daysAgo} d ago`;
    case 'malformed':
      return undefined;
  }
}

function freshnessLine(f: Freshness): string {
  const every = (e: string | undefined) => (e ? ` (verify_every ${e})` : '');
  const commit = (c: string) => (c ? `, commit ${c}` : '');
  switch (f.state) {
    case 'never':
      return `never verified by a drill${every(f.every)}`;
    case 'malformed':
      return '`last_verified` is malformed';
    case 'failing':
      return `last drill FAILED on ${f.last.date}${commit(f.last.commit)}`;
    case 'stale':
      return `stale: last verified ${f.last.date}${commit(f.last.commit)}, due ${f.due}${every(f.every)}`;
    case 'verified':
      return `verified ${f.last.date}${commit(f.last.commit)}${f.due ? `, next due ${f.due}` : ''}${every(f.every)}`;
  }
}

function tooltip(r: RunbookEntry, uri: vscode.Uri, fresh: Freshness | undefined, owner: { text: string; from: string } | undefined): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${escapeMarkdown(r.title)}**\n\n`);
  const row = (k: string, v: string | undefined) => v && md.appendMarkdown(`${k}: ${escapeMarkdown(v)}  \n`);
  row('Service', r.service);
  row('Alerts', r.alerts.join(', '));
  row('Owner', owner && (owner.from === 'CODEOWNERS' ? `${owner.text} (CODEOWNERS)` : owner.text));
  row('Severity', r.severity);
  row('Last reviewed', r.lastReviewed);
  if (fresh) {
    md.appendMarkdown(`Drill: ${escapeMarkdown(freshnessLine(fresh))}  \n`);
  }
  md.appendMarkdown(`Steps: ${r.steps.length}${r.steps.some((s) => s.destructive) ? ' (some destructive)' : ''}  \n`);
  md.appendMarkdown(`\n$(file) ${escapeMarkdown(vscode.workspace.asRelativePath(uri, true))}`);
  for (const p of r.problems.slice(0, 3)) {
    md.appendMarkdown(`\n\n$(warning) line ${p.line + 1}: ${escapeMarkdown(p.message)}`);
  }
  return md;
}
