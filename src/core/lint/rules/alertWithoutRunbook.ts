// RB204 alert-without-runbook: an alert defined in a rule file that no runbook serves. A workspace-level finding,
// reported in the rule file at the alert's name.
import type { LintRule, WorkspaceLintContext } from '../types';
import { code } from './support';

export const alertWithoutRunbook: LintRule = {
  id: 'RB204',
  name: 'alert-without-runbook',
  description: 'Every alert defined in a rule file has a runbook: by front matter `alerts`, `runbook_url` or file name',
  tags: ['alerts'],
  defaultSeverity: 'info',
  crossFile: true,
  check(): void {
    // Workspace-level only: the finding is in a rule file, not in a runbook.
  },
  workspaceCheck(context: WorkspaceLintContext): void {
    for (const rule of context.coverage().uncovered) {
      // A runbook_url that is dangling is RB203's finding; one that is external or templated may well be served.
      if (rule.runbookUrl) {
        continue;
      }
      context.report({
        path: rule.path,
        line: rule.line,
        character: rule.character,
        endLine: rule.line,
        endCharacter: rule.character + rule.alert.length,
        message: `no runbook for alert ${code(rule.alert)}: no runbook lists it in its front matter \`alerts\`, the rule has no \`runbook_url\`, and no runbook is named after it`,
      });
    }
  },
};
