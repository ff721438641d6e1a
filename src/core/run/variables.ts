// Placeholders in a step's command: which there are, where their values come from, and how the values go in.
import { VARIABLE } from '../steps';
import { checkRepresentable, POWERSHELL_DOUBLE_QUOTES, POWERSHELL_SINGLE_QUOTES, QuoteError, quote, singleQuotedBody, type ShellKind } from './quote';
import { scanShell, type QuoteContext } from './shellSyntax';

export type { QuoteContext } from './shellSyntax';

/**
 * - `mustache` `{{name}}`, `$labels` `{{ $labels.name }}`, `.Labels` `{{ .Labels.name }}`: always placeholders
 * - `angle` `<name>`: only when `name` is a known variable or label (so never `<<EOF`, `<(cmd)`, `2>&1`, `<file`,
 *   `<br>`): matched case-insensitively, so `<NAMESPACE>` is `namespace`
 * - `env` `$NAMESPACE`, `${NAMESPACE}` (PowerShell: `$env:NAMESPACE`, `${env:NAMESPACE}`): a known name's
 *   environment variable (see envName), where the shell expands it. Never substituted: the value is exported
 *   into the environment of the shell that runs the command instead.
 */
export type PlaceholderStyle = 'mustache' | '$labels' | '.Labels' | 'angle' | 'env';

export interface Placeholder {
  /** The variable or label name (for `angle` and `env`, the known name it matched). */
  readonly name: string;
  /** Offsets in the command: `command.slice(start, end)` is the placeholder as written. */
  readonly start: number;
  readonly end: number;
  readonly style: PlaceholderStyle;
  /** How the shell reads text at the placeholder: decides how the value is put in (see substitute). */
  readonly context: QuoteContext;
}

const ANGLE = /<([A-Za-z_][A-Za-z0-9_]*)>/g;

/**
 * The placeholders of `command`, sorted by position. `known` holds the declared variables and the bound labels:
 * angle and environment placeholders are only recognised for them.
 */
export function findPlaceholders(command: string, known: ReadonlySet<string>, shell: ShellKind = 'posix'): Placeholder[] {
  const found: { name: string; start: number; end: number; style: PlaceholderStyle }[] = [];
  if (command.includes('{{')) {
    for (const m of command.matchAll(new RegExp(VARIABLE.source, 'g'))) {
      const style: PlaceholderStyle = m[0].includes('$labels.') ? '$labels' : m[0].includes('.Labels.') ? '.Labels' : 'mustache';
      found.push({ name: m[1], start: m.index, end: m.index + m[0].length, style });
    }
  }
  if (command.includes('<') && known.size > 0) {
    const lower = new Map<string, string | null>();
    for (const k of known) {
      const l = k.toLowerCase();
      lower.set(l, lower.has(l) && lower.get(l) !== k ? null : k); // null: ambiguous without the exact case
    }
    for (const m of command.matchAll(ANGLE)) {
      const start = m.index;
      const end = start + m[0].length;
      if (command[start - 1] === '<' || found.some((f) => f.start < end && f.end > start)) {
        continue; // `<<EOF>`-like, or inside a {{…}}
      }
      const name = known.has(m[1]) ? m[1] : lower.get(m[1].toLowerCase());
      if (name) {
        found.push({ name, start, end, style: 'angle' });
      }
    }
  }
  found.sort((a, b) => a.start - b.start);
  const scan = scanShell(command, shell, found);
  const out: Placeholder[] = found.map((f, n) => ({ ...f, context: scan.contexts[n] }));
  if (scan.env.length > 0) {
    const byEnv = new Map<string, string>();
    for (const k of known) {
      const e = envName(k);
      if (e !== undefined && !byEnv.has(e)) {
        byEnv.set(e, k);
      }
    }
    for (const e of scan.env) {
      // PowerShell's `$env:` names are matched without regard to case, as on Windows.
      const name = byEnv.get(shell === 'powershell' ? e.name.toUpperCase() : e.name);
      if (name !== undefined) {
        out.push({ name, start: e.start, end: e.end, style: 'env', context: { kind: 'bare' } });
      }
    }
    out.sort((a, b) => a.start - b.start);
  }
  return out;
}

