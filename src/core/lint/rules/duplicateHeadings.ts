// RB105 duplicate-headings: the same heading twice at the same level under the same parent.
import type { Heading } from '../../model';
import type { LintContext, LintRule } from '../types';
import { code, lineSpan } from '../../text';

const normalize = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

export const duplicateHeadings: LintRule = {
  id: 'RB105',
  name: 'duplicate-headings',
  description: 'No two headings with the same text at the same level under the same parent heading',
  tags: ['headings', 'structure'],
  defaultSeverity: 'warning',
  check(context: LintContext): void {
    const { runbook, lines } = context;
    const seen = new Map<string, Heading>();
    const parents: { heading: Heading; index: number }[] = [];
    runbook.headings.forEach((h, index) => {
      while (parents.length && parents[parents.length - 1].heading.level >= h.level) {
        parents.pop();
      }
      const parent = parents[parents.length - 1];
      const key = `${parent ? parent.index : -1}\u0000${h.level}\u0000${normalize(h.text)}`;
      const first = seen.get(key);
      if (first && h.text) {
        const under = parent ? `under ${code(`${'#'.repeat(parent.heading.level)} ${parent.heading.text}`)}` : 'at the top level';
        context.report({
          ...lineSpan(lines, h.line),
          message: `duplicate heading ${code(`${'#'.repeat(h.level)} ${h.text}`)} ${under}: the same as line ${first.line + 1}`,
        });
      } else if (!first) {
        seen.set(key, h);
      }
      parents.push({ heading: h, index });
    });
  },
};
