// The lint engine, shared by the editor and the CLI: parse a runbook, run the enabled rules with the configured
// severities and options, and drop what inline directives turn off (fixes are applied by ./fixes). Pure: files are checked through
// `fileExists`, configuration comes resolved.
import type { UrlMapping } from '../alerts/model';
import { AlertResolver, type Coverage } from '../alerts/resolver';
import type { Runbook } from '../model';
import type { RuleIndex } from '../alerts/rules';
import { drain, drainPaced, type Pacer } from '../pacer';
import { parseRunbook } from '../parse';
import type { RunbookIndex } from '../runbookIndex';
import { dirname, isAbsoluteUrl, isUri, joinPath, normalizePath } from '../paths';
import { splitLines, stripBom } from '../text';
import { isIgnored, ruleSetting, type ResolvedConfig } from './config';
import { nonDirectiveLines, parseDirectives, suppressor } from './inline';
import { ALL_RULES } from './rules';
import type { Finding, LintContext, LintRule, Report, WorkspaceFinding, WorkspaceLintContext, WorkspaceReport } from './types';

export type { WorkspaceFinding } from './types';

export interface LintEnvironment {
  readonly runbooks: RunbookIndex;
  readonly rules: RuleIndex;
  readonly config: ResolvedConfig;
  /** YYYY-MM-DD. */
  readonly today: string;
  /** Does a file or folder exist? (relative links and images). Paths in the same form as runbook paths. */
  fileExists(path: string): Promise<boolean>;
  /** The rules to run (default: ALL_RULES). */
  readonly ruleSet?: readonly LintRule[];
  /** The extension host's pace: the lint gives the event loop back between rules when it says so (default: never). */
  readonly pacer?: Pacer;
}

export interface WorkspaceEnvironment {
  readonly runbooks: RunbookIndex;
  readonly rules: RuleIndex;
  readonly config: ResolvedConfig;
  readonly today: string;
  readonly ruleSet?: readonly LintRule[];
  /** runbook_url prefixes mapped onto workspace folders (default none). */
  readonly mappings?: readonly UrlMapping[];
  /** Workspace folders, in the form of runbook paths (default none). */
  readonly roots?: readonly string[];
  /**
   * The owner's resolver over the same indexes, mappings and folders, whose tables and plans outlive the pass
   * (default: one for this pass, disposed of after it).
   */
  readonly resolver?: AlertResolver;
}

/** Reported when a rule throws: the other rules still run. Not configurable. */
export const INTERNAL_ERROR_RULE: LintRule = Object.freeze({
  id: 'RB000',
  name: 'internal-error',
  description: 'A lint rule failed on this file. This is a bug in the rule: the other rules still ran. Please report it with the file.',
  tags: ['internal'],
  defaultSeverity: 'error',
  check: () => undefined,
});

/**
 * Lint one runbook. Findings are sorted by line, character and rule id. `runbook`, when given, is
 * `parseRunbook(path, text)` done already (e.g. while indexing): it is not parsed again.
 */
export async function lintDocument(input: { readonly path: string; readonly text: string; readonly runbook?: Runbook }, env: LintEnvironment): Promise<Finding[]> {
  if (isIgnored(env.config, input.path)) {
    return [];
  }
  const ruleSet = env.ruleSet ?? ALL_RULES;
  const runbook = input.runbook ?? parseRunbook(input.path, input.text);
  const lines = splitLines(stripBom(input.text));
  const existing = await resolveLinks(input.path, runbook.links.map((l) => l.href), env.fileExists);
  const exists = (p: string): boolean => {
    const key = normalizePath(p);
    const known = existing.get(key);
    if (known !== undefined) {
      return known;
    }
    // A target as written (relative to the document) rather than resolved.
    const target = linkTarget(input.path, p);
    return target !== undefined && existing.get(target) === true;
  };

  const findings: Finding[] = [];
  for (const rule of ruleSet) {
    const { severity, options } = ruleSetting(env.config, rule);
    if (severity === 'off') {
      continue;
    }
    const context: LintContext = {
      runbook,
      lines,
      runbooks: env.runbooks,
      rules: env.rules,
      options,
      today: env.today,
      exists,
      report: (r) => findings.push(toFinding(rule, severity, r, lines)),
    };
    try {
      rule.check(context);
    } catch (e) {
      findings.push(internalError(rule, e));
    }
    const pause = env.pacer?.check();
    if (pause) {
      await pause;
    }
  }

  const suppressed = suppressor(parseDirectives(lines, nonDirectiveLines(runbook)), [...ruleSet, INTERNAL_ERROR_RULE]);
  return capFindings(findings.filter((f) => !suppressed(f)).sort(compareFindings));
}

