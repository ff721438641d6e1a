// Output formats of lint findings: text (people, VS Code's problem matcher), json, SARIF 2.1.0 (code scanning) and
// GitHub Actions workflow commands (annotations). Pure: findings come with the paths to show (relative, `/`).
import type { WorkspaceFinding } from '../types';
import { formatGithub } from './github';
import { formatJson } from './json';
import { formatSarif, type SarifOptions } from './sarif';
import { formatText } from './text';

export { formatGithub, escapeData, escapeProperty } from './github';
export { formatJson, type JsonFinding } from './json';
export { formatSarif, ruleHelpUri, DOCS_URL, TOOL_NAME, INFORMATION_URI, type SarifOptions } from './sarif';
export { formatText, sortForOutput } from './text';

export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type FormatName = (typeof FORMATS)[number];

export interface FormatOptions extends SarifOptions {
  /** text: print at most this many findings, then the count of each rule (default: all). */
  readonly limit?: number;
}

export function isFormat(s: string): s is FormatName {
  return (FORMATS as readonly string[]).includes(s);
}

/** The findings in `format`, ending with a newline (empty text when there is nothing to say). */
export function formatFindings(format: FormatName, findings: readonly WorkspaceFinding[], options: FormatOptions = {}): string {
  switch (format) {
    case 'text':
      return formatText(findings, { limit: options.limit });
    case 'json':
      return formatJson(findings);
    case 'sarif':
      return formatSarif(findings, options);
    case 'github':
      return formatGithub(findings);
  }
}
