import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { postmortemCommand } from '../../../src/cli/commands/postmortem';
import { runCli } from '../../../src/cli/cli';
import { capture, type Captured } from './capture';

const REPO = path.join(__dirname, '../../../..');
const SESSION = path.join(REPO, 'test/unit/core/postmortem/fixtures/session.jsonl');
const NOW = () => new Date('2026-03-02T09:00:00Z');

const run = (argv: string[], cwd: string): Promise<Captured> => capture((w) => postmortemCommand(argv, { cwd, ...w }, NOW));

function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postmortem-'));
  fs.mkdirSync(path.join(dir, 'runbooks'));
  fs.writeFileSync(path.join(dir, 'runbooks/queue.md'), '---\ntitle: Queue backlog\n---\n# Queue backlog\n');
  fs.copyFileSync(SESSION, path.join(dir, 'session.jsonl'));
  return dir;
}

describe('runbook postmortem new', () => {
  it('writes a review from a session, never over an existing one', async () => {
    const dir = workspace();
    const first = await run(['new', '--session', 'session.jsonl', '--title', 'Queue backlog', '--owner', '@payments', '--tracker', 'github:acme/payments'], dir);
    assert.deepEqual(first, { code: 0, out: 'postmortems/2026-03-01-queue-backlog.md\n', err: '' });
    const text = fs.readFileSync(path.join(dir, 'postmortems/2026-03-01-queue-backlog.md'), 'utf8');
    assert.ok(text.startsWith('---\nid: "2026-03-01-queue-backlog"\ntype: postmortem\ntitle: Queue backlog\nstatus: draft\nseverity: critical\nstarted: "2026-03-01T14:32:05Z"\ndetected:\nresolved: "2026-03-01T15:10:00Z"\nalerts: [QueueBacklog]\nrunbooks: [runbooks/queue.md]\nowner: "@payments"\ntracker: github:acme/payments\n---\n'), text.slice(0, 400));
    assert.match(text, /\| 2026-03-01 14:33:00 \| Ran check-depth \(Queue backlog\): ok \|/);
    assert.match(text, /^- \[Queue backlog\]\(\.\.\/runbooks\/queue\.md\)$/m);
    const second = await run(['new', '--session', 'session.jsonl', '--title', 'Queue backlog'], dir);
    assert.deepEqual(second, { code: 0, out: 'postmortems/2026-03-01-queue-backlog-2.md\n', err: '' });
    assert.match(fs.readFileSync(path.join(dir, 'postmortems/2026-03-01-queue-backlog-2.md'), 'utf8'), /^id: "2026-03-01-queue-backlog-2"$/m);
    assert.equal(fs.readFileSync(path.join(dir, 'postmortems/2026-03-01-queue-backlog.md'), 'utf8'), text);
  });

  it('without a session; a workspace template; --dir and --date', async () => {
    const dir = workspace();
    fs.mkdirSync(path.join(dir, '.runbooks/templates'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.runbooks/templates/short.md'), '---\ntitle: {{title}}\n---\n# {{title}} ({{date}})\n{{timeline}}\n');
    const r = await run(['new', '--template', 'short', '--title', 'Disk full', '--dir', 'ops/reviews', '--date', '2026-01-05'], dir);
    assert.deepEqual(r, { code: 0, out: 'ops/reviews/2026-01-05-disk-full.md\n', err: '' });
    assert.equal(fs.readFileSync(path.join(dir, 'ops/reviews/2026-01-05-disk-full.md'), 'utf8'),
      '---\ntitle: Disk full\n---\n# Disk full (2026-01-05)\n| Time (UTC) | Event | Command | Exit code | Duration |\n|---|---|---|---|---|\n');
  });

  it('usage errors', async () => {
    const dir = workspace();
    assert.equal((await run(['new', '--tracker', 'svn:x'], dir)).code, 2);
    assert.equal((await run(['new', '--date', '5 Jan'], dir)).code, 2);
    assert.equal((await run(['new', '--template', 'nope'], dir)).err, "runbook: no template nope: not a file, nor in .runbooks/templates/\nTry 'runbook --help'.\n");
    assert.equal((await run(['new', '--session', 'missing.jsonl'], dir)).code, 2);
    assert.equal((await run(['bogus'], dir)).code, 2);
    assert.equal((await run([], dir)).code, 2);
    assert.equal(fs.existsSync(path.join(dir, 'postmortems')), false);
  });
});

describe('runbook postmortem lint', () => {
  it('reports findings, exit 1; none, exit 0', async () => {
    const dir = workspace();
    fs.writeFileSync(path.join(dir, 'bad.md'), '---\nstatus: draft\n---\n## Action items\n- [ ] a [type:: prevent]\n');
    fs.writeFileSync(path.join(dir, 'good.md'), '## Action items\n- [ ] a [owner:: @x] [type:: prevent]\n');
    assert.deepEqual(await run(['lint', 'bad.md', '--today', '2026-11-25'], dir), {
      code: 1, out: 'bad.md:5:1: warning: action item has no owner: add [owner:: @handle] (RB501)\n1 problem\n', err: '',
    });
    assert.deepEqual(await run(['lint', 'good.md'], dir), { code: 0, out: 'no problems\n', err: '' });
    assert.equal((await run(['lint'], dir)).code, 2);
  });
});

describe('runbook postmortem via runCli', () => {
  it('is wired, and `file` answers', async () => {
    let out = '';
    let err = '';
    const io = { cwd: REPO, out: (t: string) => (out += t), err: (t: string) => (err += t) };
    assert.equal(await runCli(['postmortem', '--help'], io), 0);
    assert.match(out, /runbook postmortem new/);
    assert.equal(typeof (await runCli(['postmortem', 'file', '--help'], io)), 'number');
    assert.equal(typeof err, 'string');
  });
});
