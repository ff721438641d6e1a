import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileCommand, type FileIo } from '../../../src/cli/commands/postmortemFile';
import type { HttpClient } from '../../../src/core/postmortem/trackers/http';
import { httpClientOverFetch } from '../../../src/core/postmortem/trackers/http';
import { SQUATTER, createRequest, listingRequest, startFake, type FakeTracker, type Kind } from '../core/postmortem/trackers/fakeTrackers';

const TOKEN = 'tok-SECRET-1234567890';
const fakes: FakeTracker[] = [];
const dirs: string[] = [];
after(async () => {
  await Promise.all(fakes.map((f) => f.close()));
  dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});

async function fake(kind: Kind, o: Parameters<typeof startFake>[1] = {}): Promise<FakeTracker> {
  const f = await startFake(kind, o);
  fakes.push(f);
  return f;
}

function review(tracker: string, items: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm-file-'));
  dirs.push(dir);
  const file = path.join(dir, 'review.md');
  fs.writeFileSync(file, `---\nid: 2026-01-01-outage\ntype: postmortem\ntracker: ${tracker}\n---\n# Checkout outage\n\n## Action items\n\n${items}\n## Timeline\n\n- [ ] not an action item\n`);
  return file;
}

const ITEMS = '- [ ] Alert on queue age [id:: AI-1] [owner:: @dana]\n- [ ] Add a runbook for the DB failover\n- [x] Roll back the deploy [id:: AI-3]\n- [ ] Raise the pool size [id:: AI-4] [issue:: https://github.example/acme/payments/issues/99]\n';

interface Result {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

async function run(argv: string[], env: Record<string, string>, o: Partial<FileIo> = {}): Promise<Result> {
  let out = '';
  let err = '';
  const code = await fileCommand(argv, { cwd: os.tmpdir(), out: (t) => (out += t), err: (t) => (err += t), env, isTTY: false, sleep: async () => undefined, ...o } as FileIo);
  return { code, out, err };
}

const ghEnv = (f: FakeTracker, token = TOKEN) => ({ GITHUB_TOKEN: token, GITHUB_API_URL: f.url });

describe('runbook postmortem file', () => {
  it('previews with --dry-run and touches nothing', async () => {
    const f = await fake('github');
    const file = review('github:acme/payments', ITEMS);
    const before = fs.readFileSync(file, 'utf8');
    const r = await run([file, '--dry-run'], ghEnv(f));
    assert.equal(r.code, 0, r.err);
    assert.ok(r.out.includes(`→ ${f.url.slice('http://'.length)}/acme/payments via ${f.url}\n`), r.out);
    assert.match(r.out, /file {3}AI-1 \(line 10\)/);
    assert.match(r.out, /file {3}AI-5 \(line 11\) \(new id\)/);
    assert.match(r.out, /skip {3}AI-3 \(line 12\) {2}done/);
    assert.match(r.out, /skip {3}AI-4 \(line 13\) {2}already linked: https:\/\/github.example\/acme\/payments\/issues\/99/);
    assert.doesNotMatch(r.out, /not an action item/);
    assert.equal(fs.readFileSync(file, 'utf8'), before);
    assert.equal(f.requests.length, 0);
  });

  it('refuses without a terminal and without --yes', async () => {
    const f = await fake('github');
    const file = review('github:acme/payments', ITEMS);
    const r = await run([file], ghEnv(f));
    assert.equal(r.code, 1);
    assert.match(r.err, /without a terminal.*--yes/);
    assert.equal(f.requests.length, 0);
    const asked: string[] = [];
    const no = await run([file], ghEnv(f), { isTTY: true, confirm: async (q) => (asked.push(q), false) });
    assert.equal(no.code, 1);
    assert.deepEqual(asked, [`File 2 issues in ${f.url.slice('http://'.length)}/acme/payments via ${f.url}? [y/N] `]);
  });

  it('assigns ids, files, writes [issue:: URL] back; a re-run files nothing', async () => {
    const f = await fake('github');
    const file = review('github:acme/payments', ITEMS);
    const r = await run([file, '--yes', '--link', 'https://wiki.example/r'], ghEnv(f));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /2 filed, 0 linked to existing issues, 2 skipped\./);
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(text.includes('- [ ] Alert on queue age [id:: AI-1] [owner:: @dana] [issue:: https://github.example/acme/payments/issues/1]\n'), text);
    assert.ok(text.includes('- [ ] Add a runbook for the DB failover [id:: AI-5] [issue:: https://github.example/acme/payments/issues/2]\n'), text);
    assert.ok(f.issues[1].body.includes('item=AI-5') && f.issues[1].body.includes('https://wiki.example/r'));
    const again = await run([file, '--yes'], ghEnv(f));
    assert.equal(again.code, 0);
    assert.match(again.out, /Nothing to file/);
    assert.equal(f.issues.length, 2);
  });

  it('keeps an edit made to the file while filing', async () => {
    const f = await fake('github');
    const file = review('github:acme/payments', ITEMS);
    f.onCreate = (issue) => {
      if (issue.number === 1) {
        fs.appendFileSync(file, '\nA note a colleague added meanwhile.\n');
      }
    };
    const r = await run([file, '--yes'], ghEnv(f));
    assert.equal(r.code, 0, r.err);
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(text.endsWith('A note a colleague added meanwhile.\n'));
    assert.equal((text.match(/\[issue:: https:\/\/github.example\/acme\/payments\/issues\/[12]\]/g) ?? []).length, 2);
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['review.md']);
  });

