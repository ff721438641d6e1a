// Text edits: building them, and applying them to a text (a file the CLI rewrites, a review the filing links back).
// Which edits may go together (fixes that overlap) is lint's business: core/lint/fixes.
import { BOM, hasBom, LineIndex, usesCrlf, type TextEdit } from './document';

export function insertAt(line: number, character: number, newText: string): TextEdit {
  return { range: { start: { line, character }, end: { line, character } }, newText };
}

export function replaceRange(line: number, start: number, end: number, newText: string): TextEdit {
  return { range: { start: { line, character: start }, end: { line, character: end } }, newText };
}

/** Where to append text at the end of the document (`lines` as splitLines gives them): on a line of its own. */
export function appendAtEnd(lines: readonly string[], block: string): TextEdit {
  const last = Math.max(0, lines.length - 1);
  const lastText = lines[last] ?? '';
  if (lines.length === 0 || (lines.length === 1 && lastText === '')) {
    return insertAt(0, 0, block);
  }
  if (lastText === '') {
    // The text ends with a newline: the last "line" is the empty one after it.
    const blankBefore = last > 0 && lines[last - 1].trim() === '';
    return insertAt(last, 0, `${blankBefore ? '' : '\n'}${block}`);
  }
  return insertAt(last, lastText.length, `\n\n${block}`);
}

/** An edit as offsets into the text (without a byte order mark), its new text in the text's line endings. */
export interface OffsetEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/** `edits` as offsets into `body` (a text without its byte order mark): ranges clamped and ordered, new lines as the text writes them. */
export function toOffsetEdits(body: string, edits: readonly TextEdit[], index = new LineIndex(body)): OffsetEdit[] {
  const crlf = usesCrlf(body);
  return edits.map((e) => {
    const a = index.offsetAt(e.range.start);
    const b = index.offsetAt(e.range.end);
    return { start: Math.min(a, b), end: Math.max(a, b), newText: crlf ? e.newText.replace(/\r?\n/g, '\r\n') : e.newText };
  });
}

/**
 * `text` with `edits` applied. Positions count from after a byte order mark, which stays; a position past a line's
 * content is its end. New lines in the edits follow the text's line ending (`\r\n` when it uses them). The edits
 * must not overlap; insertions at one place land in the order given.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  if (edits.length === 0) {
    return text;
  }
  const bom = hasBom(text) ? BOM : '';
  const body = bom ? text.slice(1) : text;
  return bom + applyOffsetEdits(body, toOffsetEdits(body, edits));
}

/** `body` with non-overlapping offset edits applied (bottom-up; insertions at one offset in the order given). */
export function applyOffsetEdits(body: string, edits: readonly OffsetEdit[]): string {
  const order = edits.map((e, i) => ({ e, i })).sort((x, y) => y.e.start - x.e.start || y.i - x.i);
  const parts: string[] = [];
  let tail = body.length;
  for (const { e } of order) {
    parts.push(body.slice(Math.min(e.end, tail), tail), e.newText);
    tail = Math.min(e.start, tail);
  }
  parts.push(body.slice(0, tail));
  return parts.reverse().join('');
}
