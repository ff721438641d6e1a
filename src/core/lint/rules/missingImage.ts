// RB402 missing-image: an image whose relative path points to no file.
import type { LintContext, LintRule } from '../types';
import { hrefSpan, isRelativeTarget } from '../../links';
import { resolveRelative } from '../../paths';
import { code, lineSpan } from '../../text';

export const missingImage: LintRule = {
  id: 'RB402',
  name: 'missing-image',
  description: 'Images with a relative path point to files that exist',
  tags: ['links', 'images'],
  defaultSeverity: 'warning',
  check(context: LintContext): void {
    const { runbook, lines } = context;
    for (const link of runbook.links) {
      const src = link.href.trim();
      if (!link.image || !isRelativeTarget(src)) {
        continue;
      }
      const path = src.replace(/[?#].*$/, '');
      if (path === '' || context.exists(resolveRelative(runbook.path, path))) {
        continue;
      }
      context.report({ ...(hrefSpan(lines, link.line, src) ?? lineSpan(lines, link.line)), message: `image ${code(path)} does not exist` });
    }
  },
};
