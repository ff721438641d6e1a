// Applying lint fixes, for both hosts: which fixes go together, and the text they make. `runbook lint --fix` applies
// the text; the editor's "Fix all" hands the chosen edits to VS Code as one WorkspaceEdit (so what the user typed
// meanwhile elsewhere stays).
//
// The overlap rule: fixes are taken in document order (compareFindings), each whole or not at all. A fix is left out
// when one of its edits overlaps an edit already taken, or another edit of its own. Two edits overlap when they share
// a character, or start at the same place (two insertions there, or an insertion where a replacement starts): the
// order of such edits would be a guess, and applying the fixes again would not give the same text. A fix left out is
// not lost: the next lint of the fixed text offers it again (`--fix` runs several passes).
import { applyOffsetEdits, BOM, hasBom, LineIndex, stripBom, toOffsetEdits, type OffsetEdit, type TextEdit } from '../text';
import { compareFindings } from './engine';
import type { Finding } from './types';

/** Does `--fix` (and the editor's "Fix all") apply this finding's fix? It has edits, and is not a mere suggestion. */
export function isAutoFix(f: Finding): f is Finding & { fix: NonNullable<Finding['fix']> } {
  return f.fix !== undefined && f.fix.edits.length > 0 && f.fix.suggestion !== true;
}

export interface FixChoice {
  /** The edits of the fixes taken, positions as in the text (a TextEdit's). */
  readonly edits: TextEdit[];
  /** Fixes taken, and left out because they overlapped one taken before them (or themselves). */
  readonly applied: number;
  readonly skipped: number;
}

/** The fixes (each a list of edits) that go together in `text`, in the order given, as the rule above says. */
export function chooseEdits(text: string, fixes: readonly (readonly TextEdit[])[]): FixChoice & { readonly offsets: OffsetEdit[] } {
  const body = stripBom(text);
  const index = new LineIndex(body);
  const edits: TextEdit[] = [];
  const offsets: OffsetEdit[] = [];
  let applied = 0;
  let skipped = 0;
  for (const fix of fixes) {
    const spans = toOffsetEdits(body, fix, index);
    const clash = spans.some((s, i) => offsets.some((t) => overlaps(s, t)) || spans.some((o, j) => j !== i && overlaps(s, o)));
    if (clash) {
      skipped++;
      continue;
    }
    for (let i = 0; i < spans.length; i++) {
      offsets.push(spans[i]);
      edits.push(fix[i]);
    }
    applied++;
  }
  return { edits, offsets, applied, skipped };
}

function overlaps(a: OffsetEdit, b: OffsetEdit): boolean {
  return (a.start < b.end && b.start < a.end) || a.start === b.start;
}

/** The automatic fixes of `findings` that go together in `text` (what "Fix all" and `--fix` apply). */
export function chooseFixes(text: string, findings: readonly Finding[]): FixChoice & { readonly offsets: OffsetEdit[] } {
  return chooseEdits(text, [...findings].sort(compareFindings).filter(isAutoFix).map((f) => f.fix.edits));
}

export interface FixResult {
  readonly text: string;
  /** Fixes applied, and left out because they overlapped one applied before them. */
  readonly applied: number;
  readonly skipped: number;
}

/**
 * `text` with the automatic fixes of `findings` applied (suggestions left out), chosen as `chooseFixes` does. A byte
 * order mark stays; new lines in edits follow the document's line ending.
 */
export function applyFixesDetailed(text: string, findings: readonly Finding[]): FixResult {
  const { offsets, applied, skipped } = chooseFixes(text, findings);
  const bom = hasBom(text) ? BOM : '';
  return { text: bom + applyOffsetEdits(stripBom(text), offsets), applied, skipped };
}

/** `applyFixesDetailed(text, findings).text`. */
export function applyFixes(text: string, findings: readonly Finding[]): string {
  return applyFixesDetailed(text, findings).text;
}
