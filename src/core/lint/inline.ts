// Inline lint directives in runbooks, as HTML comments (invisible when rendered):
//   <!-- runbook-lint-disable RB101 fence-language -->     from here on (no ids: every rule)
//   <!-- runbook-lint-enable RB101 -->                      from here on again (no ids: every rule)
//   <!-- runbook-lint-disable-line RB101 -->               this line
//   <!-- runbook-lint-disable-next-line RB101 -->          the next line
// Rules are named by id or name, separated by spaces or commas; ` -- why` after them is a comment. Inside code blocks
// (fenced or indented), inline code spans and the front matter these are text, not directives.
import type { Runbook } from '../model';

export type DirectiveKind = 'disable' | 'enable' | 'disable-line' | 'disable-next-line';

export interface Directive {
  readonly kind: DirectiveKind;
  /** Rule ids or names as written; empty: every rule. */
  readonly rules: readonly string[];
  /** 0-based position of the comment. */
  readonly line: number;
  readonly character: number;
}

/** Lines `start`…`end` (inclusive) where comments are not directives. */
export interface LineRange {
  readonly start: number;
  readonly end: number;
}

const DIRECTIVE = /<!--\s*runbook-lint-(disable-next-line|disable-line|disable|enable)(?=[\s,]|-->)([\s\S]*?)-->/g;

/** Code blocks and front matter of a parsed runbook: where directives do not count. */
export function nonDirectiveLines(runbook: Pick<Runbook, 'codeBlocks' | 'frontMatter' | 'lineCount'>): LineRange[] {
  const ranges: LineRange[] = runbook.codeBlocks.map((b) => ({ start: b.line, end: b.endLine }));
  const fm = runbook.frontMatter;
  if (fm) {
    ranges.push({ start: fm.startLine, end: fm.endLine === -1 ? Math.max(runbook.lineCount - 1, fm.startLine) : fm.endLine });
  }
  return ranges;
}

/** The directives in `lines`, in document order, leaving out those on lines inside `skip`. */
export function parseDirectives(lines: readonly string[], skip: readonly LineRange[] = []): Directive[] {
  const skipped = new Set<number>();
  for (const r of skip) {
    for (let i = r.start; i <= r.end; i++) {
      skipped.add(i);
    }
  }
  const out: Directive[] = [];
  for (let line = 0; line < lines.length; line++) {
    const text = lines[line];
    if (skipped.has(line) || !text.includes('runbook-lint-')) {
      continue;
    }
    const visible = blankCodeSpans(text);
    DIRECTIVE.lastIndex = 0;
    for (let m = DIRECTIVE.exec(visible); m; m = DIRECTIVE.exec(visible)) {
      out.push({ kind: m[1] as DirectiveKind, rules: ruleList(m[2]), line, character: m.index });
    }
  }
  return out;
}

/** `RB101, fence-language -- legacy page` → `['RB101', 'fence-language']`. */
function ruleList(s: string): string[] {
  const dashes = /(?:^|\s)--(?:\s|$)/.exec(s);
  const list = dashes ? s.slice(0, dashes.index) : s;
  return list.split(/[\s,]+/).filter(Boolean);
}

/** The line with inline code spans (`` `…` ``) replaced by spaces: a directive shown as code is not one. */
function blankCodeSpans(line: string): string {
  if (!line.includes('`')) {
    return line;
  }
  let out = '';
  let i = 0;
  while (i < line.length) {
    if (line[i] !== '`') {
      out += line[i++];
      continue;
    }
    let n = 0;
    while (line[i + n] === '`') {
      n++;
    }
    const fence = '`'.repeat(n);
    // The span closes at the next run of exactly n backticks.
    let close = -1;
    for (let j = line.indexOf(fence, i + n); j !== -1; j = line.indexOf(fence, j + 1)) {
      if (line[j - 1] !== '`' && line[j + n] !== '`') {
        close = j;
        break;
      }
    }
    if (close === -1) {
      out += fence;
      i += n;
    } else {
      out += ' '.repeat(close + n - i);
      i = close + n;
    }
  }
  return out;
}

/**
 * A predicate telling whether a finding is turned off by the directives. `known` maps names to ids (rule names and
 * ids are both accepted in directives, ids in any case).
 */
export function suppressor(directives: readonly Directive[], known: readonly { readonly id: string; readonly name: string }[]): (finding: { readonly ruleId: string; readonly line: number }) => boolean {
  if (!directives.length) {
    return () => false;
  }
  const ids = new Map<string, string>();
  for (const r of known) {
    ids.set(r.id.toUpperCase(), r.id);
    ids.set(r.name, r.id);
  }
  const idOf = (s: string) => ids.get(s.toUpperCase()) ?? ids.get(s) ?? s;
  const resolved = directives.map((d) => ({ ...d, ids: new Set(d.rules.map(idOf)) }));
  const names = (d: (typeof resolved)[number], ruleId: string) => d.ids.size === 0 || d.ids.has(ruleId);
  return ({ ruleId, line }) => {
    let off = false;
    for (const d of resolved) {
      if (d.line > line) {
        break; // in document order
      }
      if (!names(d, ruleId)) {
        continue;
      }
      if (d.kind === 'disable') {
        off = true;
      } else if (d.kind === 'enable') {
        off = false;
      } else if ((d.kind === 'disable-line' && d.line === line) || (d.kind === 'disable-next-line' && d.line + 1 === line)) {
        return true;
      }
    }
    return off;
  };
}
