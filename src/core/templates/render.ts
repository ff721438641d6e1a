// A runbook template rendered into a new runbook: its known `{{placeholders}}` filled, and where the cursor goes.
// Built-in and workspace templates are rendered the same way.
import { findFrontMatter, yamlScalar } from '../frontMatter';
import { parseRunbook } from '../parse';
import { stripBom } from '../text';
import { oneLine } from './fileName';

/** What a template is filled with. Text values are single lines (see `oneLine`). */
export interface TemplateData {
  readonly title: string;
  /** Empty when not given. */
  readonly service: string;
  /** Empty when not given. */
  readonly owner: string;
  readonly alerts: readonly string[];
  /** YYYY-MM-DD. */
  readonly date: string;
}

/**
 * The placeholders a template may use. Any other `{{name}}` (a step variable such as `{{namespace}}`) is left as it is,
 * and so is everything inside code blocks, where `{{…}}` are step variables by definition. `{{cursor}}` is removed:
 * it marks where the cursor goes.
 */
export const TEMPLATE_PLACEHOLDERS: readonly string[] = ['title', 'service', 'owner', 'alerts', 'date', 'cursor'];

/** A range in the rendered text (0-based lines and UTF-16 columns). */
export interface TextSelection {
  readonly line: number;
  readonly character: number;
  readonly endLine: number;
  readonly endCharacter: number;
}

export interface RenderedRunbook {
  readonly text: string;
  /** The first thing to fill in (see `firstFillIn`), or the `{{cursor}}` marker. */
  readonly selection: TextSelection;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_]\w*)\s*\}\}/g;
