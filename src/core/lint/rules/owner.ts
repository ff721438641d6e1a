// RB404 owner: the front matter names who answers for the runbook.
import { isSiteFrontMatter } from '../../schema';
import type { LintContext, LintRule } from '../types';
import { frontMatterUsable, keyPosition } from '../../frontMatterSource';
import { lineSpan } from '../../text';

export const owner: LintRule = {
  id: 'RB404',
  name: 'owner',
  description: 'The front matter has an `owner`: a team handle or an e-mail address',
  tags: ['front-matter', 'ownership'],
  defaultSeverity: 'warning',
  check(context: LintContext): void {
    const { runbook, lines } = context;
    const fm = runbook.frontMatter;
    if (!fm || isSiteFrontMatter(fm.data) || !frontMatterUsable(runbook)) {
      return; // no front matter: RB102 (its skeleton has `owner`); unreadable front matter: RB101
    }
    if (!Object.hasOwn(fm.data, 'owner')) {
      context.report({ ...lineSpan(lines, 0), message: 'no `owner` in the front matter: add the team handle or e-mail address that answers for this runbook' });
    } else if (typeof fm.data.owner === 'string' && fm.data.owner.trim() === '') {
      context.report({ ...keyPosition(runbook, lines, 'owner'), message: '`owner` is empty: add the team handle or e-mail address that answers for this runbook' });
    }
  },
};
