// Post-incident reviews in a real extension host: scaffold from the incident session, file action items against a
// loopback GitHub (following its REST contract) with the link written back, and file nothing twice.
import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as vscode from 'vscode';
import { api, workspaceUri } from './helpers';

interface Issue { number: number; html_url: string; title: string; body: string; labels: string[] }

/** Just enough of GitHub's issues and search API, on 127.0.0.1. */
function fakeGitHub(token: string): Promise<{ server: http.Server; url: string; issues: Issue[] }> {
  const issues: Issue[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const send = (status: number, data: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(data));
      };
      if (req.headers.authorization !== `Bearer ${token}`) {
        return send(401, { message: 'Bad credentials' });
      }
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (req.method === 'GET' && url.pathname === '/search/issues') {
        const q = url.searchParams.get('q') ?? '';
        const phrase = /"([^"]*)"/.exec(q)?.[1] ?? '';
        const items = issues.filter((i) => i.body.includes(phrase));
        return send(200, { total_count: items.length, incomplete_results: false, items });
      }
      if (req.method === 'POST' && url.pathname === '/repos/acme/shop/issues') {
        const input = JSON.parse(body) as { title: string; body: string; labels: string[] };
        const issue = { number: issues.length + 1, html_url: `https://github.example/acme/shop/issues/${issues.length + 1}`, ...input };
        issues.push(issue);
        return send(201, issue);
      }
      send(404, { message: 'Not Found' });
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, issues })));
}

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

  it('files action items once each, writes the links back, and files nothing twice', async () => {
    await api();
    const token = `ghp_test_${Date.now()}`;
    const gh = await fakeGitHub(token);
    const config = vscode.workspace.getConfiguration('runbooks');
    const uri = workspaceUri('postmortems', 'checkout-outage-review.md');
    created.push(uri);
    try {
      await config.update('trackers.githubApiUrl', gh.url, vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('runbooks.setTrackerToken', 'github', token);
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(REVIEW));
      await vscode.window.showTextDocument(uri);

      const first = await vscode.commands.executeCommand<{ created: number; linked: number; skipped: number; failed: number }>('runbooks.fileActionItems', uri, { yes: true });
      assert.deepStrictEqual(first, { created: 2, linked: 0, skipped: 1, failed: 0 });
      assert.strictEqual(gh.issues.length, 2);
      assert.ok(gh.issues.every((i) => /<!-- incident-runbooks:review=2026-11-25-checkout-outage;item=AI-\d+ -->/.test(i.body)));
      const doc = await vscode.workspace.openTextDocument(uri);
      const text = doc.getText();
      assert.match(text, /Alert on queue age .*\[id:: AI-8\].*\[issue:: https:\/\/github\.example\/acme\/shop\/issues\/\d\]/);
      assert.match(text, /payment provider .*\[issue:: https:\/\/github\.example\/acme\/shop\/issues\/\d\]/);

      const again = await vscode.commands.executeCommand<{ created: number }>('runbooks.fileActionItems', uri, { yes: true });
      assert.strictEqual(again.created, 0);
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
    } finally {
      gh.server.close();
      await config.update('trackers.githubApiUrl', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('runbooks.setTrackerToken', 'github', '');
    }
  });
});
