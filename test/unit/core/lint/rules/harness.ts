// Test harness for lint rules: runs ONE rule over fixture files with a LintContext built here (not the engine's),
// and compares its findings with expected-finding markers written in the fixtures.
//
// Fixtures: test/unit/core/lint/rules/fixtures/<rule-name>/. A folder is one workspace (root `/ws`): every `*.md`
// in it (recursively, except `*.fixed.md`) is an indexed runbook, every `*.rules.yml` a rule file, and `exists`
// answers from its files and folders. A sub-folder named `ws-…` is a workspace of its own. An optional
// `workspace.json` gives `{ "mappings": [...], "options": {...} }`.
//
// Markers (each names one expected finding; several ids = several findings; a quoted text must be in the message):
//   <!-- expect RB301 -->              at the end of the offending line (markdown)
//   <!-- expect-next-line RB301 -->    on the line before (e.g. before a fence, whose info string cannot hold it)
//   <!-- expect+3 RB303 -->            three lines down (inside a fenced block); `expect-2` two lines up
//   # expect RB101 "unknown key"       YAML comments: in front matter and rule files, same forms
// Rule options for one fixture: `<!-- options {"sections": ["Meaning"]} -->`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { UrlMapping } from '../../../../../src/core/alerts/model';
import { AlertResolver } from '../../../../../src/core/alerts/resolver';
import { RuleIndex } from '../../../../../src/core/alerts/rules';
import { chooseEdits } from '../../../../../src/core/lint/fixes';
import type { Finding, LintContext, LintRule, Report, WorkspaceFinding, WorkspaceLintContext } from '../../../../../src/core/lint/types';
import type { TextEdit } from '../../../../../src/core/text';
import { parseRunbook } from '../../../../../src/core/parse';
import { RunbookIndex } from '../../../../../src/core/runbookIndex';
import { applyEdits, splitLines } from '../../../../../src/core/text';

export { splitLines } from '../../../../../src/core/text';

/** The repository root, from out/test/unit/core/lint/rules/ (compiled) or the source folder. */
export const REPO = path.resolve(__dirname, __dirname.includes(`${path.sep}out${path.sep}`) ? '../../../../../..' : '../../../../..');
export const FIXTURES = path.join(REPO, 'test/unit/core/lint/rules/fixtures');
export const TODAY = '2026-11-25';
export const ROOT = '/ws';

export interface Expected {
  readonly ruleId: string;
  readonly line: number;
  readonly text: string | undefined;
}

export interface Workspace {
  /** Folder on disk. */
  readonly dir: string;
  /** Virtual path (`/ws/…`) → text. */
  readonly runbookFiles: ReadonlyMap<string, string>;
  readonly ruleFiles: ReadonlyMap<string, string>;
  /** Does a file or folder exist? (`exists` of the LintContext.) */
  exists(path: string): boolean;
  /** The workspace folder, in the form of the paths. */
  readonly root: string;
  readonly mappings: readonly UrlMapping[];
  readonly options: Readonly<Record<string, unknown>>;
}

function walk(dir: string, top: boolean): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!(top && e.name.startsWith('ws-'))) {
        out.push(p, ...walk(p, false));
      }
    } else {
      out.push(p);
    }
  }
  return out;
}

/** The workspaces of a rule's fixture folder: the folder itself and each `ws-*` sub-folder. */
export function workspaces(ruleDir: string): Workspace[] {
  const dirs = [ruleDir, ...readdirSync(ruleDir).filter((n) => n.startsWith('ws-') && statSync(path.join(ruleDir, n)).isDirectory()).sort().map((n) => path.join(ruleDir, n))];
  return dirs.map(loadWorkspace);
}

export function loadWorkspace(dir: string): Workspace {
  const all = walk(dir, true);
  const toVirtual = (p: string) => `${ROOT}/${path.relative(dir, p).split(path.sep).join('/')}`;
  const runbookFiles = new Map<string, string>();
  const ruleFiles = new Map<string, string>();
  const files = new Set<string>([ROOT]);
  let mappings: UrlMapping[] = [];
  let options: Record<string, unknown> = {};
  for (const p of all) {
    const v = toVirtual(p);
    files.add(v);
    if (statSync(p).isDirectory()) {
      continue;
    }
    if (p.endsWith('.md') && !p.endsWith('.fixed.md')) {
      runbookFiles.set(v, readFileSync(p, 'utf8'));
    } else if (/\.rules\.ya?ml$/.test(p)) {
      ruleFiles.set(v, readFileSync(p, 'utf8'));
    } else if (path.basename(p) === 'workspace.json' && path.dirname(p) === dir) {
      const json = JSON.parse(readFileSync(p, 'utf8')) as { mappings?: UrlMapping[]; options?: Record<string, unknown> };
      mappings = json.mappings ?? [];
      options = json.options ?? {};
    }
  }
  return { dir, runbookFiles, ruleFiles, exists: (p) => files.has(p) || files.has(p.replace(/\/+$/, '')), root: ROOT, mappings, options };
}

