// Fenced code blocks as written in a runbook's source: the opening fence line, the block's content lines, info
// strings with another language or attribute, and the parser's unclosed fences.
import type { CodeBlock, ParseProblem, Runbook } from './model';
import type { TextEdit } from './text';

const UNCLOSED_FENCE = /^code fence \S+ is never closed$/;

/** Opening lines of fences that are never closed (each swallows the rest of the document). */
export function unclosedFenceLines(runbook: Runbook): Set<number> {
  return new Set(runbook.problems.filter((p) => UNCLOSED_FENCE.test(p.message)).map((p) => p.line));
}

/** The parser's problems about fences that are never closed. */
export function unclosedFenceProblems(runbook: Runbook): ParseProblem[] {
  return runbook.problems.filter((p) => UNCLOSED_FENCE.test(p.message));
}

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
