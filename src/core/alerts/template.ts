// The template of a new runbook for an alert, pre-filled from its rule when there is one.
import { stringify } from 'yaml';
import type { AlertRule } from './model';

const SEVERITIES = new Set(['critical', 'high', 'warning', 'low', 'info']);

export function runbookTemplate(alert: string, rule: AlertRule | undefined, today: string): string {
  const severity = rule?.labels.severity?.toLowerCase();
  const frontMatter: Record<string, unknown> = {
    title: rule?.annotations.summary ?? alert,
    alerts: [alert],
    ...(rule?.labels.service ? { service: rule.labels.service } : {}),
    owner: '',
    ...(severity && SEVERITIES.has(severity) ? { severity } : {}),
    last_reviewed: today,
    review_every: '90d',
  };
  const meaning = rule?.annotations.description ?? rule?.annotations.summary ?? `What does it mean when ${alert} fires?`;
  const expr = rule ? `\nThe alert fires when this expression has results${rule.for ? ` for ${rule.for}` : ''}:\n\n\`\`\`promql\n${rule.expr.trim()}\n\`\`\`\n` : '';
  return `---\n${stringify(frontMatter, { lineWidth: 0 }).trimEnd()}\n---\n\n# ${alert}\n\n## Meaning\n\n${meaning}\n${expr}\n## Impact\n\nWho or what is affected, and how badly?\n\n## Diagnosis\n\n\`\`\`sh {id=first-check}\n# The first command to run, e.g. kubectl -n {{namespace}} get pods\n\`\`\`\n\n## Mitigation\n\nHow to stop the bleeding.\n\n## Escalation\n\nWho to call when the steps above do not help.\n`;
}
