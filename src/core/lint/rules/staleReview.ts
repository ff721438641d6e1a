// RB403 stale-review: `last_reviewed` plus `review_every` (or the default interval) is in the past. The fix sets
// `last_reviewed` to today, for when the review has been done.
import { addInterval, DAY_MS, formatDate, INTERVAL, parseDate } from '../../dates';
import type { LintContext, LintRule } from '../types';
import { frontMatterUsable, scalarValueRange, valuePosition } from '../../frontMatterSource';
import { replaceRange } from '../../text';
import { stringOption } from '../options';

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
      const days = Math.round((today - due) / DAY_MS);
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