const MARKER = /(?:<!--|(?:^|\s)#)\s*expect(-next-line|[+-]\d+)?((?:\s+RB\d{3})+)\s*(?:"([^"]*)")?\s*(?:-->|$|(?=\s#\s*expect))/g;

/** Expected findings written in `text`; YAML comment markers count only where YAML is (front matter, rule files). */
export function expectations(text: string, yaml: 'all' | 'front-matter'): Expected[] {
  const lines = splitLines(text);
  let fmEnd = -1;
  if (yaml === 'front-matter' && /^---[ \t]*$/.test(lines[0] ?? '')) {
    fmEnd = lines.findIndex((l, i) => i > 0 && /^(?:---|\.\.\.)[ \t]*$/.test(l));
  }
  const out: Expected[] = [];
  lines.forEach((l, i) => {
    for (const m of l.matchAll(MARKER)) {
      const html = m[0].trimStart().startsWith('<!--');
      if (!html && yaml === 'front-matter' && !(i > 0 && i < fmEnd)) {
        continue;
      }
      if (html && yaml === 'all') {
        continue;
      }
      const offset = m[1] === undefined ? 0 : m[1] === '-next-line' ? 1 : Number(m[1]);
      for (const id of m[2].trim().split(/\s+/)) {
        out.push({ ruleId: id, line: i + offset, text: m[3] });
      }
    }
  });
  return out;
}

export function markdownExpectations(text: string): Expected[] {
  return expectations(text, 'front-matter');
}

/** `<!-- options {...} -->` of a fixture. */
export function fixtureOptions(text: string): Record<string, unknown> {
  const m = /<!--\s*options\s+(\{[\s\S]*?\})\s*-->/.exec(text);
  return m ? (JSON.parse(m[1]) as Record<string, unknown>) : {};
}

const cache = new WeakMap<Workspace, { runbooks: RunbookIndex; rules: RuleIndex }>();

/** The workspace's indexes, built once; `runRule` puts the linted text in and restores the file afterwards. */
export function indexes(ws: Workspace): { runbooks: RunbookIndex; rules: RuleIndex } {
  const cached = cache.get(ws);
  if (cached) {
    return cached;
  }
  const built = buildIndexes(ws);
  cache.set(ws, built);
  return built;
}

function buildIndexes(ws: Workspace): { runbooks: RunbookIndex; rules: RuleIndex } {
  const runbooks = new RunbookIndex();
  for (const [p, t] of ws.runbookFiles) {
    runbooks.set(p, t);
  }
  const rules = new RuleIndex();
  for (const [p, t] of ws.ruleFiles) {
    rules.set(p, t);
  }
  return { runbooks, rules };
}

/** Run one rule over one document of a workspace, as the engine would (severity = the rule's default). */
export function runRule(rule: LintRule, ws: Workspace, docPath: string, text: string, extraOptions: Record<string, unknown> = {}, readOptions = true): Finding[] {
  const { runbooks, rules } = indexes(ws);
  const runbook = parseRunbook(docPath, text);
  runbooks.setRunbook(runbook); // this text, even when it is not the fixture's (a fixed version)
  const lines = splitLines(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const findings: Finding[] = [];
  const context: LintContext = {
    runbook,
    lines,
    runbooks,
    rules,
    options: { ...(rule.defaultOptions ?? {}), ...ws.options, ...(readOptions ? fixtureOptions(text) : {}), ...extraOptions },
    today: TODAY,
    exists: (p) => ws.exists(p),
    report: (r: Report) => findings.push(toFinding(rule, r, lines)),
  };
  try {
    rule.check(context);
  } finally {
    const original = ws.runbookFiles.get(docPath);
    if (original === undefined) {
      runbooks.delete(docPath);
    } else {
      runbooks.set(docPath, original);
    }
  }
  return findings;
}

export function runWorkspaceRule(rule: LintRule, ws: Workspace): WorkspaceFinding[] {
  const { runbooks, rules } = buildIndexes(ws);
  const findings: WorkspaceFinding[] = [];
  if (!rule.workspaceCheck) {
    return findings;
  }
  const resolver = new AlertResolver({ runbooks, rules, mappings: ws.mappings, roots: [ws.root] });
  const context: WorkspaceLintContext = {
    runbooks,
    rules,
    mappings: ws.mappings,
    roots: [ws.root],
    resolver,
    coverage: () => resolver.coverage(),
    options: { ...(rule.defaultOptions ?? {}), ...ws.options },
    today: TODAY,
    report: (r) => {
      const text = ws.runbookFiles.get(r.path) ?? ws.ruleFiles.get(r.path);
      findings.push({ ...toFinding(rule, r, text === undefined ? undefined : splitLines(text)), path: r.path });
    },
  };
  rule.workspaceCheck(context);
  return findings;
}

function toFinding(rule: LintRule, r: Report, lines: readonly string[] | undefined): Finding {
  const line = r.line;
  const character = r.character ?? 0;
  const endLine = r.endLine ?? line;
  const endCharacter = r.endCharacter ?? (lines?.[endLine] ?? '').length;
  const f: Finding = { ruleId: rule.id, ruleName: rule.name, severity: rule.defaultSeverity, message: r.message, line, character, endLine, endCharacter };
  return r.fix ? { ...f, fix: r.fix } : f;
}

/** Problems with the shape of findings: positions outside the document, an end before the start, empty messages. */
export function malformed(findings: readonly Finding[], lines: readonly string[] | undefined): string[] {
  const out: string[] = [];
  for (const f of findings) {
    const where = `${f.ruleId} at ${f.line + 1}:${f.character + 1}`;
    const ints = [f.line, f.character, f.endLine, f.endCharacter].every((n) => Number.isInteger(n) && n >= 0);
    if (!ints) {
      out.push(`${where}: positions are not whole numbers ≥ 0`);
    }
    if (!f.message.trim()) {
      out.push(`${where}: empty message`);
    }
    if (f.endLine < f.line || (f.endLine === f.line && f.endCharacter < f.character)) {
      out.push(`${where}: ends before it starts`);
    }
    if (lines) {
      if (f.endLine >= lines.length) {
        out.push(`${where}: past the last line`);
      } else if (f.character > (lines[f.line] ?? '').length || f.endCharacter > (lines[f.endLine] ?? '').length) {
        out.push(`${where}: past the end of the line`);
      }
      for (const e of f.fix?.edits ?? []) {
        const { start, end } = e.range;
        if (start.line >= lines.length || end.line >= lines.length || start.character > lines[start.line].length || end.character > lines[end.line].length) {
          out.push(`${where}: fix edit outside the document`);
        }
      }
    }
  }
  return out;
}

/** Compare findings with expectations: every expected one found, nothing more. Returns the differences. */
export function compare(findings: readonly Finding[], expected: readonly Expected[], label = ''): string[] {
  const left = [...findings];
  const missing: string[] = [];
  for (const e of expected) {
    const i = left.findIndex((f) => f.ruleId === e.ruleId && f.line === e.line && (e.text === undefined || f.message.includes(e.text)));
    if (i === -1) {
      missing.push(`missing ${label}${e.ruleId} at line ${e.line + 1}${e.text ? ` with "${e.text}"` : ''}`);
    } else {
      left.splice(i, 1);
    }
  }
  return [...missing, ...left.map((f) => `unexpected ${label}${f.ruleId} at line ${f.line + 1}:${f.character + 1}: ${f.message}`)];
}

// ---------------------------------------------------------------------------------------------------------------
// Fixes

/**
 * Apply fixes (suggestions too: each a list of edits) as core/lint/fixes chooses them: positions in the original
 * text; a fix whose edits overlap (or insert at the same place as) those already taken is left out whole. Returns
 * the text and how many fixes were left out.
 */
export function applyFixes(text: string, fixes: readonly (readonly TextEdit[])[]): { text: string; skipped: number } {
  const { edits, skipped } = chooseEdits(text, fixes);
  return { text: applyEdits(text, edits), skipped };
}

/** Fix everything the rule can fix: lint, apply what does not clash, again, until nothing is left (at most 20 rounds). */
export function fixAll(rule: LintRule, ws: Workspace, docPath: string, text: string): { text: string; rounds: number } {
  let current = text;
  for (let round = 1; round <= 20; round++) {
    const fixes = runRule(rule, ws, docPath, current).filter((f) => f.fix).map((f) => f.fix!.edits);
    if (!fixes.length) {
      return { text: current, rounds: round - 1 };
    }
    current = applyFixes(current, fixes).text;
  }
  throw new Error(`${rule.id}: fixes still pending after 20 rounds on ${docPath}`);
}
