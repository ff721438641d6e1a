// RB501 action-items: a post-incident review's action items have an owner and a known type and are not overdue, and
// the review does not stay a draft. Runs on reviews only (front matter `type: postmortem`, or a file under a
// `postmortems/` folder); the checks are those of `lintReview` (src/core/postmortem/lint.ts).
import { DEFAULT_DRAFT_DAYS, reviewReports } from '../../postmortem/lint';
import { isReviewDocument, reviewOfLines } from '../../postmortem/review';
import type { LintContext, LintRule } from '../types';

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
