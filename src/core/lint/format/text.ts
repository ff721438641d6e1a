// `path:line:col  severity  RB101/name  message`, one finding a line (1-based), sorted by path, line, column and
// rule; then a summary. VS Code's `$runbook-lint` problem matcher reads these lines.
import { compareWorkspaceFindings, isAutoFix } from '../engine';
import type { WorkspaceFinding } from '../types';

/** Sorted by path, line, character, rule id and message: the same findings always print the same. */
export function sortForOutput(findings: readonly WorkspaceFinding[]): WorkspaceFinding[] {
  return [...findings].sort(compareWorkspaceFindings);
}

const plural = (n: number, word: string, words = `${word}s`) => `${n} ${n === 1 ? word : words}`;

export function formatText(findings: readonly WorkspaceFinding[]): string {
  if (!findings.length) {
    return '';
  }
  const lines = sortForOutput(findings).map((f) =>
    `${f.path}:${f.line + 1}:${f.character + 1}  ${f.severity}  ${f.ruleId}/${f.ruleName}  ${oneLine(f.message)}`);
  const count = (s: WorkspaceFinding['severity']) => findings.filter((f) => f.severity === s).length;
  const fixable = findings.filter(isAutoFix).length;
  const summary = `${plural(findings.length, 'problem')} (${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('info'), 'info', 'infos')})`
    + (fixable ? `, ${fixable} fixable with --fix` : '');
  return `${lines.join('\n')}\n\n${summary}\n`;
}

function oneLine(s: string): string {
  return s.replace(/\s*\r?\n\s*/g, ' ');
}
