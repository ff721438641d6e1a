// RB102 front-matter-missing: a runbook has front matter; the fix inserts a skeleton to fill in.
import type { LintContext, LintRule } from '../types';
import { yamlScalar } from '../../frontMatter';
import { insertAt, lineSpan } from '../../text';

export const frontMatterMissing: LintRule = {
  id: 'RB102',
  name: 'front-matter-missing',
  description: 'A runbook starts with YAML front matter (title, alerts, service, owner, severity, review dates)',
  tags: ['front-matter'],
  defaultSeverity: 'info',
  check(context: LintContext): void {
    const { runbook, lines } = context;
    if (runbook.frontMatter) {
      return;
    }
    // Front matter written below blank lines is not front matter: say so, and remove the blank lines.
    let first = 0;
    while (first < lines.length && lines[first].trim() === '') {
      first++;
    }
    if (first > 0 && first < lines.length && /^---[ \t]*$/.test(lines[first]) && closes(lines, first)) {
      context.report({
        ...lineSpan(lines, first),
        message: `front matter must start on the first line: ${first === 1 ? 'a blank line comes' : `${first} blank lines come`} before \`---\``,
        fix: {
          title: 'Remove the blank lines before the front matter',
          edits: [{ range: { start: { line: 0, character: 0 }, end: { line: first, character: 0 } }, newText: '' }],
        },
      });
      return;
    }
    const skeleton = [
      '---',
      `title: ${yamlScalar(runbook.title)}`,
      'alerts: []',
      'service: ""',
      'owner: ""',
      'severity: warning',
      `last_reviewed: ${context.today}`,
      'review_every: 90d',
      '---',
      '',
    ].join('\n');
    const empty = lines.length === 0 || (lines.length === 1 && lines[0] === '');
    context.report({
      line: 0,
      character: 0,
      endLine: 0,
      endCharacter: (lines[0] ?? '').length,
      message: 'no front matter: start the runbook with `---`, keys such as `title`, `alerts`, `owner` and `last_reviewed`, and `---`',
      fix: {
        title: 'Insert a front matter skeleton',
        suggestion: true,
        edits: [insertAt(0, 0, empty || lines[0].trim() === '' ? skeleton : `${skeleton}\n`)],
      },
    });
  },
};

/** Is there a closing `---` (or `...`) after line `open`, with something YAML-like in between? */
function closes(lines: readonly string[], open: number): boolean {
  let keys = false;
  for (let i = open + 1; i < lines.length; i++) {
    if (/^(?:---|\.\.\.)[ \t]*$/.test(lines[i])) {
      return keys;
    }
    keys ||= /^[A-Za-z_][\w-]*[ \t]*:(?:[ \t]|$)/.test(lines[i]);
  }
  return false;
}
