// Helpers shared by the lint rules (not a rule): options, front-matter positions and edits, fences, paths, and
// the guards that keep one broken construct (unclosed front matter or fence) from cascading into other findings.
import type { CodeBlock, ParseProblem, Runbook } from '../../model';
import type { TextEdit } from '../types';
import { compileUserPattern } from '../../safeRegex';
import { decodePercent } from '../../text';

/** A range to report, all positions given. */
export interface Span {
  readonly line: number;
  readonly character: number;
  readonly endLine: number;
  readonly endCharacter: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Options

export function stringOption(options: Readonly<Record<string, unknown>>, key: string, fallback: string): string {
  const v = options[key];
  return typeof v === 'string' && v.trim() ? v.trim() : fallback;
}

/** Something that finds a pattern's leftmost match in a text. */
export interface PatternMatcher {
  exec(text: string): { readonly index: number; readonly text: string } | undefined;
}

/**
 * A list option of regular expressions (case-insensitive), compiled: the rule's own defaults with JavaScript's
 * engine (they are ours, and reviewed), any other pattern on the linear-time engine, so that a configuration cannot
 * make linting take exponential time. Patterns it refuses are left out (loading the configuration reports them).
 */
export function patternListOption(options: Readonly<Record<string, unknown>>, key: string, defaults: readonly string[]): PatternMatcher[] {
  const builtIn = new Set(defaults);
  const out: PatternMatcher[] = [];
  for (const source of stringListOption(options, key, defaults)) {
    if (builtIn.has(source)) {
      let re: RegExp;
      try {
        re = new RegExp(source, 'i');
      } catch {
        continue;
      }
      out.push({ exec: (text) => {
        for (const [offset, window] of windows(text)) {
          const m = re.exec(window);
          if (m) {
            return { index: offset + m.index, text: m[0] };
          }
        }
        return undefined;
      } });
    } else {
      const compiled = compileUserPattern(source, 'i');
      if (compiled.ok) {
        out.push(compiled);
      }
    }
  }
  return out;
}

/** Built-in patterns see long lines in windows of this many characters… */
export const WINDOW = 4096;
/** …overlapping by this many, so a command shorter than it is found wherever it is. */
export const OVERLAP = 512;

/**
 * A line as overlapping windows (one for lines up to WINDOW long). JavaScript's engine backtracks, and the built-in
 * patterns' cost grows with the square of what they are given (a 240 KB line took seconds); in windows, it grows
 * linearly with the line. A window's edges may look like `$` or `\b` to a pattern: that errs on the side of asking.
 */
export function* windows(text: string): Generator<[number, string]> {
  if (text.length <= WINDOW) {
    yield [0, text];
    return;
  }
  for (let start = 0; ; start += WINDOW - OVERLAP) {
    yield [start, text.slice(start, start + WINDOW)];
    if (start + WINDOW >= text.length) {
      return;
    }
  }
}

export function stringListOption(options: Readonly<Record<string, unknown>>, key: string, fallback: readonly string[]): string[] {
  const v = options[key];
  if (Array.isArray(v)) {
    return v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim());
  }
  return [...fallback];
}

