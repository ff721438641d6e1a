// Placeholders in a step's command: which there are, where their values come from, and how the values go in.
import { findMustaches } from '../steps';
import { checkRepresentable, POWERSHELL_DOUBLE_QUOTES, POWERSHELL_SINGLE_QUOTES, QuoteError, quote, singleQuotedBody, type ShellKind } from './quote';
import { scanShell, type PosixDialect, type QuoteContext } from './shellSyntax';

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
export function findPlaceholders(command: string, known: ReadonlySet<string>, shell: ShellKind = 'posix', dialect: PosixDialect = 'bash'): Placeholder[] {
  const found = rawPlaceholders(command, known);
  const scan = scanShell(command, shell, found, dialect);
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

/** The `{{…}}` and known `<name>` placeholders of `command`, sorted, without their contexts. */
function rawPlaceholders(command: string, known: ReadonlySet<string>): { name: string; start: number; end: number; style: PlaceholderStyle }[] {
  const found: { name: string; start: number; end: number; style: PlaceholderStyle }[] = [];
  if (command.includes('{{')) {
    // Not inside a Go-template argument (`--template='{{…}}'`, `-o go-template=…`): lint and the runner agree.
    for (const m of findMustaches(command)) {
      const style: PlaceholderStyle = m.raw.includes('$labels.') ? '$labels' : m.raw.includes('.Labels.') ? '.Labels' : 'mustache';
      found.push({ name: m.name, start: m.index, end: m.index + m.raw.length, style });
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
  return found;
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
  'PS0', 'RPROMPT', 'RPS1', 'RPS2', 'PROMPT2', 'PROMPT3', 'PROMPT4', 'MANPAGER', 'BROWSER', 'OPENSSL_CONF', 'OPENSSL_ENGINES',
  'JAVA_TOOL_OPTIONS', '_JAVA_OPTIONS', 'JDK_JAVA_OPTIONS', 'CLASSPATH', 'RUSTC_WRAPPER', 'RUSTC', 'RUSTFLAGS', 'RUSTDOCFLAGS',
  'CC', 'CXX', 'CPP', 'LD', 'AR', 'CFLAGS', 'CXXFLAGS', 'LDFLAGS', 'CPPFLAGS', 'MAKEFLAGS', 'MFLAGS', 'INPUTRC', 'TERMINFO',
  'HISTFILESIZE', 'HISTSIZE', 'HOSTALIASES', 'RESOLV_HOST_CONF', 'LOCALDOMAIN', 'MALLOC_CHECK_', 'GCONV_PATH', 'NLSPATH',
  'ZSH_ENV', 'KSH_ENV', 'WGETRC', 'CURL_HOME', 'NETRC', 'GEM_HOME', 'GEM_PATH', 'VIRTUAL_ENV', 'CONDA_PREFIX', 'R_PROFILE',
  'R_PROFILE_USER', 'R_ENVIRON', 'TF_CLI_CONFIG_FILE', 'TF_CLI_ARGS', 'HELM_PLUGINS', 'ANSIBLE_CONFIG',
]);
/**
 * Prefixes and suffixes of names that configure interpreters, pagers, package managers, toolchains, credentials
 * and connections. A denylist cannot be complete: it is the second fence; the first is that only the names a step
 * references as `$NAME` are exported at all.
 */
const RESERVED_ENV_PREFIX = /^(?:LD_|DYLD_|BASH_|LC_|AWS_|GOOGLE_|CLOUDSDK_|AZURE_|KUBE|DOCKER_|NPM_|YARN_|PNPM_|GIT_|SSH_|HTTP_|HTTPS_|FTP_|PG|MYSQL|VAULT_|KRB5|XDG_|LESS|PSQL|PIP_|PYTHON|PERL|RUBY|NODE_|JAVA|JDK_|_JAVA|GRADLE_|MAVEN_|CARGO_|RUSTUP_|DOTNET_|NUGET_|COMPOSER|BUNDLE_|CONDA|OPENSSL|SSL_|SUDO_|SYSTEMD_|ZDOTDIR|ZSH|PROMPT|TF_|TERRAFORM_|ANSIBLE_|HELM_|GCE_|GCLOUD_|ARM_|OCI_|DIGITALOCEAN_|GITHUB_|GITLAB_|CI_|NIX_|GO(?:FLAGS|PROXY|PATH|ROOT|BIN|ENV|TOOLCHAIN|INSECURE|NOSUMDB|NOPROXY|PRIVATE|SUMDB|EXPERIMENT|DEBUG|OS|ARCH|CACHE|MODCACHE|WORK|AMD64|ARM)$)|(?:_PAGER|_EDITOR|_ASKPASS|_OPTIONS|_OPTS|_PATH|_PRELOAD|_WRAPPER|_CONF|_CONFIG|_RC|_HOME|_TOKEN|_PASSWORD|_SECRET|_KEY|_PROXY)$/;

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

/** The shell variables that carry values (POSIX): `{{pod}}` becomes a reference to `RUNBOOK_V_pod`. */
export const VALUE_PREFIX = 'RUNBOOK_V_';

/**
 * Values allowed where a program reads the text again as code (QuoteContext `evaluated`): spliced into the command
 * as they are, so only characters that mean nothing to any shell or common interpreter, and not empty (nothing
 * spliced in would shift the words after it).
 */
export const PLAIN_VALUE = /^[A-Za-z0-9_.:/@+,=-]+$/;
/** Values allowed where the shell evaluates arithmetic (QuoteContext `arithmetic`): a decimal integer. */
export const INTEGER_VALUE = /^[+-]?[0-9]{1,19}$/;

/** What substitute produces: the leading line that carries the values, and the command that refers to them. */
export interface Substituted {
  /** `RUNBOOK_V_a='…' RUNBOOK_V_b='…'; export NAME='…'` (POSIX) or `$env:NAME = '…'` (PowerShell); '' when none. */
  readonly assignments: string;
  /** The command: comments removed (POSIX), placeholders replaced. */
  readonly body: string;
  /** The whole text to give the shell: the assignment line, a newline, the body. */
  readonly text: string;
}

/**
 * `command` ready for the shell, self-contained: values never appear in it as code.
 *
 * POSIX: every `{{name}}` (and `<name>` for a name in `values` or `known`) becomes a reference to the shell
 * variable `RUNBOOK_V_name`, written for where it stands, and one leading line that we build assigns the values,
 * single-quoted (`'` → `'\''`, complete at the start of a statement):
 *
 * | where                                 | becomes                                   |
 * |---------------------------------------|-------------------------------------------|
 * | a bare word, `` `…` ``                | `"${RUNBOOK_V_name}"`                     |
 * | in "…", an unquoted here-document     | `${RUNBOOK_V_name}`                       |
 * | in '…'                                | `'"${RUNBOOK_V_name}"'` (close, reopen)   |
 * | in $'…'                               | `'"${RUNBOOK_V_name}"$'`                  |
 * | in `${x:-…}`                          | `"${RUNBOOK_V_name}"` (`${…}` in "…": no quotes) |
 * | arithmetic (see QuoteContext)         | the value itself, only if it is an integer |
 * | evaluated (see QuoteContext)          | the value itself, only if it is plain (PLAIN_VALUE) |
 *
 * The result of a parameter expansion is never read again as shell code, so a hostile value gives at worst wrong
 * data, never a command, even where the scanner misjudged the quoting; only the evaluating contexts could, and
 * there values are refused unless they are integers / plain. Comments are removed (interactive zsh does not take
 * `#` for one). Refused with a QuoteError: NUL, placeholders right after an escaping `\`, in a parameter's name
 * (`${{{v}}}`), and values that an evaluating context does not allow.
 *
 * `dialect`: how the shell that will run it reads `$'…'` and `'` in `"${…}"` (see PosixDialect).
 * `env`: environment variables to set as well (`export NAME='…'`), for `$NAME` references in the command.
 *
 * PowerShell: the values are quoted into the command where they stand (see encodePowerShell); `env` entries become
 * `$env:NAME = '…'`. Throws MissingValuesError for names with no value.
 */
export function substituteParts(command: string, values: Readonly<Record<string, string>>, shell: ShellKind, known: Iterable<string> = [], env: Readonly<Record<string, string>> = {}, dialect: PosixDialect = 'bash'): Substituted {
  const names = new Set<string>(known);
  for (const k of Object.keys(values)) {
    names.add(k);
  }
  const source = shell === 'posix' ? stripComments(command, names, dialect) : command;
  const placeholders = findPlaceholders(source, names, shell, dialect).filter((p) => p.style !== 'env');
  const missing = placeholderNames(placeholders).filter((n) => !Object.hasOwn(values, n));
  if (missing.length > 0) {
    throw new MissingValuesError(missing);
  }
  let body = '';
  let pos = 0;
  const referenced: string[] = [];
  for (const p of placeholders) {
    body += source.slice(pos, p.start);
    pos = p.end;
    checkRepresentable(values[p.name], p.name);
    if (shell === 'posix') {
      const piece = encodePosix(source, p, values[p.name], body);
      if (piece.includes(VALUE_PREFIX) && !referenced.includes(p.name)) {
        referenced.push(p.name);
      }
      body += piece;
    } else {
      body += encodePowerShell(source, p, values[p.name], shell, body);
    }
  }
  body += source.slice(pos);
  const lines: string[] = [];
  if (shell === 'posix') {
    if (referenced.length > 0) {
      lines.push(referenced.map((n) => `${VALUE_PREFIX}${n}=${quote(values[n], 'posix')}`).join(' '));
    }
    const ex = Object.entries(env);
    if (ex.length > 0) {
      for (const [, v] of ex) {
        checkRepresentable(v);
      }
      lines.push(`export ${ex.map(([k, v]) => `${k}=${quote(v, 'posix')}`).join(' ')}`);
    }
  } else {
    for (const [k, v] of Object.entries(env)) {
      lines.push(`$env:${k} = ${quote(v, 'powershell')}`);
    }
  }
  const assignments = lines.join('; ');
  return { assignments, body, text: assignments ? `${assignments}\n${body}` : body };
}

/** substituteParts' whole text. */
export function substitute(command: string, values: Readonly<Record<string, string>>, shell: ShellKind, known: Iterable<string> = [], env: Readonly<Record<string, string>> = {}, dialect: PosixDialect = 'bash'): string {
  return substituteParts(command, values, shell, known, env, dialect).text;
}

/**
 * `command` without its comments, as the POSIX scanner sees them: a line that is only a comment goes (`#!` lines
 * too), an inline comment is cut with the blanks before it. Interactive zsh does not read `#` as a comment
 * (interactivecomments is off), so a comment typed into it would run as a command.
 */
export function stripComments(command: string, known: Iterable<string> = [], dialect: PosixDialect = 'bash'): string {
  const holes = rawPlaceholders(command, new Set(known));
  const { comments } = scanShell(command, 'posix', holes, dialect);
  if (comments.length === 0) {
    return command;
  }
  let out = '';
  let pos = 0;
  for (const c of comments) {
    const lineStart = command.lastIndexOf('\n', c.start - 1) + 1;
    const before = command.slice(Math.max(pos, lineStart), c.start);
    const whole = /^[ \t]*$/.test(command.slice(lineStart, c.start)) && lineStart >= pos;
    // A whole-line comment goes with its line break, unless the line before continues onto it (`\`).
    const continued = lineStart > 0 && /\\\r?$/.test(command.slice(command.lastIndexOf('\n', lineStart - 2) + 1, lineStart - 1));
    if (whole && !continued && command[c.end] === '\n') {
      out += command.slice(pos, lineStart);
      pos = c.end + 1;
    } else {
      out += command.slice(pos, c.start - (before.length - before.trimEnd().length));
      pos = c.end;
    }
  }
  return out + command.slice(pos);
}

function encodePosix(command: string, p: Placeholder, value: string, before: string): string {
  const raw = command.slice(p.start, p.end);
  const refuse = (why: string): never => {
    throw new QuoteError(`cannot put the value of '${p.name}' ${why} (${raw})`, p.name);
  };
  const ref = `\${${VALUE_PREFIX}${p.name}}`;
  const ctx = p.context;
  switch (ctx.kind) {
    case 'bare':
    case 'backtick':
      return `"${ref}"`;
    case 'double':
      return ref;
    case 'single':
      return `'"${ref}"'`;
    case 'ansi':
      return `'"${ref}"$'`;
    case 'heredoc':
      return ref;
    case 'braced':
      if (ctx.name) {
        return refuse('as the name of a ${ … } expansion: the value would name the variable to read');
      }
      return ctx.quoted ? ref : `"${ref}"`;
    case 'comment':
      return '';
    case 'arithmetic':
      if (!INTEGER_VALUE.test(value)) {
        refuse('where the shell evaluates arithmetic (which runs commands hidden in a value such as a[$(cmd)]): only an integer can go there, and the value is not one');
      }
      return value;
    case 'evaluated': {
      if (!PLAIN_VALUE.test(value)) {
        refuse(`where a program reads it again as code (eval, sh -c, ssh, a quoted here-document, a variable name…): only letters, digits and _ . : / @ + , = - can go there, and the value ${value === '' ? 'is empty' : `has ${describeOthers(value)}`}`);
      }
      const within = ctx.within;
      if (within.kind === 'heredoc') {
        const lineStart = before.lastIndexOf('\n') + 1;
        const eol = command.indexOf('\n', p.end);
        const line = before.slice(lineStart) + value + command.slice(p.end, eol === -1 ? command.length : eol);
        if ((within.stripTabs ? line.replace(/^\t+/, '') : line) === within.delimiter) {
          refuse(`in this here-document: the line would end it (${within.delimiter})`);
        }
      }
      return value;
    }
    case 'escaped':
      return refuse('right after an escaping backslash: remove it');
    case 'verbatim':
      return refuse('here');
  }
}

/** A short, printable list of the characters of `value` that PLAIN_VALUE does not allow. */
function describeOthers(value: string): string {
  const odd = [...new Set([...value].filter((c) => !PLAIN_VALUE.test(c)))].slice(0, 8);
  return odd.map((c) => JSON.stringify(c)).join(' ');
}

function encodePowerShell(command: string, p: Placeholder, value: string, shell: ShellKind, before: string): string {
  const raw = command.slice(p.start, p.end);
  const refuse = (why: string): never => {
    throw new QuoteError(`cannot put the value of '${p.name}' ${why} (${raw})`, p.name);
  };
  const ctx = p.context;
  switch (ctx.kind) {
    case 'bare':
      powerShellBareWord(command, p, refuse);
      return quote(value, shell);
    case 'single':
      return singleQuotedBody(value, shell);
    case 'double':
      return powerShellDoubleQuotedBody(value);
    case 'comment': {
      const flat = value.replace(/\r\n|[\r\n\u2028\u2029\u0085]/g, ' ');
      return flat.replace(/#>/g, '# >');
    }
    case 'heredoc': {
      const body = ctx.literal ? value : value.replace(/[`$]/g, '`$&');
      const lineStart = before.lastIndexOf('\n') + 1;
      const eol = command.indexOf('\n', p.end);
      const lines = (before.slice(lineStart) + body + command.slice(p.end, eol === -1 ? command.length : eol)).split('\n');
      const ends = (l: string) => /^\s*.@/.test(l) && (ctx.literal ? POWERSHELL_SINGLE_QUOTES : POWERSHELL_DOUBLE_QUOTES).includes(l.trimStart()[0]);
      if (lines.some(ends)) {
        refuse('in this here-string: a line of it would end the here-string');
      }
      return body;
    }
    case 'braced':
      return refuse('inside ${ … }: put it outside');
    case 'escaped':
      return refuse('right after an escaping backtick: remove it');
    case 'verbatim':
      return refuse('after --%, where PowerShell passes quotes on as they are: put it before --%');
    default:
      return refuse('here');
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
