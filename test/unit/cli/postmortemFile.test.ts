import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileCommand, type FileIo } from '../../../src/cli/commands/postmortemFile';
import { createRequest, startFake, type FakeTracker, type Kind } from '../core/postmortem/trackers/fakeTrackers';

const TOKEN = 'tok-SECRET-1234567890';
const fakes: FakeTracker[] = [];
const dirs: string[] = [];
after(async () => {
  await Promise.all(fakes.map((f) => f.close()));
  dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});

async function fake(kind: Kind): Promise<FakeTracker> {
  const f = await startFake(kind);
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
    assert.match(r.out, /→ github acme\/payments/);
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
    assert.deepEqual(asked, ['File 2 issues in github acme/payments? [y/N] ']);
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
    assert.match(r.err, /AI-2 \(line 11\) failed: POST .*\/repos\/acme\/payments\/issues: 500 Server Error/);
    assert.match(r.err, /not tried: AI-3/);
    assert.match(fs.readFileSync(file, 'utf8'), /one \[id:: AI-1\] \[issue:: .*\/1\]/);
    // The answer to "three" is lost after it was created: the re-run finds it by its marker.
    f.inject((q) => createRequest('github')(q) && JSON.parse(q.body).title === 'three', { reset: true, after: true });
    const second = await run([file, '--yes'], ghEnv(f));
    assert.equal(second.code, 1);
    const third = await run([file, '--yes'], ghEnv(f));
    assert.equal(third.code, 0, third.err);
    assert.match(third.out, /linked AI-3 .*\(found: filed before\)/);
    assert.equal(f.issues.length, 3);
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
});