  it('stops at a failure (exit 1), keeps what was filed, and a re-run finishes with N issues', async () => {
    const f = await fake('github');
    const file = review('github:acme/payments', '- [ ] one [id:: AI-1]\n- [ ] two [id:: AI-2]\n- [ ] three [id:: AI-3]\n');
    f.inject((q) => createRequest('github')(q) && JSON.parse(q.body).title === 'two', { status: 500, body: { message: 'Server Error' } });
    const r = await run([file, '--yes'], ghEnv(f));
    assert.equal(r.code, 1);
    assert.match(r.err, /AI-2 \(line 11\) failed: POST .*\/repos\/acme\/payments\/issues: 500 Server Error; not among the issues @on-call created: a re-run looks again before filing/);
    assert.match(r.err, /not tried: AI-3/);
    assert.match(fs.readFileSync(file, 'utf8'), /one \[id:: AI-1\] \[issue:: .*\/1\]/);
    // The answer to "three" is lost after it was created: the run finds it among the account's issues at once.
    f.inject((q) => createRequest('github')(q) && JSON.parse(q.body).title === 'three', { reset: true, after: true });
    const second = await run([file, '--yes'], ghEnv(f));
    assert.equal(second.code, 0, second.err);
    assert.match(second.out, /filed {2}AI-2 /);
    assert.match(second.out, /linked AI-3 .*\(found among your issues: an earlier create's answer was lost\)/);
    assert.equal(f.issues.length, 3);
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['review.md']);
    const links = fs.readFileSync(file, 'utf8').match(/\[issue:: [^\]]+\]/g) ?? [];
    assert.equal(new Set(links).size, 3);
    assert.equal(links.length, 3);
  });

  it('reports a rejected token without printing it', async () => {
    const f = await fake('github');
    const file = review('github:acme/payments', ITEMS);
    const bad = 'ghp_BADTOKENabcdef123456';
    const r = await run([file, '--yes'], ghEnv(f, bad));
    assert.equal(r.code, 1);
    assert.match(r.err, /401 Bad credentials \(check the token\)/);
    assert.ok(!(r.out + r.err).includes(bad));
  });

