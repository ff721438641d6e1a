// Lint for post-incident reviews: the action items are usable (owner, known type, not overdue, unique ids) and the
// review does not stay a draft. Rule RB501 `action-items` runs these checks in the lint engine on reviews; the
// `runbook postmortem lint` command runs them alone through lintReview.
import { nonDirectiveLines, parseDirectives, suppressor } from '../lint/inline';
import { actionItems, reviewReports } from '../lint/rules/actionItems';
import type { Finding } from '../lint/types';
import { parseRunbook } from '../parse';
import { textLines } from '../review/actionItems';
import { reviewOfLines } from '../review/review';

export { DEFAULT_DRAFT_DAYS, draftDaysOption } from '../lint/rules/actionItems';

export const ACTION_ITEMS_RULE = { id: actionItems.id, name: actionItems.name, severity: actionItems.defaultSeverity } as const;

export interface ReviewLintOptions {
  /** Report a review still `draft` this many days after the incident (`resolved`, else `started`). Default 14. */
  readonly draftDays?: number;
}

/**
 * Lint a review's text on its own (the checks of RB501 action-items), with the engine's inline comments
 * (`<!-- runbook-lint-disable-next-line RB501 -->`) honoured. Findings are sorted by line and character.
 */
export function lintReview(text: string, today: string, options: ReviewLintOptions = {}): Finding[] {
  const lines = textLines(text);
  const review = reviewOfLines(lines);
  const findings: Finding[] = reviewReports(review, lines, today, { ...options }).map((r) => {
    const endLine = r.endLine ?? r.line;
    return {
      ruleId: ACTION_ITEMS_RULE.id,
      ruleName: ACTION_ITEMS_RULE.name,
      severity: ACTION_ITEMS_RULE.severity,
      message: r.message,
      line: r.line,
      character: r.character ?? 0,
      endLine,
      endCharacter: r.endCharacter ?? (lines[endLine] ?? '').length,
    };
  });
  const skip = nonDirectiveLines(parseRunbook('review.md', text, { links: false }));
  const suppressed = suppressor(parseDirectives(lines, skip), [{ id: ACTION_ITEMS_RULE.id, name: ACTION_ITEMS_RULE.name }]);
  return findings.filter((f) => !suppressed(f)).sort((a, b) => a.line - b.line || a.character - b.character || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
}
