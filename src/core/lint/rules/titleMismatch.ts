// RB106 title-mismatch: a front-matter title and a level-1 heading that say different things.
import { isSiteFrontMatter } from '../../schema';
import type { LintContext, LintRule } from '../types';
import { code, lineSpan } from '../../text';

/** Case, punctuation and spacing do not make two titles different (`KubePodCrashLooping` ~ `Kube Pod Crash Looping`). */
const normalize = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

export const titleMismatch: LintRule = {
  id: 'RB106',
  name: 'title-mismatch',
  description: 'The front matter `title` and the level-1 heading, when both are present, say the same',
  tags: ['headings', 'front-matter'],
  defaultSeverity: 'info',
  check(context: LintContext): void {
    const { runbook, lines } = context;
    if (runbook.titleSource !== 'front-matter' || (runbook.frontMatter && isSiteFrontMatter(runbook.frontMatter.data))) {
      return; // a site generator's page title (the navigation's label) may differ from the H1 on purpose
    }
    const h1 = runbook.headings.find((h) => h.level === 1 && h.text);
    if (!h1 || normalize(h1.text) === normalize(runbook.title)) {
      return;
    }
    context.report({
      ...lineSpan(lines, h1.line),
      message: `heading ${code(`# ${h1.text}`)} differs from the front matter title ${code(runbook.title)}: lists and search show the title, the document the heading`,
    });
  },
};
