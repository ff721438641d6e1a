// Activation: the one place where everything is created and registered. Each feature lives in its own folder;
// this file wires them to VS Code and owns their disposables through `context.subscriptions`.
import * as vscode from 'vscode';
import type { RunbookIndex } from '../core/runbookIndex';
import { Commands, ContextKeys, Views } from './constants';
import { ParseDiagnostics } from './diagnostics/parseDiagnostics';
import { RunbooksTree, type Node } from './explorer/runbooksTree';
import { WorkspaceIndex } from './index/workspaceIndex';
import { pickRunbook, showRunbook } from './navigation/openRunbook';
import { RunbooksStatusBar } from './statusBar';
import { RunbookDocumentSymbols, RunbookWorkspaceSymbols } from './symbols/symbols';

/** What `activate` returns: used by the integration tests and open to other extensions. */
export interface RunbooksApi {
  readonly index: RunbookIndex;
  /** Resolves when the current full index is complete. */
  ready(): Promise<void>;
  readonly tree: RunbooksTree;
  /** Milliseconds from loading the bundle to the end of `activate` (code loading + activation). */
  readonly activationMs: number;
}

export function activate(context: vscode.ExtensionContext): RunbooksApi {
  const t0 = (globalThis as { __runbooksLoadStart?: number }).__runbooksLoadStart ?? performance.now();
  const workspaceIndex = new WorkspaceIndex();
  const index = workspaceIndex.index;
  const tree = new RunbooksTree(index, context.workspaceState);
  const view = vscode.window.createTreeView<Node>(Views.explorer, { treeDataProvider: tree, showCollapseAll: true });
  const statusBar = new RunbooksStatusBar(index);
  tree.attach(view);
  const diagnostics = new ParseDiagnostics((uri) => workspaceIndex.isRunbook(uri));

  let pending: ReturnType<typeof setTimeout> | undefined;
  const refreshViews = () => {
    clearTimeout(pending);
    pending = setTimeout(() => {
      tree.refresh();
      statusBar.update();
      void vscode.commands.executeCommand('setContext', ContextKeys.count, index.size);
    }, 50);
  };

  context.subscriptions.push(
    workspaceIndex,
    tree,
    view,
    statusBar,
    diagnostics,
    { dispose: () => clearTimeout(pending) },
    workspaceIndex.onDidChange(refreshViews),
    workspaceIndex.onDidIndex(() => {
      void vscode.commands.executeCommand('setContext', ContextKeys.indexed, true);
      diagnostics.refreshAll();
      refreshViews();
    }),
    vscode.commands.registerCommand(Commands.openRunbook, async (target?: vscode.Uri | string, line?: number) => {
      if (target) {
        const uri = typeof target === 'string' ? vscode.Uri.parse(target) : target;
        return showRunbook(uri, line, index.get(uri.toString()));
      }
      const entry = await pickRunbook(index);
      return entry && showRunbook(vscode.Uri.parse(entry.path), undefined, entry);
    }),
    vscode.commands.registerCommand(Commands.refresh, () => workspaceIndex.reindex()),
    vscode.commands.registerCommand(Commands.filter, async () => {
      const text = await vscode.window.showInputBox({
        title: 'Filter Runbooks',
        prompt: 'Show runbooks whose title, alerts, service, tags or file name match every word',
        value: tree.filter,
      });
      if (text !== undefined) {
        tree.setFilter(text);
      }
    }),
    vscode.commands.registerCommand(Commands.clearFilter, () => tree.setFilter('')),
    vscode.commands.registerCommand(Commands.groupByService, () => tree.setGroupBy('service')),
    vscode.commands.registerCommand(Commands.groupByAlert, () => tree.setGroupBy('alert')),
    vscode.languages.registerWorkspaceSymbolProvider(new RunbookWorkspaceSymbols(index)),
    vscode.languages.registerDocumentSymbolProvider({ language: 'markdown' }, new RunbookDocumentSymbols((uri) => workspaceIndex.isRunbook(uri)), { label: 'Runbook' }),
  );

  void workspaceIndex.reindex();
  return { index, ready: () => workspaceIndex.ready, tree, activationMs: performance.now() - t0 };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
