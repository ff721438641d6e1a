import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatDuration, newSessionId, parseSessionLog, serializeEvent, sessionFileName, statusFor, timelineMarkdown, type SessionEvent,
} from '../../../../src/core/run/session';

const EVENTS: SessionEvent[] = [
  { type: 'start', id: '20260301-143205-k3f9x2', alert: 'KubePodCrashLooping', labels: { namespace: 'payments', pod: 'api-7d9f' }, startedAt: '2026-03-01T14:32:05.123Z' },
  {
    type: 'run', time: '2026-03-01T14:33:10.000Z', runbook: 'runbooks/kubernetes/KubePodCrashLooping.md', stepId: 'describe-pod',
    command: "kubectl -n 'payments' describe pod 'api-7d9f'", exitCode: 0, durationMs: 850, status: 'ok',
  },
  {
    type: 'run', time: '2026-03-01T14:35:00.000Z', runbook: 'runbooks/kubernetes/KubePodCrashLooping.md', stepId: 'rollout-history',
    command: "kubectl rollout history deployment/'api'\nkubectl get events | grep `x`", exitCode: 1, durationMs: 12_345, status: 'failed',
  },
  { type: 'note', time: '2026-03-01T14:40:00.000Z', text: 'OOMKilled | raised limit\nto 1Gi' },
  {
    type: 'run', time: '2026-03-01T14:41:00.000Z', runbook: 'runbooks/databases/postgres-replication-lag.md', stepId: 'replica-lag',
    command: "PGPASSWORD='••••' psql -c \"SELECT 1\"", exitCode: null, durationMs: null, status: 'unknown',
  },
  { type: 'run', time: '2026-03-01T14:42:00.000Z', runbook: 'x.md', stepId: 'rollback', command: 'kubectl rollout undo deployment/api', exitCode: 130, durationMs: 125_000, status: 'cancelled' },
  { type: 'end', time: '2026-03-01T15:01:00.000Z' },
];

describe('session ids and file names', () => {
  it('newSessionId is the UTC date and time plus six random base-36 characters', () => {
    const seq = [0, 0.5, 0.999999, 0.1, 0.2, 0.3];
    let n = 0;
    const id = newSessionId(() => new Date('2026-03-01T14:32:05.999Z'), () => seq[n++ % seq.length]);
    assert.equal(id, '20260301-143205-0iz37a');
    assert.match(newSessionId(), /^\d{8}-\d{6}-[0-9a-z]{6}$/);
    assert.notEqual(newSessionId(), newSessionId());
  });

  it('sessionFileName is YYYY-MM-DD-<id>.jsonl, from the UTC start date, with a safe id', () => {
    assert.equal(sessionFileName('2026-03-01T23:59:59.000-02:00', 'abc'), '2026-03-02-abc.jsonl');
    assert.equal(sessionFileName(new Date('2026-03-01T00:00:00Z'), '20260301-000000-k3f9x2'), '2026-03-01-20260301-000000-k3f9x2.jsonl');
    assert.equal(sessionFileName('2026-03-01T00:00:00Z', '../../etc/passwd'), '2026-03-01-__.._etc_passwd.jsonl');
    assert.equal(sessionFileName('not a date', ''), 'unknown-date-session.jsonl');
  });

  it('statusFor maps exit codes to statuses', () => {
    assert.equal(statusFor(0), 'ok');
    assert.equal(statusFor(2), 'failed');
    assert.equal(statusFor(null), 'unknown');
  });
});