/** `{ Diagnosis: ["Investigation"] }`; anything malformed is left out. */
export function stringListMapOption(
  options: Readonly<Record<string, unknown>>,
  key: string,
  fallback: Readonly<Record<string, readonly string[]>>,
): Record<string, string[]> {
  const v = options[key];
  const out: Record<string, string[]> = {};
  const source = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : fallback;
  for (const [k, list] of Object.entries(source)) {
    if (Array.isArray(list)) {
      out[k] = list.filter((x): x is string => typeof x === 'string');
    } else if (typeof list === 'string') {
      out[k] = [list];
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Parser problems: which construct is broken, so other rules can stay quiet about its consequences

const FRONT_MATTER_PROBLEM = /^(?:front matter|invalid YAML in front matter)/;
const YAML_PROBLEM = /^(?:front matter is not closed|invalid YAML in front matter|front matter must be a mapping)/;
const UNCLOSED_FENCE = /^code fence \S+ is never closed$/;

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

/** Opening lines of fences that are never closed (each swallows the rest of the document). */
/** Is this problem a YAML-level one (unclosed, invalid, not a mapping) rather than a schema one? */
export function isYamlProblem(problem: ParseProblem): boolean {
  return YAML_PROBLEM.test(problem.message);
}

export function unclosedFenceLines(runbook: Runbook): Set<number> {
  return new Set(runbook.problems.filter((p) => UNCLOSED_FENCE.test(p.message)).map((p) => p.line));
}

export function unclosedFenceProblems(runbook: Runbook): ParseProblem[] {
  return runbook.problems.filter((p) => UNCLOSED_FENCE.test(p.message));
}

// ---------------------------------------------------------------------------------------------------------------
// Front matter: where keys and values are written, and edits to them

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

/** A whole line, without its indentation. */
export function lineSpan(lines: readonly string[], line: number): Span {
  const text = lines[line] ?? '';
  const start = text.length - text.trimStart().length;
  return { line, character: start, endLine: line, endCharacter: Math.max(start, text.trimEnd().length) };
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
export function newKeyPosition(runbook: Runbook): { line: number; character: number } | undefined {
  const fm = runbook.frontMatter;
  return fm && fm.endLine !== -1 ? { line: fm.endLine, character: 0 } : undefined;
}

/** A YAML plain scalar when that reads back as the same string, else a double-quoted one. */
export function yamlScalar(s: string): string {
  const plain =
    s !== '' &&
    s === s.trim() &&
    !/^[-?:,[\]{}#&*!|>'"%@`~]/.test(s) &&
    !/: |:$| #|[\n\t]/.test(s) &&
    !/^(?:true|false|yes|no|on|off|null|~|y|n)$/i.test(s) &&
    !/^[-+]?(?:\d[\d_]*(?:\.\d*)?(?:e[-+]?\d+)?|\.\d+|0x[0-9a-f]+|0o[0-7]+|\.inf|\.nan)$/i.test(s) &&
    !/^\d{4}-\d{2}-\d{2}/.test(s);
  return plain ? s : JSON.stringify(s);
}

// ---------------------------------------------------------------------------------------------------------------
// Fences

export interface FenceLine {
  /** Column of the first fence character. */
  readonly markerStart: number;
  readonly marker: string;
  /** Columns of the info string as written (trimmed), `start === end` when there is none. */
  readonly infoStart: number;
  readonly infoEnd: number;
  readonly info: string;
  /** Column where the block's content lines start (the fence's indentation). */
  readonly indent: number;
}

/** The opening fence on `line`, after any indentation, list marker or `>`. */
export function fenceAt(lines: readonly string[], line: number): FenceLine | undefined {
  const text = lines[line];
  if (text === undefined) {
    return undefined;
  }
  const m = /^((?:[ \t]*>)*[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?[ \t]*)(`{3,}|~{3,})(.*)$/.exec(text);
  if (!m) {
    return undefined;
  }
  const markerStart = m[1].length;
  const rest = m[3];
  const lead = rest.length - rest.trimStart().length;
  const info = rest.trim();
  const infoStart = markerStart + m[2].length + lead;
  return { markerStart, marker: m[2], infoStart, infoEnd: infoStart + info.length, info, indent: markerStart };
}

/** Content lines of a fenced block (without the fences), as written: document line, column where `text` starts. */
export function fenceContent(lines: readonly string[], block: CodeBlock, closed: boolean): { line: number; column: number; text: string }[] {
  const out: { line: number; column: number; text: string }[] = [];
  const last = closed ? block.endLine - 1 : block.endLine;
  const indent = fenceAt(lines, block.line)?.indent ?? 0;
  for (let i = block.line + 1; i <= last && i < lines.length; i++) {
    const l = lines[i];
    // Strip up to the fence's indentation (list items), and any blockquote markers.
    let j = 0;
    while (j < indent && j < l.length && (l[j] === ' ' || l[j] === '\t' || l[j] === '>')) {
      j++;
    }
    out.push({ line: i, column: j, text: l.slice(j) });
  }
  return out;
}

/** The info string's language replaced by `language`, attributes kept. */
export function withLanguage(info: string, language: string): string {
  const m = /^([^\s{]*)(.*)$/.exec(info.trim());
  const rest = m ? m[2].trim() : '';
  return rest ? `${language} ${rest}` : language;
}

/** `sh` → `sh {destructive}`, `sh {id=x}` → `sh {id=x destructive}`, `sh {#x .y}` → `sh {#x .y .destructive}`. */
export function withAttribute(info: string, attribute: string): string {
  const trimmed = info.trim();
  const falsy = new RegExp(`(^|[\\s{])${attribute}=(["']?)false\\2(?=[\\s}]|$)`);
  if (falsy.test(trimmed)) {
    return trimmed.replace(falsy, `$1${attribute}`);
  }
  const m = /^([^\s{]*)(.*)$/.exec(trimmed);
  const language = m ? m[1] : '';
  const rest = m ? m[2].trim() : '';
  if (!rest) {
    return `${language} {${attribute}}`;
  }
  if (rest.startsWith('{')) {
    const close = rest.indexOf('}');
    const inner = (close === -1 ? rest.slice(1) : rest.slice(1, close)).trim();
    const after = close === -1 ? '' : rest.slice(close + 1);
    const pandoc = inner !== '' && inner.split(/\s+/).every((a) => /^[#.]/.test(a));
    const add = pandoc ? `.${attribute}` : attribute;
    return `${language} {${inner ? `${inner} ${add}` : add}}${after}`;
  }
  return `${language} ${rest} ${attribute}`;
}

/** An edit replacing the info string of the fence on `line` (undefined when the line is not a fence). */
export function infoEdit(lines: readonly string[], line: number, newInfo: string): TextEdit | undefined {
  const f = fenceAt(lines, line);
  if (!f) {
    return undefined;
  }
  const start = f.markerStart + f.marker.length;
  const end = f.info ? f.infoEnd : (lines[line] ?? '').length;
  return { range: { start: { line, character: start }, end: { line, character: end } }, newText: newInfo };
}

// ---------------------------------------------------------------------------------------------------------------
// Paths: runbook paths are opaque `/`-separated keys, absolute paths or URI strings (`file:///w/x.md`)

const URI_HEAD = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i;
/** A URL with a scheme (`https:`, `mailto:`), or protocol-relative; two letters at least (`C:` is a drive). */
const ABSOLUTE_URL = /^(?:[a-z][a-z0-9+.-]+:|\/\/)/i;

function split(path: string): { head: string; segs: string[] } {
  const m = URI_HEAD.exec(path);
  const head = m ? m[0] : '';
  return { head, segs: path.slice(head.length).split('/') };
}

/** `href` (a relative path, percent-encoded as in markdown) resolved against the folder of `from`. */
export function resolveRelative(from: string, href: string): string {
  const { head, segs } = split(from);
  const uri = head !== '';
  let rel = href;
  if (!uri) {
    try {
      rel = decodeURI(href);
    } catch {
      rel = href;
    }
  }
  const out = segs.slice(0, -1);
  for (const p of rel.split('/')) {
    if (p === '' || p === '.') {
      continue;
    }
    if (p === '..') {
      if (out.length > 1 || (out.length === 1 && out[0] !== '')) {
        out.pop();
      }
    } else {
      out.push(p);
    }
  }
  const joined = out.join('/');
  return head + (joined.startsWith('/') || head === '' ? joined : `/${joined}`);
}

/** `to` relative to the folder of `from`, for messages: `../disk.md`, `b.md`. */
export function relativePath(from: string, to: string): string {
  const a = split(from);
  const b = split(to);
  if (a.head.toLowerCase() !== b.head.toLowerCase()) {
    return to;
  }
  const dir = a.segs.slice(0, -1);
  let i = 0;
  while (i < dir.length && i < b.segs.length - 1 && dir[i] === b.segs[i]) {
    i++;
  }
  return [...dir.slice(i).map(() => '..'), ...b.segs.slice(i)].join('/');
}

// ---------------------------------------------------------------------------------------------------------------
// Text

/** Levenshtein distance, case-sensitive. */
export function editDistance(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/** The candidate closest to `word` (ties: the first), if within `max` edits. */
export function closest(word: string, candidates: Iterable<string>, max: number): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const w = word.toLowerCase();
  for (const c of candidates) {
    // The lengths alone bound the distance from below: most of thousands of alert names are skipped unread.
    const lc = c.toLowerCase();
    if (Math.abs(lc.length - w.length) > Math.min(max, bestDistance - 1)) {
      continue;
    }
    const d = editDistance(w, lc);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= max ? best : undefined;
}

/** Where to append text at the end of the document: after the last line, on a line of its own. */
export function appendAtEnd(lines: readonly string[], block: string): TextEdit {
  const last = Math.max(0, lines.length - 1);
  const lastText = lines[last] ?? '';
  if (lines.length === 0 || (lines.length === 1 && lastText === '')) {
    return { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: block };
  }
  if (lastText === '') {
    // The text ends with a newline: the last "line" is the empty one after it.
    const blankBefore = last > 0 && lines[last - 1].trim() === '';
    return { range: { start: { line: last, character: 0 }, end: { line: last, character: 0 } }, newText: `${blankBefore ? '' : '\n'}${block}` };
  }
  return { range: { start: { line: last, character: lastText.length }, end: { line: last, character: lastText.length } }, newText: `\n\n${block}` };
}

export function insertAt(line: number, character: number, newText: string): TextEdit {
  return { range: { start: { line, character }, end: { line, character } }, newText };
}

export function replaceRange(line: number, start: number, end: number, newText: string): TextEdit {
  return { range: { start: { line, character: start }, end: { line, character: end } }, newText };
}

/** `a`, `a and b`, `a, b and c`. */
export function list(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export const code = (s: string) => (s.includes('`') ? `\`\` ${s} \`\`` : `\`${s}\``);

// ---------------------------------------------------------------------------------------------------------------
// Links

/** A link or image target worth checking on disk: relative, not a URL, a root-relative path or a site shortcode. */
export function isRelativeTarget(href: string): boolean {
  const h = href.trim();
  return h !== '' && !ABSOLUTE_URL.test(h) && !h.startsWith('/') && !h.includes('{{') && !/%7B%7B/i.test(h) && !h.startsWith('<');
}


/**
 * Where `href` is written: on the link's line (as written or percent-decoded), else in a reference definition
 * `[label]: href` anywhere in the document.
 */
export function hrefSpan(lines: readonly string[], line: number, href: string): Span | undefined {
  const forms = [...new Set([href, decodePercent(href), href.replace(/%20/g, ' ')])];
  const text = lines[line] ?? '';
  for (const f of forms) {
    // Prefer an occurrence right after `](` or `](<`.
    for (const lead of ['](', '](<', '']) {
      const at = text.indexOf(lead + f);
      if (at !== -1) {
        const start = at + lead.length;
        return { line, character: start, endLine: line, endCharacter: start + f.length };
      }
    }
  }
  for (let i = 0; i < lines.length; i++) {
    const m = /^( {0,3}\[[^\]]+\]:[ \t]*<?)(\S+?)>?(?:[ \t]|$)/.exec(lines[i]);
    if (m && forms.includes(m[2])) {
      return { line: i, character: m[1].length, endLine: i, endCharacter: m[1].length + m[2].length };
    }
  }
  return undefined;
}
