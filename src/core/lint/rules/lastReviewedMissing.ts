// RB405 last-reviewed-missing: the front matter says when the runbook was last checked against reality.
import { isSiteFrontMatter } from '../../schema';
import type { LintContext, LintRule } from '../types';
import { frontMatterUsable, newKeyPosition } from '../../frontMatterSource';
import { insertAt, lineSpan } from '../../text';

export const lastReviewedMissing: LintRule = {
  id: 'RB405',
  name: 'last-reviewed-missing',
  description: 'The front matter has `last_reviewed`, so reviews can fall due',
  tags: ['front-matter', 'review'],
  defaultSeverity: 'info',
  check(context: LintContext): void {
    const { runbook, lines } = context;
    const fm = runbook.frontMatter;
    if (!fm || isSiteFrontMatter(fm.data) || !frontMatterUsable(runbook) || Object.hasOwn(fm.data, 'last_reviewed')) {
      return; // no front matter: RB102's skeleton has the key; a present but invalid value: RB101
    }
    const at = newKeyPosition(runbook);
    context.report({
      ...lineSpan(lines, 0),
      message: 'no `last_reviewed` in the front matter: nobody is reminded to check the runbook against reality',
      ...(at ? { fix: { title: `Add \`last_reviewed: ${context.today}\``, suggestion: true, edits: [insertAt(at.line, at.character, `last_reviewed: ${context.today}\n`)] } } : {}),
    });
  },
};
