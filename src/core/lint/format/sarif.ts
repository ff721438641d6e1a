// SARIF 2.1.0, as GitHub code scanning and other viewers read it: one run, the rules described in tool.driver.rules
// (help at docs/lint.md#<id>-<name>), results with 1-based regions in files relative to %SRCROOT%.
import { slugify } from '../../slug';
import { INTERNAL_ERROR_RULE } from '../engine';
import { ALL_RULES } from '../rules';
import type { LintRule, LintSeverity, WorkspaceFinding } from '../types';
import { sortForOutput } from './text';

export const TOOL_NAME = 'runbook-lint';
export const INFORMATION_URI = 'https://github.com/incident-runbooks/incident-runbooks';
export const DOCS_URL = `${INFORMATION_URI}/blob/main/docs/lint.md`;
const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const LEVEL: Record<LintSeverity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export interface SarifOptions {
  /** Rules described in SARIF's `tool.driver.rules` (default: ALL_RULES; RB000 is added when it occurs). */
  readonly ruleSet?: readonly LintRule[];
  /** Tool version for SARIF (default 0.0.0). */
  readonly version?: string;
  /** What the paths are relative to, as a `file:` URI ending in `/` (SARIF `originalUriBaseIds.%SRCROOT%`). */
  readonly srcRoot?: string;
}

/** The rule's section in docs/lint.md: the heading `RB101 front-matter-schema` → `#rb101-front-matter-schema`. */
export function ruleHelpUri(rule: Pick<LintRule, 'id' | 'name'>): string {
  return `${DOCS_URL}#${slugify(`${rule.id} ${rule.name}`)}`;
}

/** A relative `/`-path as a URI reference: each segment percent-encoded. */
function uriReference(path: string): string {
  return path.split('/').map((s) => (s === '..' || s === '.' ? s : encodeURIComponent(s))).join('/');
}

/** First sentence, for shortDescription. */
function firstSentence(s: string): string {
  const m = /^(.+?[.!?])(?:\s|$)/.exec(s.trim());
  return m ? m[1] : s.trim();
}

export function formatSarif(findings: readonly WorkspaceFinding[], options: SarifOptions = {}): string {
  const rules = [...(options.ruleSet ?? ALL_RULES)];
  for (const f of findings) {
    if (!rules.some((r) => r.id === f.ruleId)) {
      // RB000, or a finding from a rule outside the set: still described, so ruleIndex always points somewhere.
      rules.push(f.ruleId === INTERNAL_ERROR_RULE.id ? INTERNAL_ERROR_RULE : { ...INTERNAL_ERROR_RULE, id: f.ruleId, name: f.ruleName, description: f.ruleName, tags: [] });
    }
  }
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const run: Record<string, unknown> = {
    tool: {
      driver: {
        name: TOOL_NAME,
        version: options.version ?? '0.0.0',
        informationUri: INFORMATION_URI,
        rules: rules.map((r) => ({
          id: r.id,
          name: r.name,
          shortDescription: { text: firstSentence(r.description) },
          fullDescription: { text: r.description },
          defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
          helpUri: ruleHelpUri(r),
          properties: { tags: [...r.tags] },
        })),
      },
    },
  };
  if (options.srcRoot) {
    run.originalUriBaseIds = { '%SRCROOT%': { uri: options.srcRoot.endsWith('/') ? options.srcRoot : `${options.srcRoot}/` } };
  }
  run.columnKind = 'utf16CodeUnits';
  run.results = sortForOutput(findings).map((f) => ({
    ruleId: f.ruleId,
    ruleIndex: index.get(f.ruleId),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [{
      physicalLocation: {
        artifactLocation: { uri: uriReference(f.path), uriBaseId: '%SRCROOT%' },
        region: { startLine: f.line + 1, startColumn: f.character + 1, endLine: f.endLine + 1, endColumn: f.endCharacter + 1 },
      },
    }],
  }));
  return `${JSON.stringify({ $schema: SCHEMA, version: '2.1.0', runs: [run] }, null, 2)}\n`;
}
