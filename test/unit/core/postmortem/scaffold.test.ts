import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lintReview } from '../../../../src/core/postmortem/lint';
import { parseReview } from '../../../../src/core/review/review';
import {
  BUILT_IN_TEMPLATE, PLACEHOLDERS, relativeLink, renderReview, reviewFileName, reviewFromSession, reviewSlug,
} from '../../../../src/core/postmortem/scaffold';
import { parseSessionLog } from '../../../../src/core/run/session';

const REPO = path.resolve(__dirname, __dirname.includes(`${path.sep}out${path.sep}`) ? '../../../../..' : '../../../..');
const SESSION = readFileSync(path.join(REPO, 'test/unit/core/postmortem/fixtures/session.jsonl'), 'utf8');
const NOW = new Date('2026-03-02T09:00:00Z');

describe('reviewFromSession', () => {
  const events = parseSessionLog(SESSION).events;
  const data = reviewFromSession(events, { now: NOW, runbookTitles: { 'runbooks/queue.md': 'Queue backlog' }, owner: '@payments' });

  it('takes times, alerts, runbooks and severity from the session', () => {
    assert.equal(data.title, 'QueueBacklog incident');
    assert.equal(data.id, '2026-03-01-queuebacklog-incident');
    assert.equal(data.date, '2026-03-01');
    assert.equal(data.started, '2026-03-01T14:32:05Z');
    assert.equal(data.resolved, '2026-03-01T15:10:00Z');
    assert.equal(data.detected, '');
    assert.equal(data.severity, 'critical');
    assert.deepEqual(data.alerts, ['QueueBacklog']);
    assert.deepEqual(data.runbooks, ['runbooks/queue.md']);
    assert.equal(data.runbook_links, '- [Queue backlog](../runbooks/queue.md)');
    assert.equal(data.timeline, [
      '| Time (UTC) | Event | Command | Exit code | Duration |',
      '|---|---|---|---|---|',
      '| 2026-03-01 14:32:05 | Session started for alert QueueBacklog (severity=critical, queue=orders) |  |  |  |',
      '| 2026-03-01 14:33:00 | Ran check-depth (Queue backlog): ok | `kubectl get pods \\| grep consumer` | 0 | 850 ms |',
      '| 2026-03-01 14:40:00 | Note: scaled consumers |  |  |  |',
      '| 2026-03-01 14:41:00 | Ran scale (Queue backlog): failed | `kubectl scale deploy/consumer --replicas=6` | 1 | 12.3 s |',
      '| 2026-03-01 15:10:00 | Session ended |  |  |  |',
    ].join('\n'));
  });

  it('without a session: today, empty times, an empty timeline', () => {
    const d = reviewFromSession([], { now: NOW, title: 'Disk full' });
    assert.equal(d.date, '2026-03-02');
    assert.equal(d.started, '');
    assert.equal(d.resolved, '');
    assert.deepEqual(d.alerts, []);
    assert.equal(d.timeline, '| Time (UTC) | Event | Command | Exit code | Duration |\n|---|---|---|---|---|');
    assert.equal(d.runbook_links, '- (none recorded)');
  });

  it('renders the built-in template into a review that parses and lints', () => {
    const text = renderReview(BUILT_IN_TEMPLATE, { ...data, tracker: 'github:acme/payments' });
    assert.doesNotMatch(text, /\{\{/);
    const r = parseReview(text);
    assert.deepEqual(r.problems, []);
    assert.equal(r.type, 'postmortem');
    assert.equal(r.status, 'draft');
    assert.equal(r.title, 'QueueBacklog incident');
    assert.deepEqual(r.alerts, ['QueueBacklog']);
    assert.equal(r.started, '2026-03-01T14:32:05Z');
    assert.equal(r.owner, '@payments');
    assert.equal(r.tracker, 'github:acme/payments');
    assert.equal(r.actionItems.length, 0); // the example is in a comment: nothing to file until a real item is written
    for (const h of ['Summary', 'Impact', 'Detection', 'Timeline', 'Root causes', 'Trigger', 'Resolution', 'People', 'Key times', 'Communication', 'Links', 'What went well', 'What went poorly', 'Where we got lucky', 'Action items', 'Lessons']) {
      assert.match(text, new RegExp(`^## ${h}$`, 'm'));
    }
    assert.deepEqual(lintReview(text, '2026-03-05').map((f) => f.message), []);
    assert.deepEqual(lintReview(text, '2026-03-15').map((f) => `${f.line}: ${f.message}`), [
      '4: the review is still a draft 14 days after the incident (limit 14): finish it and set `status: in-review` or `final`',
    ]);
  });

  it('every placeholder is in the built-in template', () => {
    for (const p of PLACEHOLDERS) {
      assert.ok(BUILT_IN_TEMPLATE.includes(`{{${p}}}`), p);
    }
  });
});

describe('renderReview', () => {
  it('writes YAML values in the front matter and text elsewhere', () => {
    const t = '---\ntitle: {{ title }}\nalerts: {{alerts}}\nowner: {{owner}}\nnote: see {{title}}\n---\n# {{title}} {{alerts}} {{unknown}}\n';
    assert.equal(renderReview(t, { title: 'Queue: backlog', alerts: ['A', 'B,C'], owner: '' }),
      '---\ntitle: "Queue: backlog"\nalerts: [A, "B,C"]\nowner:\nnote: see Queue: backlog\n---\n# Queue: backlog A, B,C {{unknown}}\n');
  });

  it('does not expand placeholders inside values', () => {
    assert.equal(renderReview('x {{a}} {{b}}', { a: '{{b}}', b: 'B' }), 'x {{b}} B');
  });
});

describe('file names', () => {
  it('slugs', () => {
    assert.equal(reviewSlug('Crème brûlée: DB outage!!'), 'creme-brulee-db-outage');
    assert.equal(reviewSlug('日本'), 'incident');
    assert.equal(reviewSlug(`${'a'.repeat(59)} bcd`), 'a'.repeat(59));
    assert.equal(reviewSlug('x'.repeat(80)).length, 60);
  });

  it('never an existing name', () => {
    const taken = new Set(['postmortems/2026-03-01-queue.md', 'postmortems/2026-03-01-queue-2.md']);
    assert.equal(reviewFileName('2026-03-01', 'Queue', (n) => taken.has(n)), 'postmortems/2026-03-01-queue-3.md');
    assert.equal(reviewFileName('2026-03-01', 'Other', (n) => taken.has(n)), 'postmortems/2026-03-01-other.md');
    assert.equal(reviewFileName('2026-03-01', 'Queue', () => false, 'ops/reviews/'), 'ops/reviews/2026-03-01-queue.md');
  });

  it('relativeLink', () => {
    assert.equal(relativeLink('postmortems', 'runbooks/a.md'), '../runbooks/a.md');
    assert.equal(relativeLink('ops/postmortems', 'ops/runbooks/a.md'), '../runbooks/a.md');
    assert.equal(relativeLink('.', 'runbooks/a.md'), 'runbooks/a.md');
    assert.equal(relativeLink('postmortems', '/abs/a.md'), '/abs/a.md');
    assert.equal(relativeLink('../x', 'a.md'), 'a.md');
  });
});

describe('review drafts and redaction', () => {
  it('the timeline taken from the session goes through the redaction pipeline, with the first lines of each run\'s output', () => {
    const token = `xoxb-${'1234567890'}-${'1234567890123'}-${'abcdefghijklmnopqrstuvwx'}`;
    const events = parseSessionLog([
      JSON.stringify({ type: 'start', id: 's1', alert: 'QueueBacklog', labels: {}, startedAt: '2026-03-01T14:00:00.000Z' }),
      JSON.stringify({
        type: 'run', time: '2026-03-01T14:01:00.000Z', runbook: 'runbooks/queue.md', stepId: 'depth', command: `curl -H "Authorization: Bearer ${token}" q`, exitCode: 0, durationMs: 10, status: 'ok',
        output: { captured: true, text: `depth 1200\ntoken=${token}`, lines: 2, bytes: 60, truncated: false, firstAt: null, lastAt: null },
      }),
    ].join('\n') + '\n').events;
    const data = reviewFromSession(events, { now: NOW, redaction: { secrets: ['depth 1200'] } });
    assert.ok(!data.timeline.includes(token), data.timeline);
    assert.match(data.timeline, /↳ output \| <code>••••<br>token=\[REDACTED:slack-token\]<\/code>/);
  });
});