  it('exits 2 for an unknown tracker, a missing token, a missing id', async () => {
    const unknown = await run([review('trello:board', ITEMS), '--yes'], {});
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /unknown tracker kind "trello"/);
    const noToken = await run([review('github:acme/payments', ITEMS), '--yes'], {});
    assert.equal(noToken.code, 2);
    assert.match(noToken.err, /set GITHUB_TOKEN/);
    const noJira = await run([review('jira:OPS', ITEMS), '--yes'], { JIRA_URL: 'https://x.atlassian.net' });
    assert.equal(noJira.code, 2);
    assert.match(noJira.err, /JIRA_EMAIL, JIRA_API_TOKEN/);
    const file = review('github:acme/payments', ITEMS);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('id: 2026-01-01-outage\n', ''));
    const noId = await run([file, '--dry-run'], {});
    assert.equal(noId.code, 2);
    assert.match(noId.err, /has no id in its front matter/);
    assert.equal((await run([], {})).code, 2);
    assert.equal((await run(['/nonexistent/review.md'], {})).code, 2);
  });

  it('files in GitLab and Jira too', async () => {
    const gl = await fake('gitlab');
    const glFile = review('gitlab:acme/platform/payments', ITEMS);
    const a = await run([glFile, '--yes'], { GITLAB_TOKEN: TOKEN, GITLAB_URL: gl.url });
    assert.equal(a.code, 0, a.err);
    assert.match(fs.readFileSync(glFile, 'utf8'), /\[issue:: https:\/\/gitlab.example\/acme\/platform\/payments\/-\/issues\/2\]/);
    const jira = await fake('jira');
    const jiraFile = review('jira:OPS', ITEMS);
    const b = await run([jiraFile, '--yes'], { JIRA_URL: jira.url, JIRA_EMAIL: 'oncall@example.com', JIRA_API_TOKEN: TOKEN });
    assert.equal(b.code, 0, b.err);
    assert.ok(fs.readFileSync(jiraFile, 'utf8').includes(`[issue:: ${jira.url}/browse/OPS-2]`));
    const again = await run([jiraFile, '--yes'], { JIRA_URL: jira.url, JIRA_EMAIL: 'oncall@example.com', JIRA_API_TOKEN: TOKEN });
    assert.match(again.out, /Nothing to file/);
    assert.ok(!(a.out + a.err + b.out + b.err).includes(TOKEN));
  });

  it('never takes a tracker address from the repository\'s .vscode/settings.json', async () => {
    const attacker = await fake('github');
    const file = review('github:acme/payments', ITEMS);
    const root = path.dirname(file);
    fs.mkdirSync(path.join(root, '.vscode'));
    fs.writeFileSync(path.join(root, '.vscode', 'settings.json'), JSON.stringify({ 'runbooks.trackers.githubApiUrl': attacker.url, 'runbooks.trackers.labels': ['from-repo'] }));
    // No network: a client that records where requests would go and answers as github.com does to a bad token.
    const sentTo: string[] = [];
    const offline: HttpClient = { request: async (q) => (sentTo.push(q.url), { status: 401, headers: {}, body: '{"message":"Bad credentials"}' }) };
    const r = await run([file, '--yes'], { GITHUB_TOKEN: TOKEN }, { cwd: root, http: offline });
    assert.equal(r.code, 1);
    assert.match(r.out, /→ github\.com\/acme\/payments via https:\/\/api\.github\.com\n/);
    assert.ok(sentTo.length > 0 && sentTo.every((u) => u.startsWith('https://api.github.com/')), sentTo.join(' '));
    assert.equal(attacker.requests.length, 0);
    // Flags and the environment are the user's: they may point elsewhere, but never in clear over the network.
    const plain = await run([file, '--yes', '--url', 'http://ghe.example.com/api/v3'], { GITHUB_TOKEN: TOKEN }, { cwd: root, http: offline });
    assert.equal(plain.code, 2);
    assert.match(plain.err, /--url: 'http:\/\/ghe\.example\.com\/api\/v3' must be https/);
  });

  it('a run killed after a create was sent leaves an intent; the re-run links the issue instead of filing it again', async () => {
    const f = await fake('github', { searchLagMs: 60_000 });
    const file = review('github:acme/payments', '- [ ] one [id:: AI-1]\n- [ ] two [id:: AI-2]\n');
    const state = path.join(path.dirname(file), '.review.md.filing.json');
    let sent!: () => void;
    const createSent = new Promise<void>((resolve) => (sent = resolve));
    const real = httpClientOverFetch(fetch);
    const dying: HttpClient = {
      async request(q) {
        const res = await real.request(q);
        if (q.method === 'POST') {
          sent();
          return new Promise(() => undefined); // killed: the answer is never read
        }
        return res;
      },
    };
    void run([file, '--yes'], ghEnv(f), { http: dying });
    await createSent;
    assert.match(fs.readFileSync(state, 'utf8'), /"item": "AI-1"/);
    assert.doesNotMatch(fs.readFileSync(file, 'utf8'), /\[issue::/);
    const again = await run([file, '--yes'], ghEnv(f));
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, /linked AI-1 +#1 .*found among your issues/);
    assert.match(again.out, /filed {2}AI-2 +#2 /);
    assert.equal(f.issues.length, 2);
    assert.equal(fs.existsSync(state), false);
  });

  it('says so when an issue carrying an item\'s marker was created by someone else, and files it anyway', async () => {
    const f = await fake('gitlab');
    const file = review('gitlab:acme/platform/payments', '- [ ] one [id:: AI-1]\n');
    const { createGitLabTracker } = await import('../../../src/core/postmortem/trackers/gitlab');
    await createGitLabTracker(httpClientOverFetch(fetch), { project: 'acme/platform/payments', token: SQUATTER.token, baseUrl: f.url })
      .create({ title: 'squat', body: '<!-- incident-runbooks:review=2026-01-01-outage;item=AI-1 -->', labels: [] });
    const r = await run([file, '--yes'], { GITLAB_TOKEN: TOKEN, GITLAB_URL: f.url });
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /ignored #1 https:\/\/gitlab\.example\/acme\/platform\/payments\/-\/issues\/1: it carries the marker of AI-1 but was created by @mallory, not by @on-call/);
    assert.match(r.out, /filed {2}AI-1 +#2 /);
    assert.equal(f.issues.length, 2);
  });

  it('never prints a token, even when a hostile tracker echoes it back', async () => {
    for (const kind of ['github', 'jira'] as const) {
      const f = await fake(kind);
      const basic = Buffer.from(`oncall@example.com:${TOKEN}`).toString('base64');
      // The token as sent: raw, URL-encoded, and (Jira) inside the Basic credentials.
      const echo = `token ${TOKEN} basic ${kind === 'jira' ? basic : TOKEN} encoded ${encodeURIComponent(TOKEN)}`;
      f.inject(createRequest(kind), { status: 500, body: kind === 'jira' ? { errorMessages: [echo] } : { message: echo } });
      f.inject(listingRequest(kind), { status: 400, body: `<html><body>${echo}</body></html>` });
      const file = review(kind === 'github' ? 'github:acme/payments' : 'jira:OPS', '- [ ] one [id:: AI-1]\n');
      const env = kind === 'github' ? ghEnv(f) : { JIRA_URL: f.url, JIRA_EMAIL: 'oncall@example.com', JIRA_API_TOKEN: TOKEN };
      const r = await run([file, '--yes'], env);
      assert.equal(r.code, 1);
      assert.match(r.err, /token \*\*\* basic \*\*\* encoded \*\*\*/);
      assert.ok(!(r.out + r.err).includes(TOKEN) && !(r.out + r.err).includes(basic), r.err);
      assert.ok(!fs.readFileSync(file, 'utf8').includes(TOKEN));
    }
  });
});
