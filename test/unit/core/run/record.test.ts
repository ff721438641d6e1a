import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { captureText } from '../../../../src/core/run/capture';
import { eventForLog, redactEvent } from '../../../../src/core/run/record';
import { parseSessionLog, serializeEvent, timelineMarkdown, type RunEvent, type SessionEvent } from '../../../../src/core/run/session';

const token = `ghp_${'a1B2c3D4e5'.repeat(3)}abcdef`;

const run = (output: string, command = 'kubectl get pods'): RunEvent => ({
  type: 'run', time: '2026-03-01T14:33:10.000Z', runbook: 'runbooks/x.md', stepId: 's1', command, exitCode: 0, durationMs: 850, status: 'ok',
  output: captureText(output, undefined, () => new Date('2026-03-01T14:33:10.500Z')),
});

describe('eventForLog', () => {
  it('redacts the command, the output, notes and labels', () => {
    const e = eventForLog(run(`token: ${token}\nok\n`, `curl -H "Authorization: Bearer ${token}" x`), []) as RunEvent;
    assert.ok(!JSON.stringify(e).includes(token), JSON.stringify(e));
    const note = redactEvent({ type: 'note', time: '2026-03-01T14:33:10.000Z', text: `pasted ${token}` });
    assert.ok(!JSON.stringify(note).includes(token));
    const start = redactEvent({ type: 'start', id: 'x', alert: 'A', labels: { token: 'abcdefgh12345678', pod: 'api-7d9f5c6b8-x2kqz' }, startedAt: '2026-03-01T14:33:10.000Z' });
    assert.deepEqual(start.type === 'start' && start.labels, { token: '[REDACTED:secret-assignment]', pod: 'api-7d9f5c6b8-x2kqz' });
  });

  it('masks secret variable values in the output too', () => {
    const e = eventForLog(run('connected with s3cr3t-value\n'), [], { secrets: ['s3cr3t-value'] }) as RunEvent;
    assert.equal(e.output?.text, 'connected with ••••');
  });

  it('cuts the output to what is left of the session budget', () => {
    const first = eventForLog(run('x'.repeat(60) + '\n'), [], { sessionCaptureBytes: 100 });
    const second = eventForLog(run('y'.repeat(30) + '\n' + 'z'.repeat(30) + '\n'), [first], { sessionCaptureBytes: 100 }) as RunEvent;
    assert.equal(second.output?.text, 'y'.repeat(30));
    assert.match(second.output?.note ?? '', /capture limit/);
  });
});

describe('run output in the session log', () => {
  it('round-trips through serializeEvent and parseSessionLog', () => {
    const e = run('\x1b[32mRunning\x1b[0m\nline 2\n');
    const log = parseSessionLog(serializeEvent(e));
    assert.deepEqual(log.problems, []);
    assert.deepEqual(log.events, [e]);
    assert.deepEqual(Object.keys(JSON.parse(serializeEvent(e)).output), ['captured', 'text', 'lines', 'bytes', 'truncated', 'firstAt', 'lastAt']);
  });

  it('reports a malformed output field', () => {
    const log = parseSessionLog(`${JSON.stringify({ ...run('a'), output: { text: 1 } })}\n`);
    assert.equal(log.events.length, 0);
    assert.match(log.problems[0].message, /"output" must be an object with captured/);
  });

  it('puts the first lines of each run\'s output under its timeline row, or why there is none', () => {
    const events: SessionEvent[] = [
      run('NAME READY\napi-1 1/1\napi-2 0/1\n'),
      { ...run(''), output: { captured: false, text: '', lines: 0, bytes: 0, truncated: false, firstAt: null, lastAt: null, note: 'not captured: no shell integration' } },
    ];
    const md = timelineMarkdown(events, {}, 2);
    const rows = md.trimEnd().split('\n');
    assert.equal(rows[3], '|  | ↳ output (first 2 of 3 lines) | <code>NAME READY<br>api-1 1/1</code> |  |  |');
    assert.equal(rows[5], '|  | ↳ output not captured: no shell integration |  |  |  |');
  });
});
