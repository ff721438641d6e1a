// A document's text as lines and positions: the byte order mark, line breaks (`\r\n`, `\r`, `\n`, as markdown-it and
// VS Code count them), 0-based positions and offsets, and the text edits that lint fixes and file updates are made of.
// Positions count from after a byte order mark, as editors show them.

/** A place in a document: 0-based line, and character (UTF-16 code unit) within the line's content. */
export interface Position {
  readonly line: number;
  readonly character: number;
}

/** From `start` to `end` (exclusive). */
export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/** A range as four numbers, the shape of a finding's place. */
export interface Span {
  readonly line: number;
  readonly character: number;
  readonly endLine: number;
  readonly endCharacter: number;
}

/** Replace `range` with `newText` (an insertion when the range is empty). The shape of VS Code's and LSP's TextEdit. */
export interface TextEdit {
  readonly range: Range;
  readonly newText: string;
}

export const BOM = '\ufeff';

export function hasBom(text: string): boolean {
  return text.charCodeAt(0) === 0xfeff;
}

/** `text` without a leading byte order mark (it is not content: editors and TextDecoder drop it too). */
export function stripBom(text: string): string {
  return hasBom(text) ? text.slice(1) : text;
}

/** Lines without their terminators (`\r\n`, `\r`, `\n`); a text ending with a newline ends with an empty line. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Number of lines in `text`, counting `\n` (a trailing newline does not start a new line). */
export function countLines(text: string): number {
  if (text.length === 0) {
    return 0;
  }
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    n++;
  }
  return text.endsWith('\n') ? n - 1 : n;
}

/** A whole line (of `lines`, as splitLines gives them), without its indentation and trailing white space. */
export function lineSpan(lines: readonly string[], line: number): Span {
  const text = lines[line] ?? '';
  const start = text.length - text.trimStart().length;
  return { line, character: start, endLine: line, endCharacter: Math.max(start, text.trimEnd().length) };
}

/** Offset where each line starts: 0, then after each `\r\n`, lone `\r` and `\n`. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      starts.push(i + 1);
    }
  }
  return starts;
}

/** Does the text use `\r\n` line breaks (new lines written into it should too)? */
export function usesCrlf(text: string): boolean {
  return text.includes('\r\n');
}

/**
 * Positions ↔ offsets in one text (with no byte order mark: strip it first). Positions are clamped as VS Code
 * clamps them: a line past the end is the end of the text, a character past the line's content is its end.
 */
export class LineIndex {
  readonly starts: readonly number[];

  constructor(readonly text: string) {
    this.starts = lineStarts(text);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** Offset of the end of line `line`'s content (before its `\r\n`, `\r` or `\n`). */
  lineEnd(line: number): number {
    if (line + 1 >= this.starts.length) {
      return this.text.length;
    }
    let end = this.starts[line + 1] - 1;
    if (this.text.charCodeAt(end) === 10 && this.text.charCodeAt(end - 1) === 13) {
      end--;
    }
    return end;
  }

  offsetAt(p: Position): number {
    if (p.line >= this.starts.length) {
      return this.text.length;
    }
    const line = Math.max(0, p.line);
    return Math.min(this.starts[line] + Math.max(0, p.character), this.lineEnd(line));
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return { line: lo, character: Math.min(o, this.lineEnd(lo)) - this.starts[lo] };
  }
}
