// Alerts ↔ runbooks in a real extension host: links, payloads, rule-file navigation, bound labels, create runbook.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { RunbooksApi } from '../../src/extension/extension';
import { api, waitFor, workspaceUri } from './helpers';

const LINK = 'vscode://incident-runbooks.incident-runbooks/alert';

async function workspaceFiles(): Promise<string[]> {
  return (await vscode.workspace.findFiles('**/*')).map((u) => u.toString()).sort();
}

async function openLink(handler: { open(uri: vscode.Uri): Promise<unknown> }, link: string): Promise<vscode.TextEditor | undefined> {
  return (await handler.open(vscode.Uri.parse(link))) as vscode.TextEditor | undefined;
}

async function closeEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

describe('Alerts and runbooks', () => {
  afterEach(closeEditors);
  // The first-step offer (firstStep.test.ts) is a modal dialog, which this workbench refuses: answer "open only".
  let prompt: RunbooksApi['firstStep']['prompt'];
  before(async () => {
    const { firstStep } = await api();
    prompt = firstStep.prompt;
    firstStep.prompt = async () => 'open';
  });
  after(async () => {
    (await api()).firstStep.prompt = prompt;
  });

  it('indexes the alerts of the workspace rule file', async () => {
    const { alerts } = await api();
    await waitFor('rules', () => alerts.knownAlerts().includes('KubePodCrashLooping'));
    assert.deepStrictEqual(alerts.knownAlerts(), ['HighHTTPErrorRate', 'KubePodCrashLooping', 'NodeFilesystemAlmostOutOfSpace', 'PostgresReplicationLag']);
  });

  it('opens the runbook of an alert link, with its labels bound', async () => {
    const { uriHandler, alerts } = await api();
    const editor = await openLink(uriHandler, (`${LINK}?name=HighHTTPErrorRate&namespace=prod&pod=web-1`));
    assert.ok(editor, 'no editor');
    assert.ok(editor.document.uri.path.endsWith('/runbooks/high-error-rate.md'), editor.document.uri.toString());
    // At the section of the step the link offers (its first diagnostic step), not the front matter.
    assert.strictEqual(editor.document.lineAt(editor.selection.active.line).text, '## Diagnosis');
    assert.deepStrictEqual(alerts.boundTo(editor.document.uri.toString())?.labels, { namespace: 'prod', pod: 'web-1' });
  });

  it('accepts labels as URL-encoded JSON, and resolves runbook_url through the URL mapping', async () => {
    const { uriHandler, alerts } = await api();
    const labels = encodeURIComponent(JSON.stringify({ namespace: 'db', instance: 'pg-2:5432' }));
    const editor = await openLink(uriHandler, (`${LINK}?name=PostgresReplicationLag&labels=${labels}`));
    assert.ok(editor?.document.uri.path.endsWith('/runbooks/db/postgres-replication-lag.md'), editor?.document.uri.toString());
    assert.deepStrictEqual(alerts.boundTo(editor!.document.uri.toString())?.labels, { namespace: 'db', instance: 'pg-2:5432' });
  });

  it('follows a change to runbooks.urlMappings at once', async () => {
    const { alerts } = await api();
    const rule = workspaceUri('monitoring', 'alerts.rules.yml').toString();
    const url = 'https://wiki.example.org/rb/db/postgres-replication-lag';
    const config = vscode.workspace.getConfiguration('runbooks');
    const before = config.get('urlMappings');
    assert.strictEqual(alerts.resolveUrl(url, rule), undefined);
    try {
      await config.update('urlMappings', [{ prefix: 'https://wiki.example.org/rb/', folder: 'runbooks' }], vscode.ConfigurationTarget.Workspace);
      await waitFor('the new mapping', () => alerts.resolveUrl(url, rule)?.path.endsWith('/runbooks/db/postgres-replication-lag.md'));
    } finally {
      await config.update('urlMappings', before, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor('the old mapping back', () => alerts.resolveUrl(url, rule) === undefined);
  });

  it('refuses hostile links without opening or creating anything', async () => {
    const { uriHandler } = await api();
    const before = await workspaceFiles();
    const hostile = [
      `${LINK}?name=../../etc/passwd`,
      `${LINK}?name=${'A'.repeat(5000)}`,
      `${LINK}?name=HighHTTPErrorRate&labels=%7Bnot-json`,
      `${LINK}?name=HighHTTPErrorRate&${Array.from({ length: 100 }, (_, i) => `l${i}=v`).join('&')}`,
      `${LINK}?name=HighHTTPErrorRate&bad-label=x`,
      `${LINK}?name=HighHTTPErrorRate&namespace=${encodeURIComponent('a\u0000b')}`,
      'vscode://incident-runbooks.incident-runbooks/../../etc/passwd?name=HighHTTPErrorRate',
      `${LINK}?labels=%7B%7D`,
    ];
    for (const link of hostile) {
      assert.strictEqual(await openLink(uriHandler, (link)), undefined, link.slice(0, 120));
    }
    assert.strictEqual(vscode.window.activeTextEditor, undefined);
    assert.deepStrictEqual(await workspaceFiles(), before);
  });

  it('says so, and opens nothing, for an alert without a runbook', async () => {
    const { uriHandler } = await api();
    assert.strictEqual(await openLink(uriHandler, (`${LINK}?name=NoSuchAlert`)), undefined);
    assert.strictEqual(vscode.window.activeTextEditor, undefined);
  });

  it('opens from an Alertmanager payload and from a selector', async () => {
    const { alerts } = await api();
    const payload = JSON.stringify({
      version: '4', status: 'firing', receiver: 'oncall',
      alerts: [{ status: 'firing', labels: { alertname: 'HighHTTPErrorRate', namespace: 'shop' }, annotations: {}, startsAt: '2026-11-25T03:01:00Z' }],
    });
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('runbooks.openFromPayload', payload);
    assert.ok(editor?.document.uri.path.endsWith('/runbooks/high-error-rate.md'));
    const bound = alerts.boundTo(editor.document.uri.toString());
    assert.strictEqual(bound?.labels.namespace, 'shop');
    assert.strictEqual(bound?.startsAt, '2026-11-25T03:01:00Z');

    const byName = await vscode.commands.executeCommand<vscode.TextEditor>('runbooks.openFromPayload', 'NodeFilesystemAlmostOutOfSpace{instance="node-7:9100", mountpoint="/var"}');
    assert.ok(byName?.document.uri.path.endsWith('/runbooks/disk-almost-full.md'));
    assert.strictEqual(alerts.boundTo(byName.document.uri.toString())?.labels.mountpoint, '/var');
  });

  it('shows runbook CodeLenses, hovers and definitions in the rule file', async () => {
    await api();
    const uri = workspaceUri('monitoring', 'alerts.rules.yml');
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.strictEqual(doc.languageId, 'yaml');
    const lenses = await waitFor('rule-file lenses', async () => {
      const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
      const ours = all.filter((l) => l.command && /runbooks\./.test(l.command.command));
      return ours.length >= 3 && ours;
    });
    const byLine = lenses.map((l) => [l.range.start.line, l.command!.title]);
    assert.deepStrictEqual(byLine, [[3, '$(book) High HTTP error rate'], [11, '$(book) Postgres replication lag'], [18, '$(new-file) Create runbook']]);

    const alertPos = new vscode.Position(3, doc.lineAt(3).text.indexOf('HighHTTPErrorRate') + 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, alertPos);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /High HTTP error rate/);
    assert.match(text, /More than 5% of requests/);

    const defs = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', uri, alertPos);
    const targets = defs.map((d) => ('targetUri' in d ? d.targetUri : d.uri).path);
    assert.ok(targets.some((p) => p.endsWith('/runbooks/high-error-rate.md')), JSON.stringify(targets));

    const urlLine = 17;
    assert.match(doc.lineAt(urlLine).text, /runbook_url: https/);
    const urlDefs = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', uri, new vscode.Position(urlLine, 30));
    assert.ok(urlDefs.map((d) => ('targetUri' in d ? d.targetUri : d.uri).path).some((p) => p.endsWith('/runbooks/db/postgres-replication-lag.md')));
  });

  it('links front-matter alerts to the rules that define them', async () => {
    await api();
    const uri = workspaceUri('runbooks', 'high-error-rate.md');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.ok(titles.includes('$(symbol-event) HighHTTPErrorRate: monitoring/alerts.rules.yml:4 · for 5m · critical'), JSON.stringify(titles));
  });

  it('creates a runbook for an uncovered alert from the built-in diagnostic template, and never overwrites it', async () => {
    const { index } = await api();
    const uri = workspaceUri('runbooks', 'KubePodCrashLooping.md');
    try {
      const created = await vscode.commands.executeCommand<vscode.Uri>('runbooks.createRunbookForAlert', 'KubePodCrashLooping');
      assert.strictEqual(created?.toString(), uri.toString());
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      assert.match(text, /^---\ntitle: A pod keeps restarting\nalerts: \[KubePodCrashLooping\]\n/);
      assert.match(text, /severity: warning/);
      assert.match(text, /increase\(kube_pod_container_status_restarts_total\[10m\]\) > 3/);
      await waitFor('the new runbook in the index', () => index.has(uri.toString()));

      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('# edited by a person\n'));
      await vscode.commands.executeCommand('runbooks.createRunbookForAlert', 'KubePodCrashLooping');
      assert.strictEqual(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), '# edited by a person\n');
    } finally {
      await closeEditors();
      await vscode.workspace.fs.delete(uri);
      await waitFor('the runbook to leave the index', () => !index.has(uri.toString()));
    }
  });
});
