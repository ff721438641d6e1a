// A new post-incident review: the template, its placeholders filled from an incident session, and a file name.
import { findFrontMatter, yamlScalar } from '../frontMatter';
import { redact, type RedactOptions } from '../run/redact';
import { timelineMarkdown, type SessionEvent } from '../run/session';

/**
 * The placeholders of a review template, filled by `runbook postmortem new`:
 * - `title`, `id` (the file name without `.md`), `date` (YYYY-MM-DD of the incident), `severity`, `owner`, `tracker`
 * - `started`, `detected`, `resolved`: UTC ISO 8601 times (empty when unknown)
 * - `alerts`, `runbooks`: lists (a YAML flow list as a front-matter value, comma-separated elsewhere)
 * - `timeline`: the session as a markdown table; `runbook_links`: a bullet list of links to the runbooks used
 */
export type ReviewData = {
  readonly title: string;
  readonly id: string;
  readonly date: string;
  readonly severity: string;
  readonly started: string;
  readonly detected: string;
  readonly resolved: string;
  readonly alerts: readonly string[];
  readonly runbooks: readonly string[];
  readonly owner: string;
  readonly tracker: string;
  readonly timeline: string;
  readonly runbook_links: string;
};

export const PLACEHOLDERS: readonly (keyof ReviewData)[] = [
  'title', 'id', 'date', 'severity', 'started', 'detected', 'resolved', 'alerts', 'runbooks', 'owner', 'tracker', 'timeline', 'runbook_links',
];

export const BUILT_IN_TEMPLATE = `---
id: {{id}}
type: postmortem
title: {{title}}
status: draft
severity: {{severity}}
started: {{started}}
detected: {{detected}}
resolved: {{resolved}}
alerts: {{alerts}}
runbooks: {{runbooks}}
owner: {{owner}}
tracker: {{tracker}}
---

# {{title}}

Post-incident review of the incident of {{date}}. Blameless: it is about systems and decisions, not people.

## People

- Incident commander: <!-- who led the response -->
- Responders: <!-- who worked on it (teams too) -->
- Authors of this review: {{owner}}

## Summary

<!-- Two or three sentences: what happened, for how long, who was affected. -->

## Impact

<!-- Users, requests, data or money affected; SLOs burnt; for how long. -->

## Detection

<!-- How we found out (alerts: {{alerts}}), when, and how we could have known sooner. -->

## Key times

All times UTC. Time to detect = detected − started; to mitigate = mitigated − started; to resolve = resolved − started.

| | When | Duration since start |
|---|---|---|
| Started | {{started}} | |
| Detected | {{detected}} | time to detect: |
| Mitigated | | time to mitigate: |
| Resolved | {{resolved}} | time to resolve: |

## Communication

<!-- Customers and the status page: what was said, when and where (status-page incident, support replies, e-mails);
     internal updates to stakeholders. -->

## Timeline

All times UTC. From the incident session; add what happened before and after it.

{{timeline}}

## Root causes

<!-- Why it could happen: the conditions, not the people. Ask "why" until the answers stop helping. -->

## Trigger

<!-- What set it off: a deploy, a config change, a traffic spike, a failure elsewhere. -->

## Resolution

<!-- What stopped the impact, and what was done after. -->

Runbooks used:

{{runbook_links}}

## What went well

## What went poorly

## Where we got lucky

## Action items

<!-- One task per line. Required: [owner:: …] and [type:: prevent|mitigate|detect|process].
     Optional: [priority:: P1] [due:: YYYY-MM-DD] [issue:: URL]. \`runbook postmortem file\` adds [id:: AI-n] and [issue:: …].
     For example (in this comment, so it is never filed):
     e.g. - [ ] Alert when the queue is older than five minutes [owner:: @team-handle] [type:: detect] [priority:: P2] -->

## Lessons

## Links

- Dashboards: <!-- the graphs that showed it -->
- Chat: <!-- the incident channel or room -->
- Alerts: {{alerts}}
`;


const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w]*)\s*\}\}/g;

/** A list item of a YAML flow sequence. */
function flowItem(s: string): string {
  return /[,[\]{}]/.test(s) ? JSON.stringify(s) : yamlScalar(s);
}

/**
 * Fill a template's `{{name}}` placeholders (blanks inside the braces allowed; unknown names are left as they are).
 * In the front matter, a placeholder that is a whole value (`key: {{name}}`) is written as YAML: a scalar quoted when
 * needed, a list as `[a, b]`, empty as nothing (null). Elsewhere values go in as they are, lists comma-separated.
 */
