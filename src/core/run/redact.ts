// One redaction pipeline: every text that is written down (session logs, captured output, review drafts, filed
// issue bodies) or handed out (copied commands) goes through `redact` first. It removes well-known credential
// formats, credentials in their usual surroundings (headers, URLs, `key=value` / `key: value` / JSON), the values
// of variables declared `secret: true`, and whatever extra patterns the user configured.
//
// Every built-in expression runs in linear time: each quantifier is bounded or over a class the next token cannot
// match, none is nested, and each starts at a boundary (a lookbehind), so a run of look-alike characters is
// scanned once. Input is bounded too (MAX_REDACT_CHARS).
import { mask, MASK } from './variables';

/** What a redacted credential becomes: `[REDACTED:<kind>]`, so a reader knows what was there. */
export function marker(kind: string): string {
  return `[REDACTED:${kind}]`;
}

/** Longer texts are cut (with a note) before redaction: nothing unbounded is scanned or stored. */
export const MAX_REDACT_CHARS = 4 * 1024 * 1024;

interface Rule {
  readonly kind: string;
  readonly re: RegExp;
  /** The replacement for one match (default: the whole match becomes marker(kind)). */
  readonly replace?: (m: RegExpExecArray | string[], kind: string) => string | undefined;
}

/** Values that only point at a secret (a variable, a placeholder) or are plainly not one: kept as they are. */
function isReference(value: string): boolean {
  const v = value.replace(/^["']|["']$/g, '').trim();
  return v === '' ||
    /^(?:true|false|null|nil|none|yes|no|on|off|~|required|optional|redacted|changeme|<redacted>|\*+|•+)$/i.test(v) ||
    /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(v) || // $TOKEN, ${TOKEN}
    v.startsWith('$(') || // $(vault read …): a command that fetches it
    /^\{\{[^{}]*\}\}$/.test(v) || // {{token}}
    /^<[^<>]*>$/.test(v) || // <token>
    /^%[A-Za-z_][A-Za-z0-9_]*%$/.test(v) || // %TOKEN%
    v.startsWith('[REDACTED') || v.includes(MASK);
}

/** Keep group 1 (the context: a key and its separator), redact group `n` unless it only refers to a secret. */
function keepContext(valueGroup: number) {
  return (m: RegExpExecArray | string[], kind: string): string | undefined => {
    const value = m[valueGroup];
    if (value === undefined || isReference(value)) {
      return undefined;
    }
    const before = m.slice(1, valueGroup).join('');
    const after = m.slice(valueGroup + 1).filter((x) => x !== undefined).join('');
    return `${before}${marker(kind)}${after}`;
  };
}

// Key words that name a secret when they end a key (`DB_PASSWORD`, `client_secret`, `apiKey`, `x-auth-token`).
const SECRET_KEY = String.raw`(?:pass(?:word|wd|phrase)|secret(?:[_.-]?(?:access)?[_.-]?key)?|token|api[_.-]?key|access[_.-]?key|private[_.-]?key|client[_.-]?secret|credentials?)`;

/** The built-in rules, most specific first (a later rule never sees what an earlier one replaced). */
const RULES: readonly Rule[] = [
  // PEM private key blocks are found by code (see redactPem); the GCP JSON field also by its key.
  { kind: 'gcp-private-key', re: /("private_key"[ \t]{0,8}:[ \t]{0,8}")([^"\r\n]{1,16384})(")/g, replace: keepContext(2) },
  { kind: 'aws-access-key-id', re: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA)[A-Z2-7]{16}(?![A-Za-z0-9])/g },
  {
    kind: 'aws-secret-access-key',
    re: /((?<![A-Za-z0-9])(?:aws_secret_access_key|aws_secret_key|secret_access_key|SecretAccessKey|AWS_SECRET_ACCESS_KEY)["']?[ \t]{0,8}[:=][ \t]{0,8}["']?)([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi,
    replace: keepContext(2),
  },
  { kind: 'github-token', re: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,255})(?![A-Za-z0-9_])/g },
  { kind: 'gitlab-token', re: /(?<![A-Za-z0-9_-])(?:glpat|gldt|glrt|glptt|glcbt|glimt|glagent|glsoat|gloas|glffct|glft|glsa|glrtr)-[A-Za-z0-9_.-]{20,128}(?![A-Za-z0-9_.-])/g },
  { kind: 'gitlab-token', re: /(?<![A-Za-z0-9])GR1348941[A-Za-z0-9_-]{20,64}(?![A-Za-z0-9_-])/g },
  { kind: 'slack-token', re: /(?<![A-Za-z0-9-])(?:xox[abposre]-[A-Za-z0-9-]{10,250}|xapp-[0-9]-[A-Za-z0-9-]{10,250})(?![A-Za-z0-9-])/g },
  { kind: 'slack-webhook', re: /(https:\/\/hooks\.slack(?:-gov)?\.com\/(?:services|workflows|triggers)\/)([A-Za-z0-9_/-]{8,300})/g, replace: keepContext(2) },
  { kind: 'npm-token', re: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g },
  { kind: 'jwt', re: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,4096}\.[A-Za-z0-9_-]{2,16384}\.[A-Za-z0-9_-]{0,4096}(?![A-Za-z0-9_-])/g },
  {
    kind: 'authorization',
    re: /((?<![A-Za-z0-9-])(?:proxy-)?authorization["']?[ \t]{0,8}[:=][ \t]{0,8}["']?(?:(?:bearer|basic|token|digest|negotiate|bot|apikey|sso-key|aws4-hmac-sha256)[ \t]{1,8})?)([^\s"'`]{1,4096})/gi,
    replace: keepContext(2),
  },
  // scheme://user:password@host: the password goes, the user stays.
  { kind: 'url-credentials', re: /((?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,20}:\/\/[^\s:/?#@"'<>]{0,256}:)([^\s/?#@"'<>]{1,1024})(@)/g, replace: keepContext(2) },
  // --password VALUE, --token VALUE (a flag and its value as separate words).
  {
    kind: 'secret-flag',
    re: new RegExp(String.raw`((?<![\w-])--(?:[A-Za-z0-9]{1,30}-)?${SECRET_KEY}[ \t]{1,8})([^\s"'\`;&|<>-][^\s"'\`;&|<>]{0,1023})`, 'gi'),
    replace: keepContext(2),
  },
  // key = value, key: value (YAML), "key": "value" (JSON), --key=value; the key ends with a secret's name.
  {
    kind: 'secret-assignment',
    re: new RegExp(String.raw`((?<![A-Za-z0-9_.-])["']?[A-Za-z0-9_.-]{0,60}${SECRET_KEY}["']?[ \t]{0,8}(?:=(?!=)|:(?=[ \t"']))[ \t]{0,8})("[^"\r\n]{1,1024}"|'[^'\r\n]{1,1024}'|[^\s"'\`;&|,{}\[\]()]{1,1024})`, 'gi'),
    replace: keepContext(2),
  },
];

/** PEM private key blocks (also inside a JSON string, with `\n` escapes): up to their END line, or the text's end. */
function redactPem(text: string): string {
  const begin = /-----BEGIN[ A-Z0-9]{0,40} PRIVATE KEY( BLOCK)?-----/g;
  let out = '';
  let pos = 0;
  for (let m = begin.exec(text); m; m = begin.exec(text)) {
    const end = /-----END[ A-Z0-9]{0,40} PRIVATE KEY( BLOCK)?-----/g;
    end.lastIndex = m.index + m[0].length;
    const e = end.exec(text);
    const stop = e ? e.index + e[0].length : text.length;
    out += `${text.slice(pos, m.index)}${marker('private-key')}`;
    pos = stop;
    begin.lastIndex = stop;
    if (!e) {
      break;
    }
  }
  return out + text.slice(pos);
}

export interface RedactOptions {
  /** Secret values (of variables declared `secret: true`), masked in every quoted form (see mask). */
  readonly secrets?: Iterable<string>;
  /** Extra patterns (compilePatterns): the whole match is redacted, or only group 1 when there is one. */
  readonly patterns?: readonly RegExp[];
}

/** `text` with every credential the pipeline knows replaced by a marker. Never throws. */
export function redact(text: string, options: RedactOptions = {}): string {
  let out = text.length > MAX_REDACT_CHARS ? `${text.slice(0, MAX_REDACT_CHARS)}\n[… ${text.length - MAX_REDACT_CHARS} characters cut]` : text;
  if (options.secrets) {
    out = mask(out, options.secrets);
  }
  if (out.includes('PRIVATE KEY')) {
    out = redactPem(out);
  }
  for (const rule of RULES) {
    out = applyRule(out, rule);
  }
  for (const re of options.patterns ?? []) {
    out = applyRule(out, { kind: 'custom', re, replace: (m, kind) => (m.length > 1 && m[1] !== undefined ? replaceGroup1(m as RegExpExecArray, kind) : marker(kind)) });
  }
  return out;
}

/** The match with its first group replaced. */
function replaceGroup1(m: RegExpExecArray, kind: string): string {
  const whole = m[0];
  const at = whole.indexOf(m[1]);
  return at === -1 || m[1] === '' ? whole : `${whole.slice(0, at)}${marker(kind)}${whole.slice(at + m[1].length)}`;
}

function applyRule(text: string, rule: Rule): string {
  const re = rule.re.global ? rule.re : new RegExp(rule.re.source, `${rule.re.flags}g`);
  re.lastIndex = 0;
  let out = '';
  let pos = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0] === '') {
      re.lastIndex++;
      continue;
    }
    const replacement = rule.replace ? rule.replace(m, rule.kind) : marker(rule.kind);
    if (replacement !== undefined) {
      out += text.slice(pos, m.index) + replacement;
      pos = m.index + m[0].length;
    }
  }
  return pos === 0 ? text : out + text.slice(pos);
}

/** How many credentials `redact` would remove from `text` (markers added). */
export function countRedactions(text: string, options: RedactOptions = {}): number {
  const before = text.split('[REDACTED:').length + text.split(MASK).length;
  const after = redact(text, options);
  return after.split('[REDACTED:').length + after.split(MASK).length - before;
}

export interface CompiledPatterns {
  readonly patterns: RegExp[];
  /** One line per pattern refused, naming it and why. */
  readonly problems: string[];
}

/**
 * Why a user's pattern may take more than linear time, or undefined when it is fine: a backreference, a
 * lookaround with a quantifier inside, or a quantified group that has a quantifier inside (`(a+)+`, `(\w*x)*`).
 * (A static check, not core/safeRegex's linear engine: redaction replaces every match, which that engine's API does
 * not offer yet.)
 */
export function unsafePattern(source: string): string | undefined {
  if (source.length > 500) {
    return 'longer than 500 characters';
  }
  if (/\\[1-9]|\\k</.test(source)) {
    return 'it has a backreference';
  }
  // Walk the groups: a group that holds a quantifier or an alternation must not be repeated itself.
  const stack: { quantified: boolean; alternation: boolean }[] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
    } else if (inClass) {
      inClass = c !== ']';
    } else if (c === '[') {
      inClass = true;
    } else if (c === '(') {
      stack.push({ quantified: false, alternation: false });
    } else if (c === '|') {
      if (stack.length) {
        stack[stack.length - 1].alternation = true;
      }
    } else if (c === ')') {
      const g = stack.pop();
      if (!g) {
        return 'it has an unbalanced )';
      }
      const next = source[i + 1];
      const repeated = next === '*' || next === '+' || (next === '{' && /^\{\d+(?:,\d*)?\}/.test(source.slice(i + 1)));
      if (repeated && g.quantified) {
        return 'it has a nested quantifier (a repeated group with a repetition inside)';
      }
      if (repeated && g.alternation) {
        return 'it repeats an alternation (use a character class)';
      }
      if (g.quantified && stack.length) {
        stack[stack.length - 1].quantified = true;
      }
    } else if (c === '*' || c === '+' || (c === '{' && /^\{\d+(?:,\d*)?\}/.test(source.slice(i)))) {
      if (stack.length) {
        stack[stack.length - 1].quantified = true;
      }
    }
  }
  return stack.length ? 'it has an unbalanced (' : undefined;
}

/**
 * The user's extra patterns (setting `runbooks.redaction.patterns`), compiled: a leading `(?i)` makes one
 * case-insensitive. Invalid or possibly slow patterns are refused with a reason; the rest still apply.
 */
export function compilePatterns(sources: readonly unknown[]): CompiledPatterns {
  const patterns: RegExp[] = [];
  const problems: string[] = [];
  for (const s of sources.slice(0, 100)) {
    if (typeof s !== 'string' || !s) {
      problems.push(`redaction pattern ${JSON.stringify(s)} ignored: not a non-empty string`);
      continue;
    }
    const insensitive = s.startsWith('(?i)');
    const source = insensitive ? s.slice(4) : s;
    const unsafe = unsafePattern(source);
    if (unsafe) {
      problems.push(`redaction pattern /${s}/ ignored: ${unsafe}, which could take too long on long output`);
      continue;
    }
    try {
      patterns.push(new RegExp(source, insensitive ? 'gi' : 'g'));
    } catch (e) {
      problems.push(`redaction pattern /${s}/ ignored: ${(e as Error).message}`);
    }
  }
  return { patterns, problems };
}
