// RB205 rule-file-problem: a rule file that could not be read as rules (YAML that does not parse, `groups` that is
// not a list, a file named on the command line that cannot be read). Its alerts are missing from every check, so
// say so. A workspace-level finding, reported in the rule file.
import type { LintRule, WorkspaceLintContext } from '../types';

export const ruleFileProblem: LintRule = {
  id: 'RB205',
  name: 'rule-file-problem',
  description: 'Rule files that look like Prometheus rules can be read: their alerts are not silently left out',
  tags: ['alerts'],
  defaultSeverity: 'warning',
  crossFile: true,
  check(): void {
    // Workspace-level only: the finding is in a rule file, not in a runbook.
  },
  workspaceCheck(context: WorkspaceLintContext): void {
    for (const p of context.rules.problems()) {
      context.report({ path: p.path, line: p.line, message: p.message });
    }
  },
};
