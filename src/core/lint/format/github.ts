// GitHub Actions workflow commands: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=RB101/name::message`,
// shown as annotations on the pull request. `info` findings become `notice`.
import type { WorkspaceFinding } from '../types';
import { sortForOutput } from './text';

const COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const;

/** A command's message: `%`, CR and LF escaped. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A command property's value: also `:` and `,`. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(findings: readonly WorkspaceFinding[]): string {
  return sortForOutput(findings).map((f) => {
    const props = [
      `file=${escapeProperty(f.path)}`,
      `line=${f.line + 1}`,
      `col=${f.character + 1}`,
      `endLine=${f.endLine + 1}`,
      `endColumn=${f.endCharacter + 1}`,
      `title=${escapeProperty(`${f.ruleId}/${f.ruleName}`)}`,
    ].join(',');
    return `::${COMMAND[f.severity]} ${props}::${escapeData(f.message)}\n`;
  }).join('');
}
