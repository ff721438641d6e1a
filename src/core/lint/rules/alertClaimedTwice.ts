// RB202 alert-claimed-twice: the same alert named (exactly, not by a glob) in the front matter of several runbooks.
import { isAlertGlob } from '../../glob';
import type { LintContext, LintRule } from '../types';
import { frontMatterUsable, valuePosition } from '../../frontMatterSource';
import { relativePath } from '../../paths';
import { code, list } from '../../text';

export const alertClaimedTwice: LintRule = {
  id: 'RB202',
  name: 'alert-claimed-twice',
  description: 'An alert is named in the front matter of one runbook only (globs aside)',
  tags: ['alerts'],
  defaultSeverity: 'warning',
  crossFile: true,
  check(context: LintContext): void {
    const { runbook, lines, runbooks } = context;
    if (!frontMatterUsable(runbook)) {
      return;
    }
    for (const alert of new Set(runbook.alerts)) {
      if (isAlertGlob(alert)) {
        continue;
      }
      const others = runbooks
        .findByAlert(alert)
        .filter((m) => m.exact && m.runbook.path !== runbook.path)
        .map((m) => relativePath(runbook.path, m.runbook.path))
        .sort();
      if (!others.length) {
        continue;
      }
      context.report({
        ...valuePosition(runbook, lines, 'alerts', alert),
        message: `alert ${code(alert)} is also claimed by ${list(others.map(code))}: an alert should open one runbook`,
      });
    }
  },
};