const WHOLE_VALUE = /^(\s*[^\s#:][^:]*:[ \t]*)\{\{\s*([A-Za-z_]\w*)\s*\}\}[ \t]*(\r?)$/;
const KNOWN = new Set(TEMPLATE_PLACEHOLDERS);

/** Lines inside code blocks (fences included): placeholders there are step variables. */
function codeLines(text: string): Set<number> {
  const lines = new Set<number>();
  for (const block of parseRunbook('template.md', text, { links: false }).codeBlocks) {
    for (let i = block.line; i <= block.endLine; i++) {
      lines.add(i);
    }
  }
  return lines;
}

/** Does the template use `{{name}}` outside code blocks? (Only then is it worth asking for.) */
export function usesPlaceholder(template: string, name: string): boolean {
  const code = codeLines(stripBom(template));
  return stripBom(template).split('\n').some((line, i) => !code.has(i) && [...line.matchAll(PLACEHOLDER)].some((m) => m[1] === name));
}

/**
 * Fill a template. In the front matter a placeholder that is a whole value (`title: {{title}}`) is written as YAML: a
 * scalar quoted when needed (`""` when empty), `alerts` as a flow list; one inside a quoted YAML string is escaped for
 * it. Elsewhere values go in as they are (`alerts` comma-separated).
 */
export function renderTemplate(template: string, input: TemplateData): RenderedRunbook {
  const text = stripBom(template);
  const data = clean(input);
  const block = findFrontMatter(text);
  const fmEnd = block && block.endLine !== -1 ? block.endLine : -1;
  const code = codeLines(text);
  let cursor: { line: number; character: number } | undefined;
  const out = text.split('\n').map((line, i) => {
    if (code.has(i)) {
      return line;
    }
    const inFrontMatter = i > 0 && i < fmEnd;
    if (inFrontMatter) {
      const whole = WHOLE_VALUE.exec(line);
      if (whole && KNOWN.has(whole[2]) && whole[2] !== 'cursor') {
        return `${whole[1]}${yamlValue(whole[2], data)}`.trimEnd() + whole[3];
      }
    }
    let result = '';
    let last = 0;
    for (const m of line.matchAll(PLACEHOLDER)) {
      const name = m[1];
      if (!KNOWN.has(name)) {
        continue;
      }
      result += line.slice(last, m.index);
      last = m.index + m[0].length;
      if (name === 'cursor') {
        cursor ??= { line: i, character: result.length };
        continue;
      }
      const value = name === 'alerts' ? data.alerts.join(', ') : data[name as 'title' | 'service' | 'owner' | 'date'];
      result += inFrontMatter ? escapeInYaml(value, quoteAt(line, m.index)) : value;
    }
    return result + line.slice(last);
  }).join('\n');
  const selection = cursor ? { ...cursor, endLine: cursor.line, endCharacter: cursor.character } : firstFillIn(out);
  return { text: out, selection };
}

/**
 * Where to start typing in a new runbook: inside the first empty front-matter value (`owner: ""`, `alerts: []`), else
 * the first HTML comment on a line of its own (a prompt, selected so that typing replaces it), else the line after
 * the first heading.
 */
export function firstFillIn(text: string): TextSelection {
  const lines = text.split('\n');
  const block = findFrontMatter(text);
  const fmEnd = block && block.endLine !== -1 ? block.endLine : 0;
  for (let i = 1; i < fmEnd; i++) {
    const m = /^(\s*[A-Za-z_][\w-]*:[ \t]*)(?:""|''|\[\])[ \t]*\r?$/.exec(lines[i]);
    if (m) {
      const at = { line: i, character: m[1].length + 1 };
      return { ...at, endLine: i, endCharacter: at.character };
    }
  }
  const runbook = parseRunbook('new.md', text, { links: false });
  const code = new Set(runbook.codeBlocks.flatMap((b) => Array.from({ length: b.endLine - b.line + 1 }, (_, k) => b.line + k)));
  for (let i = fmEnd === 0 ? 0 : fmEnd + 1; i < lines.length; i++) {
    const m = /^(\s*)<!--.*-->\s*$/.exec(lines[i]);
    if (m && !code.has(i)) {
      return { line: i, character: m[1].length, endLine: i, endCharacter: lines[i].trimEnd().length };
    }
  }
  const heading = runbook.headings[0];
  const line = heading ? Math.min(heading.line + 1, lines.length - 1) : 0;
  return { line, character: 0, endLine: line, endCharacter: 0 };
}

function clean(d: TemplateData): TemplateData {
  return { title: oneLine(d.title), service: oneLine(d.service), owner: oneLine(d.owner), alerts: d.alerts.map(oneLine).filter(Boolean), date: oneLine(d.date) };
}

function yamlValue(name: string, data: TemplateData): string {
  if (name === 'alerts') {
    return `[${data.alerts.map((a) => (/^[A-Za-z_:][\w:]*$/.test(a) ? a : JSON.stringify(a))).join(', ')}]`;
  }
  if (name === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(data.date)) {
    return data.date; // a date reads best unquoted, as in every example
  }
  const v = data[name as 'title' | 'service' | 'owner' | 'date'];
  return v === '' ? '""' : yamlScalar(v);
}

/**
 * The YAML quote (`"` or `'`) open at `column` of a front-matter line. A quote opens a string only where a value
 * starts: after `key: `, `- `, `[`, `{` or `,` (as in `tags: ["{{service}} on call"]`), never inside a plain scalar.
 */
function quoteAt(line: string, column: number): '"' | "'" | undefined {
  const start = /^\s*(?:[^\s#:][^:]*:[ \t]+|-[ \t]+)/.exec(line)?.[0].length;
  if (start === undefined) {
    return undefined;
  }
  let quote: '"' | "'" | undefined;
  let valueStart = true;
  for (let i = start; i < column; i++) {
    const c = line[i];
    if (quote) {
      if (quote === '"' && c === '\\') {
        i++;
      } else if (c === quote && quote === "'" && line[i + 1] === "'") {
        i++; // '' inside a single-quoted string
      } else if (c === quote) {
        quote = undefined;
        valueStart = false;
      }
    } else if ((c === '"' || c === "'") && valueStart) {
      quote = c;
    } else if (c === '[' || c === '{' || c === ',' || (c === ':' && /\s/.test(line[i + 1] ?? ''))) {
      valueStart = true;
    } else if (c !== ' ' && c !== '\t') {
      valueStart = false;
    }
  }
  return quote;
}

function escapeInYaml(value: string, quote: '"' | "'" | undefined): string {
  if (quote === '"') {
    return JSON.stringify(value).slice(1, -1);
  }
  if (quote === "'") {
    return value.replace(/'/g, "''");
  }
  return value;
}
