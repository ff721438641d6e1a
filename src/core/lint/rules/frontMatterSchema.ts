// RB101 front-matter-schema: the front matter is closed, valid YAML, a mapping, and matches the runbook schema.
import { closest } from '../../closest';
import { FRONT_MATTER_SCHEMA, validate, type SchemaError } from '../../schema';
import type { LintContext, LintRule, Report } from '../types';
import { frontMatterProblems, isYamlProblem, keyPosition } from '../../frontMatterSource';
import { code, lineSpan, replaceRange, type Span } from '../../text';

const KNOWN = /\(known: ([^)]*)\)$/;
/** What the schema's patterns mean, by top-level key. */
const PATTERN_MEANS: Readonly<Record<string, string>> = {
  alerts: 'is not an alert name: letters, digits, `_` and `:`, with `*` and `?` as globs',
  review_every: 'is not an interval: a number followed by d, w, m or y (e.g. 90d, 12w, 6m, 1y)',
  last_reviewed: 'is not a date (YYYY-MM-DD)',
  variables: 'is not a variable name: letters, digits and `_`, not starting with a digit',
};
const UNKNOWN = /^unknown key "([^"]*)"/;

export const frontMatterSchema: LintRule = {
  id: 'RB101',
  name: 'front-matter-schema',
  description: 'Front matter is valid YAML and matches the runbook schema (known keys, types, severity values, dates)',
  tags: ['front-matter'],
  defaultSeverity: 'warning',
  check(context: LintContext): void {
    const { runbook, lines } = context;
    const fm = runbook.frontMatter;
    if (!fm) {
      return; // RB102 front-matter-missing
    }
    const problems = frontMatterProblems(runbook);
    const yaml = problems.filter(isYamlProblem);
    if (yaml.length) {
      // Unclosed, not YAML, or not a mapping: the keys cannot be read, so this is the one finding.
      for (const p of yaml) {
        const line = openingQuoteLine(lines, p.line, p.message) ?? p.line;
        const span = lineSpan(lines, line);
        context.report({ ...span, character: line === p.line ? Math.min(p.character, span.endCharacter) : span.character, message: p.message });
      }
      return;
    }
    for (const err of validate(fm.data, FRONT_MATTER_SCHEMA)) {
      context.report(schemaReport(context, err, problems.map((p) => p)));
    }
  },
};

function schemaReport(context: LintContext, err: SchemaError, problems: readonly { line: number; character: number; message: string }[]): Report {
  const { runbook, lines } = context;
  const keys = err.path.filter((p): p is string => typeof p === 'string');
  const dotted = err.path.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join('.').replace(/\.\[/g, '[');
  // The parser reported the same error with the position of the offending node.
  const where = err.path.length ? `\`${err.path.join('.')}\` ` : '';
  const parsed = problems.find((p) => p.message === `front matter ${where}${err.message}`);
  let span: Span = parsed ? { ...lineSpan(lines, parsed.line), character: parsed.character } : lineSpan(lines, runbook.frontMatter?.keyLines[keys[0]] ?? 0);
  if (span.character > span.endCharacter) {
    span = lineSpan(lines, span.line);
  }

  const unknown = UNKNOWN.exec(err.message);
  if (!unknown) {
    const at = dotted ? `\`${dotted}\` ` : '';
    span = { ...span, endCharacter: Math.max(span.character, valueEnd(lines[span.line] ?? '', span.character)) };
    return { ...span, message: `front matter ${at}${readable(err.message, keys[0])}` };
  }
  const key = unknown[1];
  const parent = keys.slice(0, -1).join('.');
  const known = (KNOWN.exec(err.message)?.[1] ?? '').split(',').map((k) => k.trim()).filter(Boolean);
  // Point at the key itself, not its value.
  if (err.path.length === 1) {
    span = keyPosition(runbook, lines, key);
  } else {
    const at = (lines[span.line] ?? '').indexOf(key);
    if (at !== -1) {
      span = { line: span.line, character: at, endLine: span.line, endCharacter: at + key.length };
    }
  }
  const siblings = siblingKeys(runbook.frontMatter?.data, keys.slice(0, -1));
  const suggestion = closest(key, known.filter((k) => !siblings.has(k)), Math.min(3, Math.max(2, Math.floor(key.length / 3))));
  const place = parent ? `in front matter ${code(parent)}` : 'in front matter';
  const hint = suggestion ? ` (did you mean ${code(suggestion)}?)` : known.length ? ` (known keys: ${known.join(', ')})` : '';
  const report: Report = { ...span, message: `unknown key ${code(key)} ${place}${hint}` };
  const written = (lines[span.line] ?? '').slice(span.character, span.endCharacter);
  if (suggestion && written === key) {
    return { ...report, fix: { title: `Rename ${code(key)} to ${code(suggestion)}`, edits: [replaceRange(span.line, span.character, span.endCharacter, suggestion)] } };
  }
  return report;
}

/** Keys of the mapping at `path` in the front matter data. */
function siblingKeys(data: Readonly<Record<string, unknown>> | undefined, path: readonly string[]): Set<string> {
  let node: unknown = data;
  for (const k of path) {
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[k] : undefined;
  }
  return new Set(node !== null && typeof node === 'object' ? Object.keys(node as object) : []);
}

/**
 * The YAML parser reports a missing closing quote where it gave up (often the closing `---`); the line that opens
 * the quoted string is where to look. The last line at or before the reported one with an odd number of quotes.
 */
function openingQuoteLine(lines: readonly string[], reported: number, message: string): number | undefined {
  const m = /Missing closing (["'])quote/.exec(message);
  if (!m) {
    return undefined;
  }
  for (let i = Math.min(reported, lines.length - 1); i > 0; i--) {
    const text = (lines[i] ?? '').replace(m[1] === '"' ? /\\./g : /''/g, '');
    if ((text.split(m[1]).length - 1) % 2 === 1) {
      return i;
    }
  }
  return undefined;
}

/** `"3 months" does not match ^[1-9]…$` → `"3 months" is not an interval: …`. */
function readable(message: string, key: string | undefined): string {
  const m = /^(.*?)\s*does not match \S+$/.exec(message);
  const means = key !== undefined && Object.hasOwn(PATTERN_MEANS, key) ? PATTERN_MEANS[key] : undefined;
  if (m && means) {
    return `${m[1].replace(/^name /, '')} ${means}`.trim();
  }
  return message;
}

/** End of a YAML value starting at `from`: before a trailing ` # comment` (outside quotes) and trailing spaces. */
function valueEnd(line: string, from: number): number {
  let quote = '';
  for (let i = from; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\' && quote === '"') {
        i++;
      } else if (c === quote) {
        quote = '';
      }
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '#' && i > from && /\s/.test(line[i - 1])) {
      return line.slice(0, i).trimEnd().length;
    }
  }
  return line.trimEnd().length;
}