export function renderReview(template: string, data: Readonly<Record<string, string | readonly string[]>>): string {
  const block = findFrontMatter(template);
  const fmEnd = block && block.endLine !== -1 ? block.endLine : -1;
  const value = (name: string): string | readonly string[] | undefined => (Object.hasOwn(data, name) ? data[name] : undefined);
  const lines = template.split('\n');
  return lines.map((line, i) => {
    if (i > 0 && i < fmEnd) {
      const whole = /^(\s*[^\s#:][^:]*:[ \t]*)\{\{\s*([A-Za-z_]\w*)\s*\}\}[ \t]*(\r?)$/.exec(line);
      const v = whole ? value(whole[2]) : undefined;
      if (whole && v !== undefined) {
        const yaml = typeof v === 'string' ? (v === '' ? '' : yamlScalar(v)) : `[${v.map(flowItem).join(', ')}]`;
        return `${whole[1]}${yaml}`.trimEnd() + whole[3];
      }
    }
    return line.replace(PLACEHOLDER, (m, name: string) => {
      const v = value(name);
      return v === undefined ? m : typeof v === 'string' ? v : v.join(', ');
    });
  }).join('\n');
}

export interface ReviewFromSessionOptions {
  readonly title?: string;
  /** A run's `runbook` (as the session keys it) → its title. */
  readonly runbookTitles?: Readonly<Record<string, string>>;
  readonly now: Date;
  readonly owner?: string;
  readonly tracker?: string;
  readonly severity?: string;
  /** The incident's date, YYYY-MM-DD (default: the session's start, else `now`; UTC). */
  readonly date?: string;
  /** Folder of the review, relative like the session's runbook paths: links to runbooks are made relative to it (default `postmortems`). */
  readonly reviewDir?: string;
  /** Extra patterns and secret values for the redaction every value taken from the session goes through. */
  readonly redaction?: RedactOptions;
}

/** `2026-03-01T14:32:05Z`: UTC, to the second; the text as it is when it is not a time. */
function utc(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `to` (a relative path) relative to the folder `fromDir`; absolute paths, URIs and folders outside stay as they are. */
export function relativeLink(fromDir: string, to: string): string {
  if (/^(?:\/|[A-Za-z]:[\\/]|[a-z][a-z0-9+.-]*:)/i.test(to)) {
    return to;
  }
  const from = fromDir.split('/').filter((s) => s && s !== '.');
  if (from.includes('..')) {
    return to;
  }
  const target = to.split('/').filter((s) => s && s !== '.');
  let i = 0;
  while (i < from.length && i < target.length - 1 && from[i] === target[i]) {
    i++;
  }
  return [...from.slice(i).map(() => '..'), ...target.slice(i)].join('/');
}

/** A markdown link destination: in `<…>` when it has blanks or parentheses. */
function destination(href: string): string {
  return /[\s()<>]/.test(href) ? `<${href.replace(/[<>]/g, (c) => encodeURIComponent(c))}>` : href;
}

/** The placeholders' values for a review of an incident session (events in log order; none: an empty timeline). */
export function reviewFromSession(events: readonly SessionEvent[], opts: ReviewFromSessionOptions): ReviewData {
  const start = events.find((e) => e.type === 'start');
  const end = [...events].reverse().find((e) => e.type === 'end');
  const runbooks: string[] = [];
  for (const e of events) {
    if (e.type === 'run' && !runbooks.includes(e.runbook)) {
      runbooks.push(e.runbook);
    }
  }
  const titles = opts.runbookTitles ?? {};
  const titleOf = (p: string) => (Object.hasOwn(titles, p) ? titles[p] : p);
  const startDate = start ? new Date(start.startedAt) : undefined;
  const date = opts.date ?? (startDate && !Number.isNaN(startDate.getTime()) ? startDate : opts.now).toISOString().slice(0, 10);
  const alert = start?.alert ?? undefined;
  const title = opts.title?.trim() || (alert ? `${alert} incident` : 'Incident');
  const reviewDir = opts.reviewDir ?? 'postmortems';
  const r = (s: string) => redact(s, opts.redaction); // the one redaction pipeline (core/run/redact)
  return {
    title,
    id: `${date}-${reviewSlug(title)}`,
    date,
    severity: opts.severity ?? start?.labels.severity ?? '',
    started: start ? utc(start.startedAt) : '',
    detected: '',
    resolved: end ? utc(end.time) : '',
    alerts: alert ? [alert] : [],
    runbooks,
    owner: opts.owner ?? '',
    tracker: opts.tracker ?? '',
    timeline: r(timelineMarkdown(events, titles).trimEnd()),
    runbook_links: runbooks.length
      ? runbooks.map((p) => `- [${titleOf(p).replace(/[[\]\\]/g, '\\$&')}](${destination(relativeLink(reviewDir, p))})`).join('\n')
      : '- (none recorded)',
  };
}

/** The file-name part of a title: ASCII letters and digits, lower case, words joined by `-`, at most 60 characters. */
export function reviewSlug(title: string): string {
  const slug = title.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return slug.slice(0, 60).replace(/-+$/, '') || 'incident';
}

/**
 * `postmortems/YYYY-MM-DD-<slug>.md` (in `dir`), or with `-2`, `-3`… before `.md`: never a name `exists` knows.
 * `exists` gets the whole relative name, e.g. `postmortems/2026-03-01-queue-backlog.md`.
 */
export function reviewFileName(date: string, title: string, exists: (name: string) => boolean, dir = 'postmortems'): string {
  const prefix = dir.replace(/\/+$/, '');
  const base = `${prefix ? `${prefix}/` : ''}${date}-${reviewSlug(title)}`;
  let name = `${base}.md`;
  for (let n = 2; exists(name); n++) {
    name = `${base}-${n}.md`;
  }
  return name;
}
