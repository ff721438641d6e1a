import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AlertRule } from '../../../../src/core/alerts/model';
import { parseRunbook } from '../../../../src/core/parse';
import { builtInTemplate } from '../../../../src/core/templates/builtIn';
import { ALERT_TEMPLATE, renderForAlert } from '../../../../src/core/templates/fromAlert';

const RULE: AlertRule = {
  alert: 'QueueBacklog',
  expr: 'rabbitmq_queue_messages{queue="orders"} > 1000',
  for: '10m',
  labels: { severity: 'critical', service: 'payments' },
  annotations: { summary: 'Orders queue backs up', description: 'Consumers of the orders queue fall behind.' },
  runbookUrl: undefined,
  path: 'monitoring/queues.rules.yml',
  line: 4,
  character: 15,
  urlLine: undefined,
  group: 'queues',
};

const ONCALL = `---
title: {{title}}
alerts: {{alerts}}
service: {{service}}
owner: "@example-org/queues"
last_reviewed: {{date}}
---

# {{title}}

## Meaning

<!-- What fired. -->

## Impact

{{cursor}}

## Diagnosis

\`\`\`sh {id=depth}
rabbitmqctl list_queues name messages
\`\`\`

## Mitigation

## Escalation
`;

describe('a new runbook for an alert, from any template', () => {
  it('fills the built-in diagnostic template from the rule: title, alert, service, severity, meaning and expression', () => {
    const { text, selection } = renderForAlert(builtInTemplate(ALERT_TEMPLATE)!.text, 'QueueBacklog', RULE, '2026-03-01');
    const runbook = parseRunbook('/w/runbooks/QueueBacklog.md', text);
    assert.deepEqual(runbook.problems, []);
    assert.equal(runbook.title, 'Orders queue backs up');
    assert.deepEqual(runbook.alerts, ['QueueBacklog']);
    assert.equal(runbook.service, 'payments');
    assert.equal(runbook.frontMatter?.data.severity, 'critical');
    assert.equal((text.match(/^severity:/gm) ?? []).length, 1);
    assert.match(text, /## Meaning\n\nConsumers of the orders queue fall behind\.\n\nThe alert fires when this expression has results for 10m:\n\n```promql\nrabbitmq_queue_messages\{queue="orders"\} > 1000\n```\n\n## Impact/);
    assert.doesNotMatch(text, /<!-- What fired/);
    // The first thing left to fill in: the empty owner.
    assert.equal(text.split('\n')[selection.line], 'owner: ""');
  });

  it('fills a workspace template: the severity added to its front matter, its {{cursor}} kept where it was', () => {
    const { text, selection } = renderForAlert(ONCALL, 'QueueBacklog', RULE, '2026-03-01');
    assert.match(text, /^---\ntitle: Orders queue backs up\nalerts: \[QueueBacklog\]\nservice: payments\nowner: "@example-org\/queues"\nlast_reviewed: 2026-03-01\nseverity: critical\n---\n/);
    assert.match(text, /## Meaning\n\nConsumers of the orders queue fall behind\.\n/);
    const lines = text.split('\n');
    assert.equal(lines[selection.line - 2], '## Impact', 'the cursor is where {{cursor}} was');
    assert.equal(selection.character, 0);
  });

  it('without a rule: the alert names the runbook, and the meaning is asked for', () => {
    const { text } = renderForAlert(ONCALL, 'Unknown_Alert', undefined, '2026-03-01');
    assert.match(text, /^title: Unknown_Alert$/m);
    assert.match(text, /## Meaning\n\nWhat does it mean when Unknown_Alert fires\?\n/);
    assert.doesNotMatch(text, /promql/);
  });

  it('names the alert in a template without `alerts:`', () => {
    const { text } = renderForAlert('---\ntitle: {{title}}\n---\n\n# {{title}}\n', 'QueueBacklog', RULE, '2026-03-01');
    assert.match(text, /^---\ntitle: Orders queue backs up\nalerts: \[QueueBacklog\]\nseverity: critical\n---\n/);
    assert.deepEqual(parseRunbook('/w/x.md', text).alerts, ['QueueBacklog']);
  });

  it('adds a Meaning section when the template has none, and a fence no expression can close', () => {
    const rule = { ...RULE, expr: 'up == 0 # ```not a fence```' };
    const { text } = renderForAlert('# {{title}}\n\n## Steps\n', 'QueueBacklog', rule, '2026-03-01');
    assert.match(text, /^# Orders queue backs up\n\n## Meaning\n\nConsumers/);
    assert.match(text, /\n````promql\nup == 0 # ```not a fence```\n````\n/);
    assert.deepEqual(parseRunbook('/w/x.md', text).headings.map((h) => h.text), ['Orders queue backs up', 'Meaning', 'Steps']);
  });
});
