// Restricted Mode (an untrusted workspace): runbooks are read, searched and linted, but no step runs. This file runs
// in a second pass of the suite, with Workspace Trust on (`scripts/test-integration.js --untrusted`).
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { parseRunbook } from '../../src/core/parse';
import { fakeGitHub } from './fakeGitHub';
import { api, waitFor, workspaceUri } from './helpers';

const RUNBOOK = '---\ntitle: Untrusted demo\n---\n\n# Untrusted demo\n\n## Diagnosis\n\n```sh {id=touch}\ntouch untrusted-ran.txt\n```\n';

describe('Restricted Mode', function () {
  before(function () {
    if (process.env.RUNBOOKS_TEST_UNTRUSTED !== '1') {
      this.skip(); // the trusted pass: covered by run.test
    }
  });

  const uri = workspaceUri('runbooks', 'untrusted-demo.md');

  it('is untrusted, and still indexes runbooks', async () => {
    assert.strictEqual(vscode.workspace.isTrusted, false);
    const { index } = await api();
    assert.ok(index.size >= 3);
  });

  it('refuses to run a step, and says why in the CodeLens', async () => {
    const { stepLenses, index } = await api();
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(RUNBOOK));
    await waitFor('the runbook in the index', () => index.has(uri.toString()));
    // (vscode.executeCodeLensProvider refuses to run in Restricted Mode here: ask the provider itself.)
    const lenses = stepLenses.provideCodeLenses(await vscode.workspace.openTextDocument(uri));
    assert.deepStrictEqual(lenses.map((l) => l.command?.title), ['$(workspace-untrusted) Running steps is disabled in Restricted Mode']);
    assert.ok(!lenses.some((l) => l.command?.command === 'runbooks.runStep'));
    const result = await vscode.commands.executeCommand('runbooks.runStep', uri, 'touch').then((r) => r, (e: Error) => e.message);
    assert.ok(result === undefined || /trust|enablement|not enabled/i.test(String(result)), String(result));
    await new Promise((r) => setTimeout(r, 1000));
    assert.strictEqual(fs.existsSync(workspaceUri('runbooks', 'untrusted-ran.txt').fsPath), false);
    assert.strictEqual(vscode.window.terminals.length, 0);
  });

  it('offers no step to run from an alert link: it only opens the runbook', async () => {
    const { uriHandler, firstStep } = await api();
    const saved = firstStep.prompt;
    let asked = 0;
    firstStep.prompt = async () => (asked++, 'run');
    try {
      const editor = (await uriHandler.open(vscode.Uri.parse('vscode://incident-runbooks.incident-runbooks/alert?name=HighHTTPErrorRate&namespace=prod'))) as vscode.TextEditor | undefined;
      assert.ok(editor?.document.uri.path.endsWith('/runbooks/high-error-rate.md'));
      assert.strictEqual(asked, 0);
      assert.strictEqual(firstStep.lastRun, undefined);
    } finally {
      firstStep.prompt = saved;
    }
  });

  it('ignores a restricted setting the workspace sets (run.dangerousPatterns), and takes the user\'s', async () => {
    const { targetGuard } = await api();
    const step = parseRunbook(uri.toString(), '# R\n\n```sh {id=f}\nacme-failover --now\n```\n').steps[0];
    const config = vscode.workspace.getConfiguration('runbooks');
    try {
      await config.update('run.dangerousPatterns', ['\\bacme-failover\\b'], vscode.ConfigurationTarget.Workspace);
      // Written to .vscode/settings.json (VS Code itself no longer reports it, even through inspect()):
      assert.match(fs.readFileSync(workspaceUri('.vscode', 'settings.json').fsPath, 'utf8'), /acme-failover/);
      assert.strictEqual(targetGuard.risk(uri, step), 'read');
      await config.update('run.dangerousPatterns', ['\\bacme-failover\\b'], vscode.ConfigurationTarget.Global);
      assert.strictEqual(targetGuard.risk(uri, step), 'destructive');
    } finally {
      await config.update('run.dangerousPatterns', undefined, vscode.ConfigurationTarget.Workspace);
      await config.update('run.dangerousPatterns', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('renders no Run buttons in the preview', async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    const html = await vscode.commands.executeCommand<string>('markdown.api.render', doc);
    assert.doesNotMatch(html, /command:runbooks\.runStep/);
  });

  it('refuses to file action items, and no token leaves', async () => {
    const token = `ghp_untrusted_${Date.now()}`;
    const gh = await fakeGitHub(token);
    const review = workspaceUri('postmortems', 'untrusted-review.md');
    const config = vscode.workspace.getConfiguration('runbooks');
    try {
      await config.update('trackers.githubApiUrl', gh.url, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('runbooks.setTrackerToken', 'github', token);
      await vscode.workspace.fs.writeFile(review, new TextEncoder().encode('---\nid: 2026-12-01-untrusted\ntracker: github:acme/shop\n---\n# Untrusted\n\n## Action items\n\n- [ ] Fix it [id:: AI-1] [owner:: @dana] [type:: prevent]\n'));
      const result = await vscode.commands.executeCommand<{ created: number; refused?: string }>('runbooks.fileActionItems', review, { yes: true });
      assert.strictEqual(result?.created, 0);
      assert.match(result?.refused ?? '', /disabled in Restricted Mode: trust this workspace/);
      assert.deepStrictEqual(gh.requests, []);
      assert.doesNotMatch(fs.readFileSync(review.fsPath, 'utf8'), /\[issue::/);
    } finally {
      await gh.close();
      await config.update('trackers.githubApiUrl', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('runbooks.setTrackerToken', 'github', '');
      await vscode.workspace.fs.delete(review).then(undefined, () => undefined);
    }
  });
});