/** The distinct names of `placeholders`, in order of first use. */
export function placeholderNames(placeholders: readonly Placeholder[]): string[] {
  return [...new Set(placeholders.map((p) => p.name))];
}

/**
 * Environment variables never set from a label or variable: those that change how the shell or the programs it
 * starts behave (PATH, IFS, LD_PRELOAD, BASH_ENV…) or whom they talk to (KUBECONFIG, AWS_*, proxies…). An alert
 * label named `path` must not become PATH.
 */
const RESERVED_ENV = new Set([
  'PATH', 'HOME', 'SHELL', 'USER', 'LOGNAME', 'PWD', 'OLDPWD', 'IFS', 'ENV', 'CDPATH', 'GLOBIGNORE', 'FPATH',
  'PS1', 'PS2', 'PS3', 'PS4', 'PROMPT_COMMAND', 'PROMPT', 'TERM', 'TMPDIR', 'TEMP', 'TMP', 'LANG', 'LANGUAGE', 'TZ',
  'EDITOR', 'VISUAL', 'PAGER', 'SHLVL', 'HISTFILE', 'HISTCONTROL', 'MAIL', 'MAILPATH', 'ZDOTDIR', 'SHELLOPTS',
  'BASHOPTS', 'EXECIGNORE', 'POSIXLY_CORRECT', 'DISPLAY', 'XAUTHORITY', 'GNUPGHOME', 'KUBECONFIG', 'NODE_OPTIONS',
  'NODE_PATH', 'PYTHONPATH', 'PYTHONHOME', 'PYTHONSTARTUP', 'PERL5OPT', 'PERL5LIB', 'RUBYOPT', 'RUBYLIB',
  'NO_PROXY', 'ALL_PROXY', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'CURL_CA_BUNDLE', 'REQUESTS_CA_BUNDLE', 'PSMODULEPATH',
  'COMSPEC', 'PATHEXT', 'SYSTEMROOT', 'WINDIR', 'APPDATA', 'LOCALAPPDATA', 'USERPROFILE', 'PROGRAMFILES',
]);
const RESERVED_ENV_PREFIX = /^(?:LD_|DYLD_|BASH_|LC_|AWS_|GOOGLE_|CLOUDSDK_|AZURE_|KUBE|DOCKER_|NPM_CONFIG_|GIT_|SSH_|HTTP_|HTTPS_|FTP_|PG|MYSQL|VAULT_|KRB5|XDG_)/;

/** Whether an environment variable name is one labelsToEnv never sets (see RESERVED_ENV). */
export function isReservedEnvName(env: string): boolean {
  return RESERVED_ENV.has(env) || RESERVED_ENV_PREFIX.test(env);
}

/**
 * The environment variable for a label or variable: upper case, characters other than letters, digits and `_`
 * turned into `_`, a leading digit prefixed with `_` (`namespace` → `NAMESPACE`, `k8s-app` → `K8S_APP`).
 * Undefined when the result is reserved (isReservedEnvName) or empty.
 */
export function envName(name: string): string | undefined {
  let e = name.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
  if (/^[0-9]/.test(e)) {
    e = `_${e}`;
  }
  return e && !isReservedEnvName(e) ? e : undefined;
}

/**
 * The environment to export for labels (or any name → value map): each under its envName. Reserved names are
 * left out, and so are values no environment can hold (a NUL). When two names map to one variable, the first wins.
 */
export function labelsToEnv(labels: Readonly<Record<string, string>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) {
    const e = envName(k);
    if (e !== undefined && !Object.hasOwn(env, e) && typeof v === 'string' && !v.includes('\0')) {
      env[e] = v;
    }
  }
  return env;
}

