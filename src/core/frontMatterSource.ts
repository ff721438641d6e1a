// The front matter as written in a runbook's source: whether it can be trusted (the parser's problems with it), where
// its keys and values stand, and where a new key goes. For rules and fixes that point at or edit front matter.
import type { ParseProblem, Runbook } from './model';
import { lineSpan, type Position, type Span } from './text';

const FRONT_MATTER_PROBLEM = /^(?:front matter|invalid YAML in front matter)/;
const YAML_PROBLEM = /^(?:front matter is not closed|invalid YAML in front matter|front matter must be a mapping)/;

/** Problems the parser found in the front matter (YAML and schema). */
export function frontMatterProblems(runbook: Runbook): ParseProblem[] {
  const fm = runbook.frontMatter;
  if (!fm) {
    return [];
  }
  return runbook.problems.filter((p) => FRONT_MATTER_PROBLEM.test(p.message) && (fm.endLine === -1 ? p.line === 0 : p.line <= fm.endLine));
}

/**
 * The front matter's keys can be trusted: it exists, is closed, is valid YAML and a mapping. Schema problems (a
 * wrong type, an unknown key) leave the other keys readable. Rules about keys stay quiet otherwise: RB101 reports
 * the one real problem instead of every key looking absent.
 */
export function frontMatterUsable(runbook: Runbook): boolean {
  const fm = runbook.frontMatter;
  return !!fm && fm.endLine !== -1 && !runbook.problems.some((p) => YAML_PROBLEM.test(p.message) && p.line <= fm.endLine);
}

/** Is this problem a YAML-level one (unclosed, invalid, not a mapping) rather than a schema one? */
export function isYamlProblem(problem: ParseProblem): boolean {
  return YAML_PROBLEM.test(problem.message);
}

/** Lines `[start, end]` (inclusive) of a top-level key: its own line and the indented lines of its value. */
export function keyBlock(runbook: Runbook, lines: readonly string[], key: string): { start: number; end: number } | undefined {
  const fm = runbook.frontMatter;
  const start = fm?.keyLines[key];
  if (!fm || start === undefined || fm.endLine === -1) {
    return undefined;
  }
  let end = start;
  for (let i = start + 1; i < fm.endLine && i < lines.length; i++) {
    const l = lines[i];
    if (/^\s*$/.test(l) || /^#/.test(l)) {
      continue; // blank lines and comments at the margin belong to nobody yet
    }
    if (!/^[ \t]/.test(l) && !/^-[ \t]/.test(l)) {
      break; // the next top-level key
    }
    end = i;
  }
  return { start, end };
}

const ALERT_CHAR = /[A-Za-z0-9_:*?]/;

/**
 * Where `value` is written in a top-level key's block: a word not inside a longer name. Falls back to the key itself
 * (never throws, never points outside the front matter).
 */
export function valuePosition(runbook: Runbook, lines: readonly string[], key: string, value: string): Span {
  const block = keyBlock(runbook, lines, key);
  if (!block) {
    return keyPosition(runbook, lines, key);
  }
  for (let i = block.start; i <= block.end; i++) {
    const l = lines[i];
    let from = i === block.start ? l.indexOf(':') + 1 : 0;
    for (let at = l.indexOf(value, from); at !== -1; at = l.indexOf(value, from)) {
      const before = at > 0 ? l[at - 1] : '';
      const after = l[at + value.length] ?? '';
      if (!ALERT_CHAR.test(before) && !ALERT_CHAR.test(after)) {
        return { line: i, character: at, endLine: i, endCharacter: at + value.length };
      }
      from = at + 1;
    }
  }
  return keyPosition(runbook, lines, key);
}

/** The key itself on its line. */
export function keyPosition(runbook: Runbook, lines: readonly string[], key: string): Span {
  const line = runbook.frontMatter?.keyLines[key] ?? 0;
  const text = lines[line] ?? '';
  const found = text.indexOf(key);
  return found === -1 ? lineSpan(lines, line) : { line, character: found, endLine: line, endCharacter: found + key.length };
}

/** The value of a `key: value` line, without quotes or a trailing comment. */
export function scalarValueRange(line: string): { start: number; end: number } | undefined {
  const m = /^([^:#]+:[ \t]*)(.*?)[ \t]*(?:[ \t]#.*)?$/.exec(line);
  if (!m) {
    return undefined;
  }
  const start = m[1].length;
  return { start, end: start + m[2].length };
}

/** Where to insert a new top-level key: just before the closing `---` (the front matter must be closed). */
export function newKeyPosition(runbook: Runbook): Position | undefined {
  const fm = runbook.frontMatter;
  return fm && fm.endLine !== -1 ? { line: fm.endLine, character: 0 } : undefined;
}