describe('session log', () => {
  it('serializes each event as one JSON line with the documented keys in order', () => {
    assert.equal(serializeEvent(EVENTS[0]),
      '{"type":"start","id":"20260301-143205-k3f9x2","alert":"KubePodCrashLooping","labels":{"namespace":"payments","pod":"api-7d9f"},"startedAt":"2026-03-01T14:32:05.123Z"}\n');
    assert.equal(serializeEvent(EVENTS[4]),
      `{"type":"run","time":"2026-03-01T14:41:00.000Z","runbook":"runbooks/databases/postgres-replication-lag.md","stepId":"replica-lag","command":"PGPASSWORD='••••' psql -c \\"SELECT 1\\"","exitCode":null,"durationMs":null,"status":"unknown"}\n`);
    assert.equal(serializeEvent({ type: 'end', time: 't', extra: 1 } as unknown as SessionEvent), '{"type":"end","time":"t"}\n', 'only the known keys');
    for (const e of EVENTS) {
      const line = serializeEvent(e);
      assert.ok(line.endsWith('\n') && !line.slice(0, -1).includes('\n'), line);
    }
    assert.equal(serializeEvent({ type: 'note', time: 't', text: 'a\u2028b' }), '{"type":"note","time":"t","text":"a\\u2028b"}\n');
  });

  it('reads back what it writes', () => {
    const text = EVENTS.map(serializeEvent).join('');
    assert.deepEqual(parseSessionLog(text), { events: EVENTS, problems: [], torn: false });
  });

  it('keeps every event before a torn last line, and says the last line is incomplete', () => {
    const whole = EVENTS.map(serializeEvent).join('');
    const lastLine = serializeEvent(EVENTS[EVENTS.length - 1]);
    for (let cut = 1; cut < lastLine.length - 1; cut++) {
      const text = whole.slice(0, whole.length - lastLine.length + cut);
      const log = parseSessionLog(text);
      assert.deepEqual(log.events, EVENTS.slice(0, -1), `cut at ${cut}`);
      assert.equal(log.torn, true);
      assert.deepEqual(log.problems, [{ line: EVENTS.length, message: 'the last line is incomplete (the session stopped while writing it); it was skipped' }]);
    }
  });

  it('reports bad lines in the middle, skips blank lines, accepts CRLF and a BOM', () => {
    const lines = [
      serializeEvent(EVENTS[0]).trimEnd(),
      '',
      '{not json',
      '[1,2]',
      '{"type":"launch","time":"2026-03-01T00:00:00Z"}',
      '{"type":"run","time":"2026-03-01T00:00:00Z","runbook":"x","stepId":"s","command":"c","exitCode":"0","durationMs":1,"status":"ok"}',
      '{"type":"run","time":"yesterday-ish","runbook":"x","stepId":"s","command":"c","exitCode":0,"durationMs":1,"status":"ok"}',
      '{"type":"run","time":"2026-03-01T00:00:00Z","runbook":"x","stepId":"s","command":"c","exitCode":0,"durationMs":1,"status":"great"}',
      '{"type":"start","id":"x","alert":null,"labels":{"a":1},"startedAt":"2026-03-01T00:00:00Z"}',
      '{"type":"note","time":"2026-03-01T00:00:00Z"}',
      serializeEvent(EVENTS[6]).trimEnd(),
    ];
    const log = parseSessionLog(`\uFEFF${lines.join('\r\n')}\r\n`);
    assert.deepEqual(log.events, [EVENTS[0], EVENTS[6]]);
    assert.equal(log.torn, false);
    assert.deepEqual(log.problems.map((p) => p.line), [3, 4, 5, 6, 7, 8, 9, 10]);
    assert.match(log.problems[0].message, /^not JSON: /);
    assert.deepEqual(log.problems.slice(1).map((p) => p.message), [
      'not an event: expected a JSON object',
      'unknown event type "launch"',
      'run event: "exitCode" must be a number or null',
      'run event: "time" must be an ISO 8601 time',
      'run event: "status" must be ok, failed, unknown or cancelled',
      'start event: "labels" must be an object of strings',
      'note event: "text" must be a string',
    ]);
  });

  it('a bad last line that is complete JSON is a problem, not a torn write', () => {
    const log = parseSessionLog(`${serializeEvent(EVENTS[0])}{"type":"end"}`);
    assert.equal(log.torn, false);
    assert.deepEqual(log.problems, [{ line: 2, message: 'end event: "time" must be an ISO 8601 time' }]);
    assert.deepEqual(parseSessionLog(''), { events: [], problems: [], torn: false });
  });
});

describe('timelineMarkdown', () => {
  it('is a table of time (UTC), event, command, exit code and duration', () => {
    const md = timelineMarkdown(EVENTS, { 'runbooks/kubernetes/KubePodCrashLooping.md': 'Pod crash looping' });
    assert.equal(md, [
      '| Time (UTC) | Event | Command | Exit code | Duration |',
      '|---|---|---|---|---|',
      '| 2026-03-01 14:32:05 | Session started for alert KubePodCrashLooping (namespace=payments, pod=api-7d9f) |  |  |  |',
      "| 2026-03-01 14:33:10 | Ran describe-pod (Pod crash looping): ok | `kubectl -n 'payments' describe pod 'api-7d9f'` | 0 | 850 ms |",
      "| 2026-03-01 14:35:00 | Ran rollout-history (Pod crash looping): failed | <code>kubectl rollout history deployment/'api'<br>kubectl get events &#124; grep &#96;x&#96;</code> | 1 | 12.3 s |",
      '| 2026-03-01 14:40:00 | Note: OOMKilled \\| raised limit to 1Gi |  |  |  |',
      "| 2026-03-01 14:41:00 | Ran replica-lag (runbooks/databases/postgres-replication-lag.md): result unknown | `PGPASSWORD='••••' psql -c \"SELECT 1\"` | — | — |",
      '| 2026-03-01 14:42:00 | Ran rollback (x.md): cancelled | `kubectl rollout undo deployment/api` | 130 | 2 min 05 s |',
      '| 2026-03-01 15:01:00 | Session ended |  |  |  |',
      '',
    ].join('\n'));
  });

  it('escapes pipes and backticks in single-line commands', () => {
    const md = timelineMarkdown([{ type: 'run', time: '2026-03-01T00:00:00Z', runbook: 'r', stepId: 's', command: 'a | b `c`', exitCode: 0, durationMs: 1, status: 'ok' }]);
    assert.ok(md.includes('| `` a \\| b `c` `` |'), md);
  });

  it('formats durations', () => {
    assert.deepEqual([0, 999, 1000, 59_999, 60_000, 3_599_999, 3_600_000, 7_380_000, null, -1].map(formatDuration),
      ['0 ms', '999 ms', '1.0 s', '59.9 s', '1 min 00 s', '59 min 59 s', '1 h 00 min', '2 h 03 min', '—', '—']);
  });
});
