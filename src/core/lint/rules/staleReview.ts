// RB403 stale-review: `last_reviewed` plus `review_every` (or the default interval) is in the past. The fix sets
// `last_reviewed` to today, for when the review has been done.
import type { LintContext, LintRule } from '../types';
import { frontMatterUsable, replaceRange, scalarValueRange, stringOption, valuePosition } from './support';

const DAY = 86_400_000;
const INTERVAL = /^([1-9][0-9]*)([dwmy])$/;

/** `YYYY-MM-DD` → UTC milliseconds, or undefined when it is not a real date. */
export function parseDate(s: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) {
    return undefined;
  }
  const t = Date.UTC(+m[1], +m[2] - 1, +m[3]);
  const d = new Date(t);
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3] ? t : undefined;
}

export function formatDate(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

/** `date` plus an interval such as `90d`, `12w`, `6m`, `1y`; months and years keep the day, or end on the month's last day. */
export function addInterval(date: number, interval: string): number | undefined {
  const m = INTERVAL.exec(interval.trim());
  if (!m) {
    return undefined;
  }
  const n = Number(m[1]);
  const unit = m[2];
  if (unit === 'd' || unit === 'w') {
    return date + n * (unit === 'w' ? 7 : 1) * DAY;
  }
  const d = new Date(date);
  const months = d.getUTCMonth() + (unit === 'm' ? n : 12 * n);
  const year = d.getUTCFullYear() + Math.floor(months / 12);
  const month = months % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(d.getUTCDate(), lastDay));
}

export const staleReview: LintRule = {
  id: 'RB403',
  name: 'stale-review',
  description: 'The runbook was reviewed within its `review_every` interval (default 180d), and `last_reviewed` is not in the future',
  tags: ['front-matter', 'review'],
  defaultSeverity: 'warning',
  defaultOptions: { defaultInterval: '180d' },
  check(context: LintContext): void {
    const { runbook, lines } = context;
    const reviewed = runbook.lastReviewed;
    if (!frontMatterUsable(runbook) || reviewed === undefined) {
      return; // RB405 last-reviewed-missing
    }
    const last = parseDate(reviewed);
    const today = parseDate(context.today);
    if (last === undefined || today === undefined) {
      return; // not a date: RB101 reports it
    }
    const configured = stringOption(context.options, 'defaultInterval', '180d');
    const given = runbook.reviewEvery;
    if (given !== undefined && !INTERVAL.test(given.trim())) {
      return; // RB101 reports an invalid `review_every`
    }
    const interval = given ?? (INTERVAL.test(configured) ? configured : '180d');
    const due = addInterval(last, interval)!;
    const span = valuePosition(runbook, lines, 'last_reviewed', reviewed);
    const fix = setToday(context);
    let message: string | undefined;
    if (last > today) {
      message = `\`last_reviewed\` ${reviewed} is in the future (today is ${context.today})`;
    } else if (today > due) {
      const days = Math.round((today - due) / DAY);
      const every = given !== undefined ? `\`review_every\` ${given}` : `the default interval ${interval}`;
      message = `review overdue: last reviewed ${reviewed}, due ${formatDate(due)} with ${every}, ${days} day${days === 1 ? '' : 's'} ago`;
    }
    if (message) {
      context.report({ ...span, message, ...(fix ? { fix } : {}) });
    }
  },
};

function setToday(context: LintContext) {
  const { runbook, lines } = context;
  const line = runbook.frontMatter?.keyLines.last_reviewed;
  if (line === undefined) {
    return undefined;
  }
  const range = scalarValueRange(lines[line] ?? '');
  if (!range || range.start === range.end) {
    return undefined;
  }
  let { start, end } = range;
  const raw = lines[line].slice(start, end);
  if (/^(["']).*\1$/.test(raw)) {
    start++;
    end--;
  }
  return { title: `Set \`last_reviewed\` to ${context.today}`, suggestion: true, edits: [replaceRange(line, start, end, context.today)] };
}