export type ValueSource = 'labels' | 'session' | 'defaults';

export interface ValueSources {
  /** The alert's labels (bound labels). */
  readonly labels?: Readonly<Record<string, string>>;
  /** Values given earlier in this incident session (or on the command line). */
  readonly session?: Readonly<Record<string, string>>;
  /** The `default`s of the runbook's declared variables. */
  readonly defaults?: Readonly<Record<string, string>>;
}

export interface ResolvedValues {
  readonly values: Record<string, string>;
  /** Names with no value anywhere, in the order asked: the caller asks for them (or gives up). */
  readonly missing: string[];
  /** Where each value came from. */
  readonly from: Record<string, ValueSource>;
}

/** The value of each name: from the labels, else the session, else the defaults. An empty string is a value. */
export function resolveValues(names: Iterable<string>, sources: ValueSources): ResolvedValues {
  const values: Record<string, string> = {};
  const from: Record<string, ValueSource> = {};
  const missing: string[] = [];
  const order: ValueSource[] = ['labels', 'session', 'defaults'];
  for (const name of names) {
    if (Object.hasOwn(values, name) || missing.includes(name)) {
      continue;
    }
    const source = order.find((s) => {
      const m = sources[s];
      return m !== undefined && Object.hasOwn(m, name) && typeof m[name] === 'string';
    });
    if (source) {
      values[name] = sources[source]![name];
      from[name] = source;
    } else {
      missing.push(name);
    }
  }
  return { values, missing, from };
}

/** substitute was asked to fill placeholders it has no values for. */
export class MissingValuesError extends Error {
  constructor(readonly names: readonly string[]) {
    super(`no value for ${names.map((n) => `'${n}'`).join(', ')}`);
    this.name = 'MissingValuesError';
  }
}

/**
 * `command` with every `{{…}}` placeholder, and every `<name>` for a name in `values` (or `known`), replaced by
 * its value, quoted for where it stands so that the shell reads back exactly the value, as literal data:
 *
 * | where                          | POSIX                                | PowerShell                          |
 * |--------------------------------|--------------------------------------|-------------------------------------|
 * | a bare word `-n {{ns}}`        | `'v'` (`'` → `'\''`)                 | `'v'` (`'` → `''`)                  |
 * | in single quotes `'{{ns}}'`    | `v` with `'` → `'\''`                | `v` with `'` → `''`                 |
 * | in double quotes `"{{ns}}"`    | `"'v'"`: close, single-quote, reopen | `v` with `` ` `` `$` `"` → `` `x `` |
 * | in `$'…'`                      | `''v'$'`: close, quote, reopen       |                                     |
 * | here-document / here-string    | `\` `$` `` ` `` escaped (none if the delimiter is quoted / `@'`); refused if a line would end it |
 * | comment                        | quoted, line breaks turned to spaces | line breaks turned to spaces        |
 * | `$(( … ))`                     | only an integer, as it is            |                                     |
 *
 * Refused with a QuoteError: NUL (no shell can carry it), placeholders inside `` `…` ``, `${…}`, right after an
 * escaping `\`/`` ` ``, after PowerShell's `--%`, and PowerShell bare words where the quoted value would not stay
 * one argument (`{{a}}.txt`, `'x'{{a}}`: write `"{{a}}.txt"` instead).
 *
 * What the receiving program does with the value is its business: a value inside the string given to `ssh host
 * "…"`, `sh -c '…'` or a SQL query is delivered intact to that program, which may interpret it (see Placeholder
 * `context`). Environment placeholders are left as they are. Throws MissingValuesError for names with no value.
 */
