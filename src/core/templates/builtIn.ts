// The templates that ship with the extension. They use the same `{{placeholders}}` as workspace templates and are
// rendered the same way; a runbook made from one lints clean except for what is left to fill in (an empty `owner`).
// HTML comments are the prompts: the preview hides them, and the cursor starts on the first one.

/**
 * Default of `runbooks.templatesFolder`, relative to the workspace folder. Not `.runbooks/templates`, which holds the
 * post-incident review templates, and outside the default runbook globs, so templates are never indexed as runbooks.
 */
export const DEFAULT_TEMPLATES_FOLDER = '.runbooks/runbook-templates';

export interface BuiltInTemplate {
  /** What `template` names in the command's arguments. */
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly text: string;
}

const DIAGNOSTIC = `---
title: {{title}}
alerts: {{alerts}}
service: {{service}}
owner: {{owner}}
severity: warning
last_reviewed: {{date}}
review_every: 90d
variables:
  namespace:
    description: Kubernetes namespace of the service (the alert's \`namespace\` label)
---

# {{title}}

## Meaning

<!-- What fired, in plain words, and the alert expression if it helps. -->

## Impact

<!-- What users and other systems suffer, and how fast it gets worse. -->

## Diagnosis

<!-- Read-only steps that find the cause, each with an id. -->

\`\`\`sh {id=pods}
kubectl -n {{namespace}} get pods -o wide
\`\`\`

\`\`\`sh {id=events}
kubectl -n {{namespace}} get events --sort-by=.lastTimestamp
\`\`\`

## Mitigation

<!-- Steps that stop the damage, one per cause. Mark every step that changes the system \`destructive\`. -->

## Escalation

<!-- Who to page, and when. -->

## References

<!-- Dashboards, docs and related runbooks. -->
`;

const SERVICE = `---
title: {{title}}
service: {{service}}
owner: {{owner}}
tags: [service]
last_reviewed: {{date}}
review_every: 180d
variables:
  namespace:
    description: Kubernetes namespace the service runs in
---

# {{title}}

## Overview

<!-- What the service does, who depends on it, what it depends on, and where it runs. -->

## Dashboards and logs

<!-- Links to the service's dashboards, logs and traces. -->

## Impact

<!-- What breaks for users and other services when it is down or slow. -->

## Diagnosis

\`\`\`sh {id=status}
kubectl -n {{namespace}} get deployments,pods
\`\`\`

## Mitigation

<!-- Known fixes: restart, roll back, scale out, fail over. Mark every step that changes the system \`destructive\`. -->

## Escalation

<!-- Who to page, and when. -->
`;

const BLANK = `---
title: {{title}}
service: {{service}}
owner: {{owner}}
last_reviewed: {{date}}
---

# {{title}}

## Meaning

<!-- What is going on. -->

## Impact

## Diagnosis

## Mitigation
`;

export const BUILT_IN_TEMPLATES: readonly BuiltInTemplate[] = Object.freeze([
  { id: 'diagnostic', label: 'Diagnostic runbook (alert-driven)', description: 'Meaning, impact, diagnosis steps, mitigation, escalation: for one alert or symptom', text: DIAGNOSTIC },
  { id: 'service', label: 'Service runbook', description: 'Overview, dashboards, impact, diagnosis, mitigation: everything on call needs about one service', text: SERVICE },
  { id: 'blank', label: 'Blank', description: 'Front matter and the four required sections', text: BLANK },
]);

export function builtInTemplate(id: string): BuiltInTemplate | undefined {
  return BUILT_IN_TEMPLATES.find((t) => t.id === id);
}
