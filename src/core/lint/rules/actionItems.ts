// RB501 action-items: a post-incident review's action items have an owner and a known type and are not overdue, and
// the review does not stay a draft. Runs on reviews only (front matter `type: postmortem`, or a file under a
// `postmortems/` folder). `runbook postmortem lint` runs the same checks alone (lintReview, src/core/postmortem/lint.ts).
import { DAY_MS } from '../../dates';
import { ACTION_ITEM_TYPES } from '../../review/actionItems';
import { isReviewDocument, isUtcTime, parseTrackerSpec, REVIEW_STATUSES, reviewOfLines, type Review } from '../../review/review';
import type { LintContext, LintRule, Report } from '../types';

export const DEFAULT_DRAFT_DAYS = 14;

export const actionItems: LintRule = {
  id: 'RB501',
  name: 'action-items',
  description: 'A post-incident review\'s action items have an owner, a known type and no past due date; the review does not stay a draft',
  tags: ['postmortem', 'ownership'],
  defaultSeverity: 'warning',
  defaultOptions: { draftDays: DEFAULT_DRAFT_DAYS },
  check(context: LintContext): void {
    const { runbook, lines } = context;
    if (!isReviewDocument(runbook.path, runbook.frontMatter?.data)) {
      return;
    }
    for (const report of reviewReports(reviewOfLines(lines), lines, context.today, context.options)) {
      context.report(report);
    }
  },
};



/** Days from `from` (a date or a time) to `today` (YYYY-MM-DD), in whole UTC days; undefined when either is not a date. */
function daysSince(from: string, today: string): number | undefined {
  const f = Date.parse(from);
  const t = Date.parse(`${today}T00:00:00Z`);
  if (Number.isNaN(f) || Number.isNaN(t)) {
    return undefined;
  }
  const fromDay = Date.parse(`${new Date(f).toISOString().slice(0, 10)}T00:00:00Z`);
  return Math.round((t - fromDay) / DAY_MS);
}

const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** The draft-days option, whatever the configuration says (a number ≥ 0, else the default). */
export function draftDaysOption(options: Readonly<Record<string, unknown>>): number {
  const v = options.draftDays;
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : DEFAULT_DRAFT_DAYS;
}

/** What is wrong with a review, as lint reports (0-based positions). `today` is YYYY-MM-DD. */
export function reviewReports(review: Review, lines: readonly string[], today: string, options: Readonly<Record<string, unknown>> = {}): Report[] {
  const out: Report[] = [];
  const at = (key: string) => {
    const s = review.valueSpans[key];
    return s ? { line: s.line, character: s.character, endLine: s.line, endCharacter: s.endCharacter } : { line: 0 };
  };

  // Front matter
  if (review.status !== undefined && !(REVIEW_STATUSES as readonly string[]).includes(review.status)) {
    out.push({ ...at('status'), message: `unknown review status \`${review.status}\`: use ${REVIEW_STATUSES.join(', ')}` });
  }
  for (const key of ['started', 'detected', 'resolved'] as const) {
    const v = review[key];
    if (v !== undefined && !isUtcTime(v)) {
      out.push({ ...at(key), message: `\`${key}\` is not a UTC time: write it as ISO 8601 with Z, e.g. 2026-03-01T14:32:05Z` });
    }
  }
  if (review.tracker !== undefined) {
    const t = parseTrackerSpec(review.tracker);
    if ('error' in t) {
      out.push({ ...at('tracker'), message: t.error });
    }
  }
  const incident = review.resolved ?? review.started;
  if (review.status === 'draft' && incident !== undefined) {
    const limit = draftDaysOption(options);
    const days = daysSince(incident, today);
    if (days !== undefined && days >= limit) {
      out.push({ ...at('status'), message: `the review is still a draft ${days} days after the incident (limit ${limit}): finish it and set \`status: in-review\` or \`final\`` });
    }
  }

  // Action items
  const seen = new Map<string, number>();
  for (const item of review.actionItems) {
    const whole = { line: item.line, character: item.range.start, endLine: item.line, endCharacter: item.range.end };
    const value = (k: string) => ({ line: item.line, character: item.valueRanges[k].start, endLine: item.line, endCharacter: item.valueRanges[k].end });
    const label = item.id ? `action item ${item.id}` : 'action item';
    if (/^(?:example|e\.g\.)\b/i.test(item.text) && !item.done) {
      out.push({ ...whole, message: `${label} is an example from the template: replace it with a real action item or delete it (it would be filed as a real issue)` });
    }
    if (!item.owner) {
      out.push({ ...whole, message: `${label} has no owner: add [owner:: @handle]` });
    }
    if (!item.type) {
      out.push({ ...whole, message: `${label} has no type: add [type:: ${ACTION_ITEM_TYPES.join('|')}]` });
    } else if (!(ACTION_ITEM_TYPES as readonly string[]).includes(item.type.toLowerCase())) {
      out.push({ ...value('type'), message: `${label} has an unknown type \`${item.type}\`: use ${ACTION_ITEM_TYPES.join(', ')}` });
    }
    if (item.due) {
      if (!isDate(item.due)) {
        out.push({ ...value('due'), message: `${label}: due date \`${item.due}\` is not a date YYYY-MM-DD` });
      } else if (!item.done && item.due < today) {
        out.push({ ...value('due'), message: `${label} is past due (${item.due}) and not done` });
      }
    }
    if (item.id) {
      const key = item.id.toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) {
        out.push({ ...value('id'), message: `action item id ${item.id} is also used on line ${first + 1}` });
      } else {
        seen.set(key, item.line);
      }
    }
  }
  // Positions inside the document, whatever the input.
  return out.map((r) => (r.line < lines.length ? r : { ...r, line: 0, character: 0, endLine: 0, endCharacter: 0 }));
}
