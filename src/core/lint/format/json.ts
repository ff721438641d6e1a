// An array of findings, 1-based, end column exclusive (the character after the range).
import { isAutoFix } from '../fixes';
import type { LintSeverity, WorkspaceFinding } from '../types';
import { sortForOutput } from './text';

export interface JsonFinding {
  readonly path: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity: LintSeverity;
  readonly ruleId: string;
  readonly ruleName: string;
  readonly message: string;
  readonly fixable: boolean;
}

export function formatJson(findings: readonly WorkspaceFinding[]): string {
  const out: JsonFinding[] = sortForOutput(findings).map((f) => ({
    path: f.path,
    line: f.line + 1,
    column: f.character + 1,
    endLine: f.endLine + 1,
    endColumn: f.endCharacter + 1,
    severity: f.severity,
    ruleId: f.ruleId,
    ruleName: f.ruleName,
    message: f.message,
    fixable: isAutoFix(f),
  }));
  return `${JSON.stringify(out, null, 2)}\n`;
}
