// Fenced-block info strings and step variables.
import type { StepLanguage, StepVariable } from './model';

const LANGUAGES: Readonly<Record<string, StepLanguage>> = {
  sh: 'sh', shell: 'sh', bash: 'bash', zsh: 'zsh',
  console: 'console', 'shell-session': 'console', shellsession: 'console', 'sh-session': 'console',
  powershell: 'powershell', pwsh: 'powershell', ps1: 'powershell', ps: 'powershell',
};

/** The runnable language of an info string's first word, if it is one. */
export function stepLanguage(language: string): StepLanguage | undefined {
  const l = language.toLowerCase();
  return Object.hasOwn(LANGUAGES, l) ? LANGUAGES[l] : undefined; // not `constructor` & co. from Object.prototype
}

export interface InfoString {
  readonly language: string;
  readonly attributes: Record<string, string | true>;
}

const ATTR = /([#.]?)([\w-]+)(?:=(?:"([^"]*)"|'([^']*)'|([^\s}]*)))?/g;

/**
 * Split an info string such as `sh {id=check-pods destructive}` (also `sh {#check-pods .destructive}` and the
 * braceless `sh id=check-pods destructive`) into its language and attributes.
 */
export function parseInfoString(info: string): InfoString {
  const trimmed = info.trim();
  const m = /^[^\s{]*/.exec(trimmed);
  const language = m ? m[0] : '';
  const attributes: Record<string, string | true> = {};
  let rest = trimmed.slice(language.length).trim();
  if (rest.startsWith('{')) {
    const close = rest.indexOf('}');
    rest = rest.slice(1, close === -1 ? undefined : close);
  }
  for (const a of rest.matchAll(ATTR)) {
    const [, sigil, key, dq, sq, bare] = a;
    if (sigil === '#') {
      attributes.id = key;
    } else if (sigil === '.') {
      attributes[key] = true;
    } else {
      const value = dq ?? sq ?? bare;
      attributes[key] = value === undefined || value === '' ? true : value;
    }
  }
  return { language, attributes };
}

/**
 * Go template words: `{{end}}`, `{{else}}` are template syntax, never the variable `end` or `else`. The actions and
 * the built-in functions a bare `{{word}}` could be.
 */
export const GO_TEMPLATE_KEYWORDS: readonly string[] = [
  'end', 'else', 'range', 'if', 'with', 'define', 'template', 'block', 'break', 'continue', 'len', 'index', 'slice',
  'printf', 'print', 'println', 'not', 'and', 'or', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'nil', 'true', 'false', 'html',
  'js', 'urlquery', 'call',
];

/**
 * `{{name}}`, `{{ name }}`, `{{ $labels.name }}` and `{{ .Labels.name }}` all name the variable `name`.
 * Static-site shortcodes (`{{% … %}}`, `{{< … >}}`) are not variables, nor Go template syntax: a bare keyword
 * (`{{end}}`, `{{ else }}`, see GO_TEMPLATE_KEYWORDS), actions with arguments (`{{range .items}}`), dot paths other
 * than `.Labels.` (`{{.metadata.name}}`), strings (`{{"\n"}}`). `{{ $labels.end }}` is the label `end`.
 * Inside a template argument every `{{…}}` stays literal: see findVariables.
 */
export const VARIABLE = new RegExp(
  String.raw`\{\{\s*(?:\$labels\.|\.Labels\.|(?!(?:${GO_TEMPLATE_KEYWORDS.join('|')})\s*\}\}))([A-Za-z_][A-Za-z0-9_]*)\s*\}\}`,
  'g',
);

/**
 * An argument that is a Go template or a JSONPath expression for the program, not text with variables:
 * `--template=…`, `--template …`, `-o go-template=…`, `-o jsonpath=…`, `--format …` (docker, podman, crictl),
 * `-f '{{…}}'` (docker inspect). The argument runs to its closing quote, or to the next blank when unquoted.
 */
const TEMPLATE_ARGUMENT = /(?:--template|--format|\bgo-template|\bjsonpath(?:-as-json)?)(?:=|[ \t]+)|(?:^|[ \t])-f[ \t]+(?=['"]\{\{)/g;

const BLANK = /\s/g;

/** Offsets `[start, end)` of the template arguments of `code` (see TEMPLATE_ARGUMENT): one linear pass. */
export function templateArguments(code: string): [number, number][] {
  const spans: [number, number][] = [];
  if (!code.includes('{{')) {
    return spans;
  }
  TEMPLATE_ARGUMENT.lastIndex = 0;
  let from = 0;
  for (let m = TEMPLATE_ARGUMENT.exec(code); m; m = TEMPLATE_ARGUMENT.exec(code)) {
    const start = m.index + m[0].length;
    if (start < from) {
      continue;
    }
    const q = code[start];
    let end: number;
    if (q === "'" || q === '"') {
      const close = code.indexOf(q, start + 1);
      end = close === -1 ? code.length : close + 1;
    } else {
      BLANK.lastIndex = start;
      end = BLANK.exec(code)?.index ?? code.length;
    }
    spans.push([start, end]);
    from = end;
    TEMPLATE_ARGUMENT.lastIndex = Math.max(TEMPLATE_ARGUMENT.lastIndex, end);
  }
  return spans;
}

/**
 * The placeholders of `code` written in braces (`{{name}}`, `{{ $labels.name }}`, `{{ .Labels.name }}`), outside
 * template arguments, with their offsets: what findVariables reports and the runner fills in.
 */
export function findMustaches(code: string): { name: string; raw: string; index: number }[] {
  if (!code.includes('{{')) {
    return [];
  }
  const spans = templateArguments(code);
  const out: { name: string; raw: string; index: number }[] = [];
  let s = 0;
  for (const m of code.matchAll(new RegExp(VARIABLE.source, 'g'))) {
    while (s < spans.length && spans[s][1] <= m.index) {
      s++;
    }
    if (s < spans.length && spans[s][0] <= m.index) {
      continue; // inside `--template='…'` & co.
    }
    out.push({ name: m[1], raw: m[0], index: m.index });
  }
  return out;
}

/** Variables used in `code`, whose first line is `firstLine` of the document. */
export function findVariables(code: string, firstLine: number): StepVariable[] {
  const out: StepVariable[] = [];
  let line = firstLine;
  let lineStart = 0;
  for (const m of findMustaches(code)) {
    for (let nl = code.indexOf('\n', lineStart); nl !== -1 && nl < m.index; nl = code.indexOf('\n', lineStart)) {
      line++;
      lineStart = nl + 1;
    }
    out.push({ name: m.name, raw: m.raw, line, character: m.index - lineStart });
  }
  return out;
}