/** Findings kept for one file; past it, one `RB001` finding counts the rest (no editor or report needs more). */
export const MAX_FINDINGS_PER_FILE = 1000;

/** The finding that stands for those left out when a file has more than `MAX_FINDINGS_PER_FILE`. Not configurable. */
export const TOO_MANY_FINDINGS_RULE: LintRule = Object.freeze({
  id: 'RB001',
  name: 'too-many-findings',
  description: `A file has more than ${MAX_FINDINGS_PER_FILE} findings: the first ${MAX_FINDINGS_PER_FILE} are reported, and this one counts the rest`,
  tags: ['internal'],
  defaultSeverity: 'warning',
  check: () => undefined,
});

const SEVERITY_RANK: Readonly<Record<Finding['severity'], number>> = { info: 0, warning: 1, error: 2 };

/** The first `max` findings (sorted), and one more for the rest, as severe as the worst of them. */
export function capFindings(sorted: Finding[], max = MAX_FINDINGS_PER_FILE): Finding[] {
  if (sorted.length <= max) {
    return sorted;
  }
  const rest = sorted.slice(max);
  let worst: Finding['severity'] = 'info';
  const byRule = new Map<string, number>();
  for (const f of rest) {
    if (SEVERITY_RANK[f.severity] > SEVERITY_RANK[worst]) {
      worst = f.severity;
    }
    byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
  }
  const first = rest[0];
  const counts = [...byRule].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0])).slice(0, 5).map(([id, n]) => `${id} ×${n}`).join(', ');
  const kept = sorted.slice(0, max);
  kept.push({
    ruleId: TOO_MANY_FINDINGS_RULE.id,
    ruleName: TOO_MANY_FINDINGS_RULE.name,
    severity: worst,
    message: `${rest.length} more findings in this file are not shown (${counts}${byRule.size > 5 ? ', …' : ''}): fix or turn off the rules above first`,
    line: first.line,
    character: first.character,
    endLine: first.line,
    endCharacter: first.character,
  });
  return kept;
}

/**
 * Workspace-level findings: every enabled rule's `workspaceCheck`, once (e.g. an alert of a rule file that no
 * runbook serves, at the rule's line in the rule file). Sorted by path, line, character and rule id. The coverage
 * of the rules by the runbooks is computed once for the pass, when a rule first asks for it.
 */
export function lintWorkspace(env: WorkspaceEnvironment): WorkspaceFinding[] {
  return drain(workspaceSteps(env));
}

/** `lintWorkspace` for the extension host: yields between rules (and inside the coverage) whenever `pacer` says so. */
export function lintWorkspacePaced(env: WorkspaceEnvironment, pacer: Pacer): Promise<WorkspaceFinding[]> {
  return drainPaced(workspaceSteps(env), pacer);
}

function* workspaceSteps(env: WorkspaceEnvironment): Generator<void, WorkspaceFinding[]> {
  const ruleSet = env.ruleSet ?? ALL_RULES;
  const findings: WorkspaceFinding[] = [];
  const mappings = env.mappings ?? [];
  const roots = env.roots ?? [];
  const resolver = env.resolver ?? new AlertResolver({ runbooks: env.runbooks, rules: env.rules, mappings, roots });
  // Computed once for the pass, in steps, before the rules that use it (the cross-file ones) run.
  const wantsCoverage = ruleSet.some((r) => r.workspaceCheck && r.crossFile && ruleSetting(env.config, r).severity !== 'off');
  let covered: Coverage | undefined = wantsCoverage ? yield* resolver.coverageSteps() : undefined;
  const coverage = (): Coverage => (covered ??= resolver.coverage());
  for (const rule of ruleSet) {
    if (!rule.workspaceCheck) {
      continue;
    }
    const { severity, options } = ruleSetting(env.config, rule);
    if (severity === 'off') {
      continue;
    }
    const context: WorkspaceLintContext = {
      runbooks: env.runbooks,
      rules: env.rules,
      mappings,
      roots,
      resolver,
      coverage,
      options,
      today: env.today,
      report: (r: WorkspaceReport) => findings.push({ ...toFinding(rule, severity, r, undefined), path: r.path }),
    };
    try {
      rule.workspaceCheck(context);
    } catch (e) {
      findings.push({ ...internalError(rule, e), path: roots[0] ?? '' });
    }
    yield;
  }
  if (resolver !== env.resolver) {
    resolver.dispose();
  }
  return findings.filter((f) => !isIgnored(env.config, f.path)).sort(compareWorkspaceFindings);
}

