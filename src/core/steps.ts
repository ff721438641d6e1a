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
 * `{{name}}`, `{{ name }}`, `{{ $labels.name }}` and `{{ .Labels.name }}` all name the variable `name`.
 * Static-site shortcodes (`{{% … %}}`, `{{< … >}}`) are not variables.
 */
export const VARIABLE = /\{\{\s*(?:\$labels\.|\.Labels\.)?([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Variables used in `code`, whose first line is `firstLine` of the document. */
export function findVariables(code: string, firstLine: number): StepVariable[] {
  if (!code.includes('{{')) {
    return [];
  }
  const out: StepVariable[] = [];
  let line = firstLine;
  let lineStart = 0;
  VARIABLE.lastIndex = 0;
  for (let m = VARIABLE.exec(code); m; m = VARIABLE.exec(code)) {
    for (let nl = code.indexOf('\n', lineStart); nl !== -1 && nl < m.index; nl = code.indexOf('\n', lineStart)) {
      line++;
      lineStart = nl + 1;
    }
    out.push({ name: m[1], raw: m[0], line, character: m.index - lineStart });
  }
  return out;
}
