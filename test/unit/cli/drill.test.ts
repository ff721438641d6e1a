// `runbook drill --stamp` on a copy of the sample runbooks, with fake kubectl, ssh, curl, openssl, psql and jq on
// PATH: the mechanics of a scheduled drill, offline.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { drillCommand } from '../../../src/cli/commands/drill';
import type { RunIo } from '../../../src/cli/commands/run';
import { parseRunbook } from '../../../src/core/parse';
import { lastVerifiedOf } from '../../../src/core/drill';

const REPO = path.join(__dirname, '../../../..');
const FAKE = `#!/bin/sh
echo "fake $(basename "$0") $*" >> "$FAKE_LOG"
case "$(basename "$0") $*" in *"describe pod"*) [ -n "$FAKE_FAIL" ] && { echo "Error from server (NotFound)" >&2; exit 1; } ;; esac
[ "$(basename "$0")" = jq ] && cat
echo "fake output, no errors"
exit 0
`;

function setUp(): { dir: string; io: RunIo; out: () => string; err: () => string; log: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-drill-'));
  fs.cpSync(path.join(REPO, 'runbooks'), path.join(dir, 'runbooks'), { recursive: true });
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  for (const name of ['kubectl', 'ssh', 'curl', 'openssl', 'psql', 'jq']) {
    fs.writeFileSync(path.join(bin, name), FAKE, { mode: 0o755 });
  }
  const log = path.join(dir, 'calls.log');
  fs.writeFileSync(log, '');
  execFileSync('git', ['init', '-q'], { cwd: dir });
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q', '--allow-empty', '-m', 'init'], { cwd: dir });
  let out = '';
  let err = '';
  const io: RunIo = {
    cwd: dir, out: (t) => (out += t), err: (t) => (err += t),
    env: { PATH: `${bin}:/usr/bin:/bin`, HOME: dir, FAKE_LOG: log, FAKE_FAIL: '' },
  };
  return { dir, io, out: () => out, err: () => err, log };
}

const LABELS = ['--label', 'namespace=shop', '--label', 'pod=web-1', '--label', 'container=web', '--label', 'deployment=web', '--label', 'node=node-1', '--label', 'consumer=worker'];
const NOW = () => new Date('2026-12-04T06:00:00Z');

describe('runbook drill', () => {
  it('runs only read steps of the Diagnosis sections, stamps each runbook with a minimal edit, and reports', async () => {
    const t = setUp();
    const before = new Map(fs.readdirSync(path.join(t.dir, 'runbooks'), { recursive: true }).map(String).filter((f) => f.endsWith('.md')).map((f) => [f, fs.readFileSync(path.join(t.dir, 'runbooks', f), 'utf8')]));
    const code = await drillCommand(['runbooks', ...LABELS, '--stamp', '--timeout', '20'], t.io, NOW);
    assert.equal(code, 0, t.out() + t.err());
    assert.match(t.out(), /runbooks\/kubernetes\/KubePodCrashLooping\.md\s+describe-pod\s+PASS/);
    assert.match(t.out(), /\d+ passed, 0 failed, \d+ skipped\n$/);
    const calls = fs.readFileSync(t.log, 'utf8');
    assert.match(calls, /fake kubectl -n shop describe pod web-1/);
    assert.doesNotMatch(calls, /\b(?:delete|drain|rollout undo|rollout restart|scale|apply|cordon|patch|set )\b/, 'a drill never runs a step that changes something');
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: t.dir, encoding: 'utf8' }).trim();
    let stamped = 0;
    for (const [f, text] of before) {
      const after = fs.readFileSync(path.join(t.dir, 'runbooks', f), 'utf8');
      if (after === text) {
        continue;
      }
      stamped++;
      const added = `last_verified: {date: 2026-12-04, commit: "${commit}", result: pass}\n`;
      assert.equal(after.replace(added, ''), text, `${f}: only the last_verified line changes`);
      assert.deepEqual(lastVerifiedOf(parseRunbook(f, after).frontMatter!.data), { date: '2026-12-04', commit, result: 'pass' });
    }
    assert.ok(stamped >= 5, `stamped ${stamped}`);
  });

  it('a failing step fails the drill (exit 1) and is stamped as such; a re-run replaces the stamp', async () => {
    const t = setUp();
    const file = path.join(t.dir, 'runbooks/kubernetes/KubePodCrashLooping.md');
    const io = { ...t.io, env: { ...t.io.env, FAKE_FAIL: '1' } };
    assert.equal(await drillCommand(['runbooks/kubernetes', ...LABELS, '--stamp', '--format', 'junit'], io, NOW), 1);
    assert.match(t.out(), /<testcase classname="runbooks\/kubernetes\/KubePodCrashLooping\.md" name="describe-pod" time="[\d.]+"><failure message="exit 1: Error from server \(NotFound\)"\/>/);
    assert.match(fs.readFileSync(file, 'utf8'), /\nlast_verified: \{date: 2026-12-04, commit: "\w+", result: fail\}\n---\n/);
    assert.equal(await drillCommand(['runbooks/kubernetes', ...LABELS, '--stamp', '--format', 'json'], t.io, NOW), 0);
    const text = fs.readFileSync(file, 'utf8');
    assert.equal(text.match(/last_verified/g)?.length, 1);
    assert.match(text, /result: pass\}/);
  });

  it('skips steps without values and says which, and never stamps without --stamp', async () => {
    const t = setUp();
    const file = path.join(t.dir, 'runbooks/messaging/queue-backlog.md');
    const before = fs.readFileSync(file, 'utf8');
    await drillCommand(['runbooks/messaging'], t.io, NOW);
    assert.match(t.out(), /consumer-pods\s+SKIPPED\s+needs [\w, ]*consumer/);
    assert.equal(fs.readFileSync(file, 'utf8'), before);
  });
});
