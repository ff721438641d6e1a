// `path:line:col  severity  RB101/name  message`, one finding a line (1-based), sorted by path, line, column and
// rule; then a summary. VS Code's `$runbook-lint` problem matcher reads these lines.
import { compareWorkspaceFindings } from '../engine';
import { isAutoFix } from '../fixes';
import type { WorkspaceFinding } from '../types';

/** Sorted by path, line, character, rule id and message: the same findings always print the same. */
export function sortForOutput(findings: readonly WorkspaceFinding[]): WorkspaceFinding[] {
  return [...findings].sort(compareWorkspaceFindings);
}

const plural = (n: number, word: string, words = `${word}s`) => `${n} ${n === 1 ? word : words}`;

/**
 * The findings, one a line, then a summary. With `limit` and more findings than that (a first run over a large
 * repository), only the first `limit` lines are printed, followed by the count of each rule, most frequent first.
 */
export function formatText(findings: readonly WorkspaceFinding[], options: { readonly limit?: number } = {}): string {
  if (!findings.length) {
    return '';
  }
  const all = sortForOutput(findings);
  const limited = options.limit !== undefined && all.length > options.limit;
  const lines = (limited ? all.slice(0, options.limit) : all).map((f) =>
    `${f.path}:${f.line + 1}:${f.character + 1}  ${f.severity}  ${f.ruleId}/${f.ruleName}  ${oneLine(f.message)}`);
  const count = (s: WorkspaceFinding['severity']) => findings.filter((f) => f.severity === s).length;
  const fixable = findings.filter(isAutoFix).length;
  const summary = `${plural(findings.length, 'problem')} (${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('info'), 'info', 'infos')})`
    + (fixable ? `, ${fixable} fixable with --fix` : '');
  let byRule = '';
  if (limited) {
    const counts = new Map<string, { n: number; severity: string }>();
    for (const f of findings) {
      const key = `${f.ruleId}/${f.ruleName}`;
      const c = counts.get(key);
      counts.set(key, { n: (c?.n ?? 0) + 1, severity: f.severity });
    }
    const rows = [...counts].sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : 1));
    const width = Math.max(...rows.map(([k]) => k.length));
    byRule = `… and ${all.length - options.limit!} more (--verbose for all)\n\nBy rule:\n${rows.map(([k, c]) => `  ${k.padEnd(width)}  ${String(c.n).padStart(5)}  ${c.severity}`).join('\n')}\n\n`;
  }
  return `${lines.join('\n')}\n\n${byRule}${summary}\n`;
}

function oneLine(s: string): string {
  return s.replace(/\s*\r?\n\s*/g, ' ');
}
