// Regular expressions that come from repository content or settings (lint options, dangerous-command patterns) run
// on a linear-time engine, RE2JS (a JavaScript port of RE2), never on JavaScript's backtracking one: `^(a+)+$` on a
// long line of `a`s takes as long as `^a+$`. Patterns RE2 cannot run in linear time (backreferences, lookaheads) are
// refused with a problem that says why, never run. JavaScript syntax is accepted (`\u0041`, `(?<name>…)`, `[^]`), and
// so are lookbehinds without captures (linear in RE2JS too).
import type { RE2JS as RE2JSClass } from 're2js';

/** A user pattern that compiled: it runs in time linear in the text (times the pattern's size). */
export interface SafePattern {
  readonly ok: true;
  readonly source: string;
  /** Does the pattern match anywhere in `text`? */
  test(text: string): boolean;
  /** The leftmost match (as JavaScript's `exec` would find it): its offset in `text` (UTF-16) and its text. */
  exec(text: string): { readonly index: number; readonly text: string } | undefined;
}

/** A user pattern that is refused: `problem` says why, for a message that also names where the pattern is. */
export interface RejectedPattern {
  readonly ok: false;
  readonly source: string;
  readonly problem: string;
}

export type UserPattern = SafePattern | RejectedPattern;

/** Longer patterns are refused (the match costs text length × pattern size). */
export const MAX_PATTERN_LENGTH = 2000;

type Engine = typeof RE2JSClass;
let engine: Engine | undefined;

/**
 * RE2JS, loaded on first use: 150 KB that activation should not pay for when no workspace sets a pattern.
 * (`require` of a package, not I/O: the core stays free of Node built-ins; esbuild bundles it, lazily initialised.)
 */
function re2(): Engine {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  engine ??= (require('re2js') as { RE2JS: Engine }).RE2JS;
  return engine;
}

/** What RE2 cannot do in linear time, found before compiling (with a message a person can act on). */
function unsupported(source: string): string | undefined {
  // Outside character classes: `(?=`, `(?!`, `\1`…`\9`, `\k<name>`.
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const n = source[i + 1];
      if (!inClass && n !== undefined && n >= '1' && n <= '9') {
        return `backreferences (\`\\${n}\`) are not supported: they can take exponential time`;
      }
      if (!inClass && n === 'k' && source[i + 2] === '<') {
        return 'backreferences (`\\k<name>`) are not supported: they can take exponential time';
      }
      i++;
    } else if (inClass) {
      if (c === ']') {
        inClass = false;
      }
    } else if (c === '[') {
      inClass = true;
      if (source[i + 1] === '^') {
        i++;
      }
      if (source[i + 1] === ']') {
        i++; // `[]]`… as RE2 reads it; JavaScript's `[]` matches nothing and `[^]` anything (translated below)
      }
    } else if (c === '(' && source[i + 1] === '?' && (source[i + 2] === '=' || source[i + 2] === '!')) {
      return `lookaheads (\`(?${source[i + 2]}…)\`) are not supported: match what follows instead, e.g. \`(?:\\s|$)\` for \`(?=\\s|$)\``;
    }
  }
  return undefined;
}

/**
 * Compile a user-supplied pattern (JavaScript syntax) to run in linear time. `flags`: any of `i` (ignore case),
 * `m` (`^`/`$` at line breaks), `s` (`.` matches line breaks); `g`, `y`, `u` and `d` are accepted and ignored (there
 * is one match per call, and strings are matched as Unicode anyway). Never throws.
 */
export function compileUserPattern(source: string, flags = ''): UserPattern {
  const reject = (problem: string): RejectedPattern => ({ ok: false, source, problem });
  if (typeof source !== 'string' || source === '') {
    return reject('the pattern is empty');
  }
  if (source.length > MAX_PATTERN_LENGTH) {
    return reject(`the pattern is longer than ${MAX_PATTERN_LENGTH} characters`);
  }
  const bad = [...flags].find((f) => !'imsguyd'.includes(f));
  if (bad !== undefined) {
    return reject(`unknown flag "${bad}"`);
  }
  const why = unsupported(source);
  if (why) {
    return reject(why);
  }
  // JavaScript's own check first: a pattern JavaScript refuses is refused with JavaScript's message.
  try {
    new RegExp(source, flags.includes('u') ? 'u' : '');
  } catch (e) {
    return reject(`not a valid regular expression: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`);
  }
  const RE2JS = re2();
  let flagBits = RE2JS.LOOKBEHINDS;
  if (flags.includes('i')) {
    flagBits |= RE2JS.CASE_INSENSITIVE;
  }
  if (flags.includes('m')) {
    flagBits |= RE2JS.MULTILINE;
  }
  if (flags.includes('s')) {
    flagBits |= RE2JS.DOTALL;
  }
  let re: RE2JSClass;
  try {
    re = RE2JS.compile(RE2JS.translateRegExp(source), flagBits);
  } catch (e) {
    const message = (e as Error).message.replace(/^error parsing regexp: /, '');
    return reject(`not supported by the linear-time engine (RE2): ${message}`);
  }
  return {
    ok: true,
    source,
    test: (text) => re.test(text),
    exec: (text) => {
      const m = re.exec(text) as (string[] & { index: number }) | null;
      return m ? { index: m.index, text: m[0] } : undefined;
    },
  };
}
