// RB201 alert-without-rule: an alert named in the front matter that no rule file of the workspace defines.
import { closest } from '../../closest';
import { isAlertGlob } from '../../glob';
import type { LintContext, LintRule, Report } from '../types';
import { frontMatterUsable, valuePosition } from '../../frontMatterSource';
import { code, replaceRange } from '../../text';

export const alertWithoutRule: LintRule = {
  id: 'RB201',
  name: 'alert-without-rule',
  description: 'Every alert named in the front matter is defined by a rule file (when the workspace has rule files)',
  tags: ['alerts'],
  defaultSeverity: 'warning',
  crossFile: true,
  check(context: LintContext): void {
    const { runbook, lines, rules } = context;
    const defined = rules.alerts();
    if (!defined.length || !frontMatterUsable(runbook)) {
      return; // no rule files to check against (or the workspace's are all templates that do not parse)
    }
    for (const alert of runbook.alerts) {
      if (isAlertGlob(alert) || rules.byAlert(alert).length) {
        continue;
      }
      const span = valuePosition(runbook, lines, 'alerts', alert);
      const suggestion = closest(alert, defined, Math.min(3, Math.max(1, Math.floor(alert.length / 4))));
      const files = rules.files().length;
      let message = `no rule file defines alert ${code(alert)} (${defined.length} alert${defined.length === 1 ? '' : 's'} in ${files} rule file${files === 1 ? '' : 's'})`;
      let report: Report = { ...span, message };
      if (suggestion) {
        message += `: did you mean ${code(suggestion)}?`;
        const written = (lines[span.line] ?? '').slice(span.character, span.endCharacter);
        report = written === alert && !runbook.alerts.includes(suggestion)
          ? { ...span, message, fix: { title: `Replace with ${code(suggestion)}`, suggestion: true, edits: [replaceRange(span.line, span.character, span.endCharacter, suggestion)] } }
          : { ...span, message };
      }
      context.report(report);
    }
  },
};
