// RB103 title: a runbook has a title, from the front matter `title` or a level-1 heading.
import type { LintContext, LintRule } from '../types';
import { frontMatterUsable, keyPosition } from '../../frontMatterSource';
import { code, insertAt, lineSpan } from '../../text';

export const title: LintRule = {
  id: 'RB103',
  name: 'title',
  description: 'A runbook has a title: the front matter `title` or a level-1 heading',
  tags: ['headings', 'front-matter'],
  defaultSeverity: 'warning',
  check(context: LintContext): void {
    const { runbook, lines } = context;
    const fm = runbook.frontMatter;
    if (runbook.titleSource !== 'file-name' || (fm && !frontMatterUsable(runbook))) {
      return; // a title, or front matter that cannot be read (RB101): its `title` may well be there
    }
    const hasKey = !!fm && fm.keyLines.title !== undefined;
    const span = hasKey ? keyPosition(runbook, lines, 'title') : lineSpan(lines, 0);
    const heading = `# ${runbook.title}`;
    const message = `no title: ${hasKey ? 'the front matter `title` is empty and there is' : 'no front matter `title` and'} no level-1 heading, so lists show the file name ${code(runbook.title)}`;
    context.report({ ...span, message, fix: { title: `Add the heading ${code(heading)}`, suggestion: true, edits: [headingEdit(lines, fm ? fm.endLine + 1 : 0, heading)] } });
  },
};

/** Insert `heading` before the first non-blank line at or after `from`, with blank lines around it. */
function headingEdit(lines: readonly string[], from: number, heading: string) {
  let at = from;
  while (at < lines.length && lines[at].trim() === '') {
    at++;
  }
  if (at >= lines.length) {
    // Nothing after: append.
    const last = lines.length - 1;
    if (last < 0 || (last === 0 && lines[0] === '')) {
      return insertAt(0, 0, `${heading}\n`);
    }
    if (lines[last] === '') {
      return insertAt(last, 0, `${from > 0 && from === last ? '\n' : ''}${heading}\n`);
    }
    return insertAt(last, lines[last].length, `\n\n${heading}\n`);
  }
  const blankBefore = at === 0 || at > from;
  return insertAt(at, 0, `${blankBefore ? '' : '\n'}${heading}\n\n`);
}
