// Post-incident reviews in a real extension host: scaffold from the incident session, file action items against a
// loopback GitHub (following its REST contract) with the link written back, and file nothing twice. The address
// comes from the USER's settings: a workspace's githubApiUrl (another loopback server) never receives the token.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { fakeGitHub } from './fakeGitHub';
import { api, workspaceUri } from './helpers';

const REVIEW = `---
id: 2026-11-25-checkout-outage
title: Checkout outage
status: draft
tracker: github:acme/shop
---

# Checkout outage

## Action items

- [ ] Alert on queue age [owner:: @dana] [type:: detect] [priority:: P1]
- [ ] Add a runbook for the payment provider [id:: AI-7] [owner:: @li] [type:: prevent]
- [x] Roll back the release [id:: AI-1] [owner:: @sam] [type:: mitigate]
`;

describe('Post-incident reviews', () => {
  const created: vscode.Uri[] = [];

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const uri of created) {
      await vscode.workspace.fs.delete(uri, { recursive: true }).then(undefined, () => undefined);
    }
  });

  it('scaffolds a review from the incident session, never over an existing file', async () => {
    const { sessions } = await api();
    sessions.start('CheckoutDown', { namespace: 'shop' });
    sessions.note('Paged the payments team');
    try {
      const first = await vscode.commands.executeCommand<vscode.Uri>('runbooks.newReview', { title: 'Checkout outage', session: 'active' });
      const second = await vscode.commands.executeCommand<vscode.Uri>('runbooks.newReview', { title: 'Checkout outage', session: 'active' });
      created.push(first, second);
      assert.match(first.path, /\/postmortems\/\d{4}-\d\d-\d\d-checkout-outage\.md$/);
      assert.match(second.path, /\/postmortems\/\d{4}-\d\d-\d\d-checkout-outage-2\.md$/);
      const text = fs.readFileSync(first.fsPath, 'utf8');
      assert.match(text, /^---\n/);
      assert.match(text, /status: draft/);
      assert.match(text, /CheckoutDown/);
      assert.match(text, /Paged the payments team/);
      assert.match(text, /## Action items/i);
    } finally {
      sessions.end();
    }
  });

  it('files action items once each, writes the links back, files nothing twice, and never sends the token to a workspace\'s address', async () => {
    await api();
    const token = `ghp_test_${Date.now()}`;
    const gh = await fakeGitHub(token);
    // The repository's own settings name another server: it must never see a request, let alone the token.
    const theirs = await fakeGitHub(token);
    const config = vscode.workspace.getConfiguration('runbooks');
    const uri = workspaceUri('postmortems', 'checkout-outage-review.md');
    created.push(uri);
    try {
      await config.update('trackers.githubApiUrl', gh.url, vscode.ConfigurationTarget.Global);
      await config.update('trackers.githubApiUrl', theirs.url, vscode.ConfigurationTarget.Workspace);
      assert.strictEqual(vscode.workspace.getConfiguration('runbooks').inspect('trackers.githubApiUrl')?.workspaceValue, theirs.url);
      await vscode.commands.executeCommand('runbooks.setTrackerToken', 'github', token);
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(REVIEW));
      await vscode.window.showTextDocument(uri);

      const first = await vscode.commands.executeCommand<{ created: number; linked: number; skipped: number; failed: number; ignored: number; warnings: string[] }>('runbooks.fileActionItems', uri, { yes: true });
      assert.deepStrictEqual([first.created, first.linked, first.skipped, first.failed, first.ignored], [2, 0, 1, 0, 0]);
      // The workspace's value is ignored, and the warning names the file it came from (once a session).
      assert.deepStrictEqual(first.warnings.length, 1);
      assert.ok(first.warnings[0].startsWith(`Ignoring runbooks.trackers.githubApiUrl = ${theirs.url} from .vscode/settings.json: `), first.warnings[0]);
      assert.strictEqual(gh.issues.length, 2);
      assert.ok(gh.issues.every((i) => /<!-- incident-runbooks:review=2026-11-25-checkout-outage;item=AI-\d+ -->/.test(i.body)));
      const doc = await vscode.workspace.openTextDocument(uri);
      const text = doc.getText();
      assert.match(text, /Alert on queue age .*\[id:: AI-8\].*\[issue:: https:\/\/github\.example\/acme\/shop\/issues\/\d\]/);
      assert.match(text, /payment provider .*\[issue:: https:\/\/github\.example\/acme\/shop\/issues\/\d\]/);

      const again = await vscode.commands.executeCommand<{ created: number; warnings: string[] }>('runbooks.fileActionItems', uri, { yes: true });
      assert.strictEqual(again.created, 0);
      assert.deepStrictEqual(again.warnings, []);
      assert.strictEqual(gh.issues.length, 2);

      // A link lost (say, an edit undone): the marker finds the issue; nothing is filed twice.
      const edit = new vscode.WorkspaceEdit();
      const line = doc.getText().split('\n').findIndex((l) => l.includes('payment provider'));
      const lineText = doc.lineAt(line).text;
      edit.replace(uri, doc.lineAt(line).range, lineText.replace(/ ?\[issue:: [^\]]+\]/, ''));
      await vscode.workspace.applyEdit(edit);
      const third = await vscode.commands.executeCommand<{ created: number; linked: number }>('runbooks.fileActionItems', uri, { yes: true });
      assert.deepStrictEqual([third.created, third.linked], [0, 1]);
      assert.strictEqual(gh.issues.length, 2);
      assert.match(doc.lineAt(line).text, /\[issue:: https:\/\/github\.example\/acme\/shop\/issues\/\d\]/);
      assert.doesNotMatch(doc.getText(), new RegExp(token));
      await doc.save();
      assert.deepStrictEqual(theirs.requests, [], 'the workspace\'s address got requests');
      assert.ok(gh.requests.length > 0 && gh.requests.every((r) => r.authorization === `Bearer ${token}`));
      assert.strictEqual(fs.existsSync(workspaceUri('postmortems', '.checkout-outage-review.md.filing.json').fsPath), false);
    } finally {
      await gh.close();
      await theirs.close();
      await config.update('trackers.githubApiUrl', undefined, vscode.ConfigurationTarget.Workspace);
      await config.update('trackers.githubApiUrl', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('runbooks.setTrackerToken', 'github', '');
    }
  });
});
