// The index, the Runbooks view, opening runbooks, symbols and diagnostics, in a real extension host.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { Node } from '../../src/extension/explorer/runbooksTree';
import { api, waitFor, workspaceUri } from './helpers';

const label = (item: vscode.TreeItem) => (typeof item.label === 'string' ? item.label : item.label?.label);

describe('Runbooks view and index', () => {
  it('indexes the fixture runbooks, and only them', async () => {
    const { index } = await api();
    const paths = index.all().map((e) => vscode.workspace.asRelativePath(vscode.Uri.parse(e.path), false)).sort();
    assert.deepStrictEqual(paths, ['runbooks/db/postgres-replication-lag.md', 'runbooks/disk-almost-full.md', 'runbooks/high-error-rate.md']);
  });

  it('reports activation time', async () => {
    const { activationMs, loadMs, startMs } = await api();
    console.log(`    activation took ${activationMs.toFixed(1)} ms (loading the entry ${loadMs.toFixed(1)} ms); starting the features after it ${startMs.toFixed(1)} ms`);
    assert.ok(activationMs >= 0 && startMs > 0);
  });

  it('groups by service with counts, and by alert after the toggle', async () => {
    const { tree } = await api();
    await vscode.commands.executeCommand('runbooks.groupByService');
    const groups = tree.getChildren();
    assert.deepStrictEqual(groups.map((g) => label(tree.getTreeItem(g))), ['checkout-api', 'node', 'postgres']);
    assert.deepStrictEqual(groups.map((g) => tree.getTreeItem(g).description), ['1', '1', '1']);
    const runbooks = tree.getChildren(groups[0]);
    const item = tree.getTreeItem(runbooks[0]);
    assert.strictEqual(label(item), 'High HTTP error rate');
    assert.strictEqual(item.command?.command, 'runbooks.openRunbook');
    assert.deepStrictEqual(tree.getChildren(runbooks[0]).map((s) => label(tree.getTreeItem(s))), ['Meaning', 'Diagnosis', 'Mitigation']);

    await vscode.commands.executeCommand('runbooks.groupByAlert');
    assert.strictEqual(tree.grouping, 'alert');
    assert.deepStrictEqual(tree.getChildren().map((g) => label(tree.getTreeItem(g))), ['HighHTTPErrorRate', 'NodeFilesystemAlmostOutOfSpace', 'PostgresReplicationLag']);
    await vscode.commands.executeCommand('runbooks.groupByService');
  });

  it('filters the tree', async () => {
    const { tree } = await api();
    tree.setFilter('postgres');
    try {
      const groups = tree.getChildren();
      assert.deepStrictEqual(groups.map((g) => label(tree.getTreeItem(g))), ['postgres']);
    } finally {
      await vscode.commands.executeCommand('runbooks.clearFilter');
    }
    assert.strictEqual(tree.getChildren().length, 3);
  });

  it('opens a runbook at its first heading from the tree item command', async () => {
    const { tree } = await api();
    const group = tree.getChildren().find((g: Node) => g.kind === 'group' && g.key === 'postgres')!;
    const item = tree.getTreeItem(tree.getChildren(group)[0]);
    await vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));
    const editor = await waitFor('the runbook editor', () => vscode.window.activeTextEditor?.document.uri.path.endsWith('postgres-replication-lag.md') && vscode.window.activeTextEditor);
    assert.strictEqual(editor.document.lineAt(editor.selection.active.line).text, '# Postgres replication lag');
  });

  it('provides workspace symbols for runbooks and alerts', async () => {
    await api();
    const byTitle = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', 'High HTTP');
    assert.ok(byTitle.some((s) => s.name === 'High HTTP error rate' && s.kind === vscode.SymbolKind.File), JSON.stringify(byTitle.map((s) => s.name)));
    const byAlert = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', 'PostgresRepl');
    const alert = byAlert.find((s) => s.name === 'PostgresReplicationLag');
    assert.ok(alert, JSON.stringify(byAlert.map((s) => s.name)));
    assert.strictEqual(alert.kind, vscode.SymbolKind.Event);
  });

  it('outlines headings with their steps', async () => {
    await api();
    const uri = workspaceUri('runbooks', 'high-error-rate.md');
    const symbols = await waitFor('document symbols', async () => {
      const all = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
      return all?.find((s) => s.name === 'High HTTP error rate' && s.children.some((c) => c.name === 'Diagnosis')) && all;
    });
    const h1 = symbols.find((s) => s.name === 'High HTTP error rate' && s.children.some((c) => c.name === 'Diagnosis'))!;
    const diagnosis = h1.children.find((c) => c.name === 'Diagnosis')!;
    assert.deepStrictEqual(diagnosis.children.map((c) => c.name), ['▶ error-pods']);
    const mitigation = h1.children.find((c) => c.name === 'Mitigation')!;
    assert.deepStrictEqual(mitigation.children.map((c) => [c.name, c.detail]), [['▶ rollback', 'sh · destructive']]);
  });

  it('updates incrementally when a runbook is created, changed and deleted', async () => {
    const { index, tree } = await api();
    const uri = workspaceUri('runbooks', 'new-runbook.md');
    const key = uri.toString();
    const body = (title: string, service: string) => `---\ntitle: ${title}\nservice: ${service}\nalerts: [NewAlert]\n---\n\n# ${title}\n\n## Diagnosis\n\n\`\`\`sh\nuptime\n\`\`\`\n`;

    await vscode.workspace.fs.writeFile(uri, Buffer.from(body('Brand new', 'newsvc')));
    await waitFor('the created runbook', () => index.get(key)?.title === 'Brand new');
    assert.deepStrictEqual(index.findByAlert('NewAlert').map((m) => m.runbook.path), [key]);
    await waitFor('the tree to show it', () => tree.getChildren().some((g) => g.kind === 'group' && g.key === 'newsvc'));

    await vscode.workspace.fs.writeFile(uri, Buffer.from(body('Renamed', 'othersvc')));
    await waitFor('the changed runbook', () => index.get(key)?.title === 'Renamed');
    await waitFor('the tree to regroup it', () => tree.getChildren().some((g) => g.kind === 'group' && g.key === 'othersvc') && !tree.getChildren().some((g) => g.kind === 'group' && g.key === 'newsvc'));

    await vscode.workspace.fs.delete(uri);
    await waitFor('the deleted runbook to leave the index', () => !index.has(key));
    assert.deepStrictEqual(index.findByAlert('NewAlert'), []);
    assert.strictEqual(index.size, 3);
  });

  it('shows drill freshness and the CODEOWNERS owner in the description', async () => {
    const { index, tree } = await api();
    const uri = workspaceUri('runbooks', 'drilled.md');
    const codeowners = workspaceUri('CODEOWNERS');
    const key = uri.toString();
    const text = '---\ntitle: Drilled\nservice: drillsvc\nverify_every: 30d\nlast_verified: {date: 2026-11-20, commit: "abc1234", result: fail}\n---\n\n# Drilled\n';
    await vscode.workspace.fs.writeFile(codeowners, Buffer.from('*  @org/everyone\nrunbooks/drilled.md  @org/sre\n'));
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text));
    try {
      await waitFor('the drilled runbook', () => index.get(key)?.title === 'Drilled');
      const description = () => {
        const group = tree.getChildren().find((g) => g.kind === 'group' && g.key === 'drillsvc');
        return group && String(tree.getTreeItem(tree.getChildren(group)[0]).description);
      };
      const shown = await waitFor('the owner from CODEOWNERS', () => description()?.includes('owner @org/sre') && description());
      assert.match(shown, /(^| · )failing · owner @org\/sre$/);
    } finally {
      await vscode.workspace.fs.delete(uri);
      await vscode.workspace.fs.delete(codeowners);
      await waitFor('the drilled runbook to leave the index', () => !index.has(key));
    }
  });

  it('drops the runbooks of a deleted folder', async () => {
    const { index } = await api();
    const dir = workspaceUri('runbooks', 'tmp-folder');
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, 'a.md'), Buffer.from('# A\n'));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, 'b.md'), Buffer.from('# B\n'));
    await waitFor('both runbooks', () => index.size === 5);
    await vscode.workspace.fs.delete(dir, { recursive: true });
    await waitFor('the folder to leave the index', () => index.size === 3);
  });

  it('respects files.exclude, and indexes again when it changes', async () => {
    const { index } = await api();
    const files = vscode.workspace.getConfiguration('files');
    const key = workspaceUri('runbooks', 'db', 'postgres-replication-lag.md').toString();
    await files.update('exclude', { '**/db/**': true }, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor('the excluded runbook to leave the index', () => !index.has(key));
      assert.strictEqual(index.size, 2);
    } finally {
      await files.update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor('the runbook to come back', () => index.has(key));
  });

  it('ignores markdown files that are not runbooks', async () => {
    const { index } = await api();
    const uri = workspaceUri('docs', 'more-notes.md');
    await vscode.workspace.fs.writeFile(uri, Buffer.from('# Not a runbook\n'));
    await new Promise((r) => setTimeout(r, 500));
    assert.strictEqual(index.has(uri.toString()), false);
    await vscode.workspace.fs.delete(uri);
  });

  it('shows front-matter problems as diagnostics with their line', async () => {
    await api();
    const uri = workspaceUri('runbooks', 'broken.md');
    await vscode.workspace.fs.writeFile(uri, Buffer.from('---\ntitle: Broken\nseverity: apocalyptic\n---\n\n# Broken\n'));
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      const diag = await waitFor('the severity diagnostic', () =>
        vscode.languages.getDiagnostics(uri).find((x) => x.source === 'runbooks' && /severity.*apocalyptic/.test(x.message)));
      assert.strictEqual(diag.range.start.line, 2);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(uri);
    }
  });
});
