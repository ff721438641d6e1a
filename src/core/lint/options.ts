// Reading a rule's options (defaults merged with configuration): strings, lists, maps, and lists of patterns that a
// configuration cannot make run in exponential time.
import { compileUserPattern } from '../safeRegex';

export function stringOption(options: Readonly<Record<string, unknown>>, key: string, fallback: string): string {
  const v = options[key];
  return typeof v === 'string' && v.trim() ? v.trim() : fallback;
}

/** Something that finds a pattern's leftmost match in a text. */
export interface PatternMatcher {
  exec(text: string): { readonly index: number; readonly text: string } | undefined;
}

/**
 * A list option of regular expressions (case-insensitive), compiled: the rule's own defaults with JavaScript's
 * engine (they are ours, and reviewed), any other pattern on the linear-time engine, so that a configuration cannot
 * make linting take exponential time. Patterns it refuses are left out (loading the configuration reports them).
 */
export function patternListOption(options: Readonly<Record<string, unknown>>, key: string, defaults: readonly string[]): PatternMatcher[] {
  const builtIn = new Set(defaults);
  const out: PatternMatcher[] = [];
  for (const source of stringListOption(options, key, defaults)) {
    if (builtIn.has(source)) {
      let re: RegExp;
      try {
        re = new RegExp(source, 'i');
      } catch {
        continue;
      }
      out.push({ exec: (text) => {
        for (const [offset, window] of windows(text)) {
          const m = re.exec(window);
          if (m) {
            return { index: offset + m.index, text: m[0] };
          }
        }
        return undefined;
      } });
    } else {
      const compiled = compileUserPattern(source, 'i');
      if (compiled.ok) {
        out.push(compiled);
      }
    }
  }
  return out;
}

/** Built-in patterns see long lines in windows of this many characters… */
export const WINDOW = 4096;
/** …overlapping by this many, so a command shorter than it is found wherever it is. */
export const OVERLAP = 512;

/**
 * A line as overlapping windows (one for lines up to WINDOW long). JavaScript's engine backtracks, and the built-in
 * patterns' cost grows with the square of what they are given (a 240 KB line took seconds); in windows, it grows
 * linearly with the line. A window's edges may look like `$` or `\b` to a pattern: that errs on the side of asking.
 */
export function* windows(text: string): Generator<[number, string]> {
  if (text.length <= WINDOW) {
    yield [0, text];
    return;
  }
  for (let start = 0; ; start += WINDOW - OVERLAP) {
    yield [start, text.slice(start, start + WINDOW)];
    if (start + WINDOW >= text.length) {
      return;
    }
  }
}

export function stringListOption(options: Readonly<Record<string, unknown>>, key: string, fallback: readonly string[]): string[] {
  const v = options[key];
  if (Array.isArray(v)) {
    return v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim());
  }
  return [...fallback];
}

/** `{ Diagnosis: ["Investigation"] }`; anything malformed is left out. */
export function stringListMapOption(
  options: Readonly<Record<string, unknown>>,
  key: string,
  fallback: Readonly<Record<string, readonly string[]>>,
): Record<string, string[]> {
  const v = options[key];
  const out: Record<string, string[]> = {};
  const source = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : fallback;
  for (const [k, list] of Object.entries(source)) {
    if (Array.isArray(list)) {
      out[k] = list.filter((x): x is string => typeof x === 'string');
    } else if (typeof list === 'string') {
      out[k] = [list];
    }
  }
  return out;
}
