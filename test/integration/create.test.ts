// "Runbooks: Create Runbook…" with arguments (no UI): a built-in template and a workspace template, written into the
// new-runbook folder or a given folder, indexed, opened at the first thing to fill in, and never overwritten.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, waitFor, workspaceUri } from './helpers';

const read = async (uri: vscode.Uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
const write = (uri: vscode.Uri, text: string) => vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
const codes = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'runbooks').map((d) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code)));

const ONCALL = `---
title: {{title}}
service: {{service}}
owner: "@example-org/queues"
last_reviewed: {{date}}
---

# {{title}}

## Meaning

Consumers of {{queue}} fall behind. {{cursor}}

## Impact

## Diagnosis

\`\`\`sh {id=depth}
rabbitmqctl list_queues name messages | grep {{queue}} # {{service}}
\`\`\`

## Mitigation
`;

async function remove(uri: vscode.Uri): Promise<void> {
  await vscode.workspace.fs.delete(uri, { recursive: true }).then(undefined, () => undefined);
}

describe('Create Runbook', () => {
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('creates a runbook from a built-in template, indexed and opened at the first thing to fill in, and never overwrites it', async () => {
    const { index } = await api();
    const uri = workspaceUri('runbooks', 'checkout-pods-not-ready.md');
    const args = { template: 'diagnostic', title: 'Checkout: pods not ready', service: 'checkout-api' };
    try {
      const created = await vscode.commands.executeCommand<vscode.Uri | undefined>('runbooks.createRunbook', args);
      assert.strictEqual(created?.toString(), uri.toString());
      const text = await read(uri);
      assert.match(text, /^---\ntitle: "Checkout: pods not ready"\nalerts: \[\]\nservice: checkout-api\nowner: ""\nseverity: warning\nlast_reviewed: \d{4}-\d{2}-\d{2}\n/);
      assert.match(text, /\n# Checkout: pods not ready\n/);
      assert.match(text, /kubectl -n \{\{namespace\}\} get pods/);

      const entry = await waitFor('the new runbook in the index', () => index.get(uri.toString()));
      assert.strictEqual(entry.title, 'Checkout: pods not ready');
      assert.strictEqual(entry.service, 'checkout-api');
      assert.deepStrictEqual(entry.steps.map((s) => s.id), ['pods', 'events']);

      const editor = vscode.window.activeTextEditor;
      assert.strictEqual(editor?.document.uri.toString(), uri.toString());
      assert.deepStrictEqual([editor.selection.active.line, editor.selection.active.character], [2, 9], 'the cursor is inside `alerts: []`');
      // The lint finds only what is left to fill in.
      await waitFor('lint diagnostics', () => codes(uri).length > 0);
      assert.deepStrictEqual(codes(uri), ['RB404']);

      await write(uri, '# edited by a person\n');
      const again = await vscode.commands.executeCommand<vscode.Uri | undefined>('runbooks.createRunbook', args);
      assert.strictEqual(again, undefined);
      assert.strictEqual(await read(uri), '# edited by a person\n');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await remove(uri);
      await waitFor('the runbook to leave the index', () => !index.has(uri.toString()));
    }
  });

  it('fills a workspace template into the folder it is given, leaving step variables alone', async () => {
    const { index } = await api();
    const templates = workspaceUri('.runbooks', 'runbook-templates');
    const folder = workspaceUri('playbooks', 'queues');
    const uri = vscode.Uri.joinPath(folder, 'queue-backlog.md');
    try {
      await vscode.workspace.fs.createDirectory(templates);
      await vscode.workspace.fs.createDirectory(folder);
      await write(vscode.Uri.joinPath(templates, 'oncall.md'), ONCALL);
      const created = await vscode.commands.executeCommand<vscode.Uri | undefined>('runbooks.createRunbook', { template: 'oncall', title: 'Queue backlog', folder });
      assert.strictEqual(created?.toString(), uri.toString());
      const text = await read(uri);
      assert.match(text, /^---\ntitle: Queue backlog\nservice: ""\nowner: "@example-org\/queues"\nlast_reviewed: \d{4}-\d{2}-\d{2}\n---\n\n# Queue backlog\n/);
      assert.match(text, /\nConsumers of \{\{queue\}\} fall behind\. \n/);
      assert.match(text, /grep \{\{queue\}\} # \{\{service\}\}\n/);
      await waitFor('the new playbook in the index', () => index.has(uri.toString()));
      const editor = vscode.window.activeTextEditor;
      const line = text.split('\n').findIndex((l) => l.startsWith('Consumers of'));
      assert.deepStrictEqual([editor?.selection.active.line, editor?.selection.active.character], [line, 'Consumers of {{queue}} fall behind. '.length], 'the cursor is where {{cursor}} was');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await remove(workspaceUri('playbooks'));
      await remove(workspaceUri('.runbooks', 'runbook-templates'));
      await waitFor('the playbook to leave the index', () => !index.has(uri.toString()));
    }
  });

  it('Create Runbook for Alert fills a workspace template from the alert\'s rule', async () => {
    const { index } = await api();
    const templates = workspaceUri('.runbooks', 'runbook-templates');
    const uri = workspaceUri('runbooks', 'KubePodCrashLooping.md');
    try {
      await vscode.workspace.fs.createDirectory(templates);
      await write(vscode.Uri.joinPath(templates, 'oncall.md'), ONCALL);
      const created = await vscode.commands.executeCommand<vscode.Uri | undefined>('runbooks.createRunbookForAlert', 'KubePodCrashLooping', { template: 'oncall' });
      assert.strictEqual(created?.toString(), uri.toString());
      const text = await read(uri);
      // The workspace template's own front matter and sections, filled from the rule (monitoring/alerts.rules.yml).
      assert.match(text, /^---\ntitle: A pod keeps restarting\nservice: ""\nowner: "@example-org\/queues"\nlast_reviewed: \d{4}-\d{2}-\d{2}\nalerts: \[KubePodCrashLooping\]\nseverity: warning\n---\n\n# A pod keeps restarting\n/);
      assert.match(text, /## Meaning\n\nA pod keeps restarting\n\nThe alert fires when this expression has results for 15m:\n\n```promql\nincrease\(kube_pod_container_status_restarts_total\[10m\]\) > 3\n```\n\nConsumers of \{\{queue\}\} fall behind\. \n/);
      assert.match(text, /grep \{\{queue\}\} # \{\{service\}\}\n/);
      const entry = await waitFor('the new runbook in the index', () => index.get(uri.toString()));
      assert.deepStrictEqual(entry.alerts, ['KubePodCrashLooping']);
      const editor = vscode.window.activeTextEditor;
      const line = text.split('\n').findIndex((l) => l.startsWith('Consumers of'));
      assert.deepStrictEqual([editor?.selection.active.line, editor?.selection.active.character], [line, 'Consumers of {{queue}} fall behind. '.length], 'the cursor is where {{cursor}} was');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await remove(uri);
      await remove(workspaceUri('.runbooks', 'runbook-templates'));
      await waitFor('the runbook to leave the index', () => !index.has(uri.toString()));
    }
  });

  it('refuses a folder outside the workspace, a title without letters and an unknown template, creating nothing', async () => {
    await api();
    for (const args of [
      { template: 'blank', title: 'Escape', folder: '../outside' },
      { template: 'blank', title: '../..' },
      { template: 'no-such-template', title: 'Nope' },
    ]) {
      assert.strictEqual(await vscode.commands.executeCommand('runbooks.createRunbook', args), undefined, JSON.stringify(args));
    }
    const names = (await vscode.workspace.fs.readDirectory(workspaceUri('runbooks'))).map(([n]) => n);
    assert.ok(!names.some((n) => /^(escape|nope|runbook)\.md$/.test(n)), names.join(', '));
  });
});

describe('Restricted Mode: Create Runbook', function () {
  before(function () {
    if (process.env.RUNBOOKS_TEST_UNTRUSTED !== '1') {
      this.skip(); // the trusted pass: covered above
    }
  });

  it('creates a runbook in Restricted Mode (it runs nothing)', async () => {
    const { index } = await api();
    assert.strictEqual(vscode.workspace.isTrusted, false);
    const uri = workspaceUri('runbooks', 'restricted-create.md');
    try {
      const created = await vscode.commands.executeCommand<vscode.Uri | undefined>('runbooks.createRunbook', { template: 'blank', title: 'Restricted create' });
      assert.strictEqual(created?.toString(), uri.toString());
      await waitFor('the new runbook in the index', () => index.has(uri.toString()));
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await remove(uri);
    }
  });
});
