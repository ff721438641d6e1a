import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { postmortemCommand } from '../../../src/cli/commands/postmortem';
import { runCommand, type RunIo } from '../../../src/cli/commands/run';
import { captureText } from '../../../src/core/run/capture';
import { eventForLog } from '../../../src/core/run/record';
import { parseSessionLog, serializeEvent, statusFor, type RunEvent } from '../../../src/core/run/session';
import { capture } from './capture';

const TOKEN_TAIL = 'Zq'.repeat(18);
const RUNBOOK = `---
title: Session fixture
variables:
  password:
    description: Database password
    secret: true
---

# Session fixture

## Diagnosis

\`\`\`sh {id=pods}
printf '\\033[1mNAME\\033[0m READY\\n'; echo "api-1 1/1"; echo "using ghp_${TOKEN_TAIL}" >&2; echo "pw {{password}}"
\`\`\`

\`\`\`sh {id=fails}
echo broken; exit 4
\`\`\`
`;

function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-session-'));
  fs.mkdirSync(path.join(dir, 'runbooks'));
  fs.writeFileSync(path.join(dir, 'runbooks', 'session.md'), RUNBOOK);
  return dir;
}

async function run(dir: string, argv: string[]): Promise<{ code: number; err: string }> {
  let err = '';
  const io: RunIo = { cwd: dir, out: () => undefined, err: (t) => (err += t), env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/nonexistent' } };
  return { code: await runCommand(argv, io), err };
}

/** The keys of a record, nested objects' keys as `parent.key`. */
function shape(o: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' && !Array.isArray(v) && k !== 'labels' ? shape(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

describe('runbook run --session', () => {
  it('appends the editor\'s records: a start event once, then each run with exit code, duration and redacted output', async () => {
    const dir = workspace();
    const first = await run(dir, ['runbooks/session.md', '--step', 'pods', '--var', 'password=hunter2-secret', '--label', 'alertname=QueueBacklog', '--session', 'incident.jsonl']);
    assert.equal(first.code, 0, first.err);
    const second = await run(dir, ['runbooks/session.md', '--step', 'fails', '--session', 'incident.jsonl']);
    assert.equal(second.code, 4);
    const text = fs.readFileSync(path.join(dir, 'incident.jsonl'), 'utf8');
    const log = parseSessionLog(text);
    assert.deepEqual(log.problems, []);
    assert.deepEqual(log.events.map((e) => e.type), ['start', 'run', 'run']);
    assert.equal(log.events[0].type === 'start' && log.events[0].alert, 'QueueBacklog');
    const [pods, fails] = log.events.slice(1) as RunEvent[];
    assert.equal(pods.runbook, 'runbooks/session.md');
    assert.equal(pods.exitCode, 0);
    assert.equal(pods.status, 'ok');
    assert.ok(pods.durationMs !== null && pods.durationMs >= 0);
    assert.ok(pods.output?.captured);
    assert.match(pods.output.text, /^NAME READY\napi-1 1\/1\n/);
    assert.match(pods.output.text, /using \[REDACTED:github-token\]/);
    assert.match(pods.output.text, /pw ••••/);
    assert.ok(!text.includes(TOKEN_TAIL) && !text.includes('hunter2-secret') && !text.includes('\\u001b'), text);
    assert.equal(fails.exitCode, 4);
    assert.equal(fails.status, 'failed');
    assert.equal(fails.output?.text, 'broken');
  });

  it('writes the same record shape as the editor (one schema in core)', async () => {
    const dir = workspace();
    await run(dir, ['runbooks/session.md', '--step', 'fails', '--session', 'incident.jsonl']);
    const cli = JSON.parse(fs.readFileSync(path.join(dir, 'incident.jsonl'), 'utf8').trim().split('\n')[1]) as Record<string, unknown>;
    // What the editor appends: StepRunner's event, through Sessions.append (eventForLog, serializeEvent).
    const editorEvent: RunEvent = {
      type: 'run', time: new Date().toISOString(), runbook: 'runbooks/session.md', stepId: 'fails', command: 'echo broken; exit 4',
      exitCode: 4, durationMs: 12, status: statusFor(4), output: captureText('broken\n'),
    };
    const editor = JSON.parse(serializeEvent(eventForLog(editorEvent, []))) as Record<string, unknown>;
    assert.deepEqual(shape(cli), shape(editor));
  });

  it('a review can be drafted from the CLI session, with the output under each run', async () => {
    const dir = workspace();
    await run(dir, ['runbooks/session.md', '--step', 'pods', '--var', 'password=x', '--session', 'incident.jsonl']);
    const r = await capture((w) => postmortemCommand(['new', '--session', 'incident.jsonl', '--title', 'Queue'], { cwd: dir, ...w }, () => new Date('2026-03-02T09:00:00Z')));
    assert.equal(r.code, 0, r.err);
    const review = fs.readFileSync(path.join(dir, r.out.trim()), 'utf8');
    assert.match(review, /Ran pods \(Session fixture\): ok/);
    assert.match(review, /\| {2}\| ↳ output \| <code>NAME READY<br>api-1 1\/1<br>/);
    assert.ok(!review.includes(TOKEN_TAIL));
  });

  it('refuses a file that is not a session log', async () => {
    const dir = workspace();
    fs.writeFileSync(path.join(dir, 'notes.jsonl'), '{"hello":1}\n');
    const r = await run(dir, ['runbooks/session.md', '--step', 'fails', '--session', 'notes.jsonl']);
    assert.equal(r.code, 2);
    assert.match(r.err, /notes\.jsonl is not an incident session log/);
  });
});