/** By line, character, rule id, then message (a total, stable order). */
export function compareFindings(a: Finding, b: Finding): number {
  return a.line - b.line || a.character - b.character || cmp(a.ruleId, b.ruleId) || cmp(a.message, b.message);
}

/** By path, then as `compareFindings`. */
export function compareWorkspaceFindings(a: WorkspaceFinding, b: WorkspaceFinding): number {
  return cmp(a.path, b.path) || compareFindings(a, b);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function internalError(rule: LintRule, e: unknown): Finding {
  const why = e instanceof Error ? e.message : String(e);
  return {
    ruleId: INTERNAL_ERROR_RULE.id,
    ruleName: INTERNAL_ERROR_RULE.name,
    severity: 'error',
    message: `rule ${rule.id}/${rule.name} failed: ${why.split('\n')[0]}`,
    line: 0,
    character: 0,
    endLine: 0,
    endCharacter: 0,
  };
}

/** A rule's report as a finding: positions made whole numbers within the document, the end never before the start. */
function toFinding(rule: LintRule, severity: Finding['severity'], r: Report, lines: readonly string[] | undefined): Finding {
  const maxLine = lines ? Math.max(lines.length - 1, 0) : Infinity;
  const whole = (n: number | undefined, fallback: number) => (typeof n === 'number' && Number.isFinite(n) ? Math.max(0, Math.floor(n)) : fallback);
  const line = Math.min(whole(r.line, 0), maxLine);
  const character = whole(r.character, 0);
  let endLine = Math.min(whole(r.endLine, line), maxLine);
  // Without an end: to the end of the line (when the text is known), else where it starts.
  let endCharacter = whole(r.endCharacter, lines ? (lines[endLine] ?? '').length : character);
  if (endLine < line || (endLine === line && endCharacter < character)) {
    endLine = line;
    endCharacter = character;
  }
  const finding: Finding = { ruleId: rule.id, ruleName: rule.name, severity, message: r.message, line, character, endLine, endCharacter };
  return r.fix ? { ...finding, fix: r.fix } : finding;
}

// ---------------------------------------------------------------------------------------------------------------
// Links

/**
 * The file a relative link or image points to, in the form of `documentPath` (normalized), without its `#anchor` or
 * `?query`; undefined for external URLs (`https:`, `mailto:`, …), pure `#anchor`s and empty links. Relative to the
 * document's folder; `/x` is taken from the top of the document's path form. Percent-escapes are decoded for plain
 * paths (`my%20notes.md` → `my notes.md`), kept in URI strings.
 */
export function linkTarget(documentPath: string, href: string, decode = !isUri(documentPath)): string | undefined {
  const h = href.trim();
  if (!h || h.startsWith('#') || h.startsWith('?') || isAbsoluteUrl(h)) {
    return undefined;
  }
  let target = h.replace(/[?#].*$/, '');
  if (!target) {
    return undefined;
  }
  if (decode) {
    try {
      target = decodeURI(target);
    } catch {
      // leave it as written
    }
  }
  return joinPath(dirname(documentPath), target);
}

/** Whether each link target exists, resolved in parallel (each path once). */
async function resolveLinks(documentPath: string, hrefs: readonly string[], fileExists: (path: string) => Promise<boolean>): Promise<Map<string, boolean>> {
  const targets = new Set<string>();
  const uri = isUri(documentPath);
  for (const href of hrefs) {
    // Both forms, as written and percent-decoded: a rule may look a target up either way.
    for (const t of [linkTarget(documentPath, href, !uri), linkTarget(documentPath, href, uri)]) {
      if (t !== undefined) {
        targets.add(t);
      }
    }
  }
  const result = new Map<string, boolean>();
  await Promise.all([...targets].map(async (t) => {
    let found: boolean;
    try {
      found = await fileExists(t);
    } catch {
      found = true; // cannot tell (e.g. permission denied): do not report a link as broken
    }
    result.set(t, found);
  }));
  return result;
}
