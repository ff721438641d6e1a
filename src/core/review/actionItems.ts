// Action items of a post-incident review: markdown task-list items under an "Action items" heading, with inline
// fields `[name:: value]`, e.g.
//   - [ ] Add alert on queue age [id:: AI-3] [owner:: @dana] [priority:: P1] [type:: prevent] [due:: 2026-12-15]
// Positions are kept (0-based lines and characters) so that lint findings and edits land on the right text.
import { findFrontMatter } from '../frontMatter';
import { splitLines, stripBom, type TextEdit } from '../text';


/** The kinds of action item: what it does about the next incident. */
export const ACTION_ITEM_TYPES = ['prevent', 'mitigate', 'detect', 'process'] as const;
export type ActionItemType = (typeof ACTION_ITEM_TYPES)[number];

/** Characters `start`…`end` (end exclusive) of the item's line. */
export interface CharRange {
  readonly start: number;
  readonly end: number;
}

export interface ActionItem {
  /** 0-based line of the item. */
  readonly line: number;
  /** The item's text without its fields, whitespace collapsed. */
  readonly text: string;
  /** `- [x]`: done. */
  readonly done: boolean;
  /** Every field by lower-case name, value trimmed (the first one when a name is repeated). */
  readonly fields: Readonly<Record<string, string>>;
  /** The well-known fields, when present and not empty. */
  readonly id?: string;
  readonly owner?: string;
  readonly priority?: string;
  readonly type?: string;
  readonly due?: string;
  readonly issue?: string;
  /** The whole item on its line: from the list marker to the end of its content (trailing blanks left out). */
  readonly range: CharRange;
  /** Each field's `[name:: value]`, by lower-case name. */
  readonly fieldRanges: Readonly<Record<string, CharRange>>;
  /** Each field's value (trimmed; empty at the `]` when the value is empty), by lower-case name. */
  readonly valueRanges: Readonly<Record<string, CharRange>>;
}

const ITEM = /^(\s*)((?:[-*+]|\d{1,9}[.)])[ \t]+\[([ xX])\])(?:[ \t]+(.*?))?[ \t]*$/;
const FIELD = /\[([A-Za-z][\w-]*)::([ \t]*)([^\]\n]*?)[ \t]*\]/g;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^\s*(`{3,}|~{3,})(.*)$/;

/** The lines of a text, as the lint engine splits them (a byte order mark dropped). */
export function textLines(text: string): string[] {
  return splitLines(stripBom(text));
}

/** The action items of a review's text. */
export function parseActionItems(text: string): ActionItem[] {
  return actionItemsOfLines(textLines(text));
}

/** Is this heading text "Action items" (any case, emphasis and a final colon left out)? */
export function isActionItemsHeading(text: string): boolean {
  return text.replace(/[*_`]/g, '').replace(/:$/, '').trim().replace(/\s+/g, ' ').toLowerCase() === 'action items';
}

/**
 * The action items of a review's lines: task-list items in sections headed "Action items" (any level, any case,
 * up to the next heading of the same or a higher level); never in front matter nor in code fences. One item is one
 * line: continuation lines are not part of its text.
 */
export function actionItemsOfLines(lines: readonly string[]): ActionItem[] {
  const items: ActionItem[] = [];
  const fm = findFrontMatter(lines.join('\n'));
  let i = fm ? (fm.endLine === -1 ? lines.length : fm.endLine + 1) : 0;
  let fence: { char: string; length: number } | undefined;
  let sectionLevel = 0; // level of the "Action items" heading we are under; 0: not in one
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (fence) {
      const m = FENCE.exec(line);
      if (m && m[1][0] === fence.char && m[1].length >= fence.length && m[2].trim() === '') {
        fence = undefined;
      }
      continue;
    }
    const open = FENCE.exec(line);
    if (open && !(open[1][0] === '`' && open[2].includes('`'))) {
      fence = { char: open[1][0], length: open[1].length };
      continue;
    }
    const h = HEADING.exec(line);
    if (h) {
      const level = h[1].length;
      if (isActionItemsHeading(h[2] ?? '')) {
        sectionLevel = level;
      } else if (sectionLevel && level <= sectionLevel) {
        sectionLevel = 0;
      }
      continue;
    }
    if (sectionLevel) {
      const item = parseItemLine(line, i);
      if (item) {
        items.push(item);
      }
    }
  }
  return items;
}

/** One task-list item line, or undefined. */
export function parseItemLine(line: string, lineNumber: number): ActionItem | undefined {
  const m = ITEM.exec(line);
  if (!m) {
    return undefined;
  }
  const start = m[1].length;
  const content = m[4] ?? '';
  const contentStart = content ? line.indexOf(content, start + m[2].length) : start + m[2].length;
  const end = content ? contentStart + content.length : start + m[2].length;
  const fields: Record<string, string> = {};
  const fieldRanges: Record<string, CharRange> = {};
  const valueRanges: Record<string, CharRange> = {};
  let text = '';
  let last = 0;
  for (const f of content.matchAll(FIELD)) {
    const at = contentStart + f.index;
    text += `${content.slice(last, f.index)} `;
    last = f.index + f[0].length;
    const name = f[1].toLowerCase();
    if (Object.hasOwn(fields, name)) {
      continue;
    }
    fields[name] = f[3];
    fieldRanges[name] = { start: at, end: at + f[0].length };
    const valueStart = at + 1 + f[1].length + 2 + f[2].length;
    valueRanges[name] = f[3] ? { start: valueStart, end: valueStart + f[3].length } : { start: at + f[0].length - 1, end: at + f[0].length - 1 };
  }
  text = (text + content.slice(last)).replace(/\s+/g, ' ').trim();
  const known = (k: string) => (fields[k] ? { [k]: fields[k] } : {});
  return {
    line: lineNumber,
    text,
    done: m[3] !== ' ',
    fields,
    ...known('id'), ...known('owner'), ...known('priority'), ...known('type'), ...known('due'), ...known('issue'),
    range: { start, end },
    fieldRanges,
    valueRanges,
  };
}

/** A value as it can stand in a field: one line, no `]` (written `%5D`), trimmed. */
function fieldValue(value: string): string {
  return value.replace(/\r\n|[\r\n]/g, ' ').replace(/\]/g, '%5D').trim();
}

/**
 * Set a field of an item: replace `[name:: …]` when the item has it (the first one), else append ` [name:: value]`
 * at the end of the item's line.
 */
export function setField(item: ActionItem, name: string, value: string): TextEdit {
  const key = name.toLowerCase();
  const field = `[${name}:: ${fieldValue(value)}]`;
  const existing = item.fieldRanges[key];
  if (existing) {
    return { range: { start: { line: item.line, character: existing.start }, end: { line: item.line, character: existing.end } }, newText: field };
  }
  const at = { line: item.line, character: item.range.end };
  return { range: { start: at, end: at }, newText: ` ${field}` };
}

const ID = /^AI-(\d+)$/i;

/**
 * Ids for the items without one (no `id` field, or an empty one): `AI-<n>`, n counting up from the largest
 * existing `AI-<n>` + 1, in document order. Applying the edits and asking again gives no edits.
 */
export function nextIds(items: readonly ActionItem[]): TextEdit[] {
  let n = 0;
  for (const item of items) {
    const m = item.id ? ID.exec(item.id) : null;
    if (m) {
      n = Math.max(n, Number(m[1]));
    }
  }
  return items.filter((item) => !item.id).map((item) => setField(item, 'id', `AI-${++n}`));
}
