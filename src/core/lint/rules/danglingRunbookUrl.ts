// RB203 dangling-runbook-url: a rule's runbook_url points into the workspace (a relative path, or a URL under a
// mapped prefix) at no runbook, or at a heading the runbook does not have. A workspace-level finding, reported in the rule file at the URL's line.
import type { LintRule, WorkspaceLintContext } from '../types';
import { code } from './support';

export const danglingRunbookUrl: LintRule = {
  id: 'RB203',
  name: 'dangling-runbook-url',
  description: 'A rule\'s `runbook_url` that points into the workspace resolves to a runbook',
  tags: ['alerts', 'links'],
  defaultSeverity: 'warning',
  crossFile: true,
  check(): void {
    // Workspace-level only: the finding is in a rule file, not in a runbook.
  },
  workspaceCheck(context: WorkspaceLintContext): void {
    const c = context.coverage();
    for (const { rule, url, fragment } of c.brokenAnchors) {
      const key = Object.keys(rule.annotations).find((k) => rule.annotations[k]?.trim() === url) ?? 'runbook_url';
      context.report({
        path: rule.path,
        line: rule.urlLine ?? rule.line,
        message: `${code(key)} of alert ${code(rule.alert)} names the anchor ${code(`#${fragment}`)}, which the runbook has no heading for (it opens at the top): ${code(url)}`,
      });
    }
    for (const { rule, url } of c.danglingUrls) {
      const key = Object.keys(rule.annotations).find((k) => rule.annotations[k]?.trim() === url) ?? 'runbook_url';
      context.report({
        path: rule.path,
        line: rule.urlLine ?? rule.line,
        message: `${code(key)} of alert ${code(rule.alert)} points to no runbook: ${code(url)}`,
      });
    }
  },
};