export function substitute(command: string, values: Readonly<Record<string, string>>, shell: ShellKind, known: Iterable<string> = []): string {
  const names = new Set<string>(known);
  for (const k of Object.keys(values)) {
    names.add(k);
  }
  const placeholders = findPlaceholders(command, names, shell).filter((p) => p.style !== 'env');
  const missing = placeholderNames(placeholders).filter((n) => !Object.hasOwn(values, n));
  if (missing.length > 0) {
    throw new MissingValuesError(missing);
  }
  let out = '';
  let pos = 0;
  for (const p of placeholders) {
    out += command.slice(pos, p.start);
    pos = p.end;
    const ctx = p.context;
    if (shell === 'posix' && ctx.kind === 'double') {
      // Close the "…", put the single-quoted value, reopen; where the value starts or ends the string, the
      // quote it would close or reopen goes instead: "{{v}}" becomes 'v', "x{{v}}" becomes "x"'v'.
      checkRepresentable(values[p.name], p.name);
      const value = quote(values[p.name], shell);
      // (Not for bash's $"…": without its quote, $'v' would read escapes in the value.)
      const starts = ctx.openedAt === p.start - 1 && command[ctx.openedAt - 1] !== '$';
      const ends = command[p.end] === '"';
      out = (starts ? out.slice(0, -1) : `${out}"`) + value + (ends ? '' : '"');
      if (ends) {
        pos++;
      }
      continue;
    }
    out += encode(command, p, values[p.name], shell, out);
  }
  return out + command.slice(pos);
}

function encode(command: string, p: Placeholder, value: string, shell: ShellKind, before: string): string {
  checkRepresentable(value, p.name);
  const raw = command.slice(p.start, p.end);
  const refuse = (why: string): never => {
    throw new QuoteError(`cannot put the value of '${p.name}' ${why} (${raw})`, p.name);
  };
  const ctx = p.context;
  switch (ctx.kind) {
    case 'bare':
      if (shell === 'powershell') {
        powerShellBareWord(command, p, refuse);
      }
      return quote(value, shell);
    case 'single':
      return singleQuotedBody(value, shell);
    case 'double':
      return shell === 'posix' ? `"${quote(value, shell)}"` : powerShellDoubleQuotedBody(value);
    case 'ansi':
      return `'${quote(value, shell)}$'`;
    case 'comment': {
      const flat = value.replace(/\r\n|[\r\n\u2028\u2029\u0085]/g, ' ');
      return shell === 'posix' ? quote(flat, shell) : flat.replace(/#>/g, '# >');
    }
    case 'heredoc': {
      const body = ctx.literal ? value : shell === 'posix' ? value.replace(/[\\$`]/g, '\\$&') : value.replace(/[`$]/g, '`$&');
      const lineStart = before.lastIndexOf('\n') + 1;
      const eol = command.indexOf('\n', p.end);
      const lines = (before.slice(lineStart) + body + command.slice(p.end, eol === -1 ? command.length : eol)).split('\n');
      const ends = shell === 'posix'
        ? (l: string) => (ctx.stripTabs ? l.replace(/^\t+/, '') : l) === ctx.delimiter
        : (l: string) => /^\s*.@/.test(l) && (ctx.literal ? POWERSHELL_SINGLE_QUOTES : POWERSHELL_DOUBLE_QUOTES).includes(l.trimStart()[0]);
      if (lines.some(ends)) {
        refuse(`in this ${shell === 'posix' ? 'here-document' : 'here-string'}: a line of it would end the ${shell === 'posix' ? `here-document (${ctx.delimiter})` : 'here-string'}`);
      }
      // <<- strips the leading tabs of every line, the value's own included, and no escape keeps them.
      if (ctx.stripTabs && body.includes('\t') && lines.some((l, n) => l.startsWith('\t') && (n > 0 ? true : /^\t*$/.test(before.slice(lineStart)) && body.startsWith('\t')))) {
        refuse('in a <<- here-document, which would strip the tabs its lines start with: use << instead');
      }
      return body;
    }
    case 'arithmetic':
      if (!/^[+-]?[0-9]+$/.test(value)) {
        refuse('inside $(( … )): only an integer can go there, and the value is not one');
      }
      return value;
    case 'backtick':
      return refuse('inside a `…` command substitution, where quotes are read twice: use $( … ) instead');
    case 'braced':
      return refuse('inside ${ … }, where quoting rules differ between shells: put it outside');
    case 'escaped':
      return refuse(`right after an escaping ${shell === 'posix' ? 'backslash' : 'backtick'}: remove it`);
    case 'verbatim':
      return refuse('after --%, where PowerShell passes quotes on as they are: put it before --%');
  }
}

const PS_BREAK = ' \t\r\n;&|(){},';

/**
 * PowerShell reads a word that starts with a quote as one string and anything glued after it as another argument
 * (`'a'b` is two arguments), and two quoted strings glued together as one string with a quote in it (`'a''b'`).
 * Refuse the placements where the quoted value would not be exactly one argument's worth of text.
 */
function powerShellBareWord(command: string, p: Placeholder, refuse: (why: string) => never): void {
  const next = command[p.end];
  const prev = command[p.start - 1];
  const quotes = POWERSHELL_SINGLE_QUOTES + POWERSHELL_DOUBLE_QUOTES;
  if (prev !== undefined && quotes.includes(prev)) {
    refuse('right after a quoted string in PowerShell: put both in one pair of quotes');
  }
  if (next !== undefined && (quotes.includes(next) || next === '{' || next === '<')) {
    // `{{a}}{{b}}`, `{{a}}<b>`, `{{a}}'x'`: glued quoted strings merge into one with a quote in it
    refuse('right before another quoted string or placeholder in PowerShell: write "…" around both');
  }
  let wordStart = p.start;
  while (wordStart > 0 && !PS_BREAK.includes(command[wordStart - 1])) {
    wordStart--;
  }
  const atWordStart = wordStart === p.start;
  if (atWordStart && next !== undefined && !PS_BREAK.includes(next)) {
    refuse('at the start of a PowerShell word that goes on after it: write "…" around the whole word');
  }
  if (!atWordStart && '$@(\'"`'.includes(command[wordStart])) {
    refuse('inside a PowerShell word that is an expression or a quoted string: write "…" around the whole word');
  }
}

/** Inside PowerShell "…": backtick-escape the backtick, `$` and every double-quote character; the rest is literal. */
function powerShellDoubleQuotedBody(value: string): string {
  return value.replace(/[`$"\u201C\u201D\u201E]/g, '`$&');
}

/** What a masked secret looks like. */
export const MASK = '••••';

/**
 * `command` as it may be shown or logged: every secret value replaced by MASK, whether it appears as it is or in
 * any of the forms substitute puts values in (quoted for POSIX or PowerShell, escaped for a here-document or a
 * double-quoted string). Empty secrets are ignored.
 */
export function mask(command: string, secrets: Iterable<string>): string {
  const forms = new Map<string, string>();
  for (const s of secrets) {
    if (!s) {
      continue;
    }
    const variants: [string, string][] = [
      [s, MASK],
      [`'${singleQuotedBody(s, 'posix')}'`, `'${MASK}'`],
      [`'${singleQuotedBody(s, 'powershell')}'`, `'${MASK}'`],
      [singleQuotedBody(s, 'posix'), MASK],
      [singleQuotedBody(s, 'powershell'), MASK],
      [s.replace(/[\\$`]/g, '\\$&'), MASK],
      [s.replace(/[`$]/g, '`$&'), MASK],
      [powerShellDoubleQuotedBody(s), MASK],
    ];
    for (const [form, replacement] of variants) {
      if (!forms.has(form)) {
        forms.set(form, replacement);
      }
    }
  }
  let out = command;
  for (const [form, replacement] of [...forms].sort((a, b) => b[0].length - a[0].length)) {
    out = out.split(form).join(replacement);
  }
  return out;
}
