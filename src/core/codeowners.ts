// CODEOWNERS (GitHub, GitLab, Bitbucket): `pattern owner…` lines, `#` comments, the LAST matching pattern wins, and
// a pattern with no owners leaves the path unowned. Patterns are gitignore-like: a leading `/` or a `/` inside
// anchors to the repository root, otherwise the pattern matches at any depth; `*` and `?` stay within one path
// segment, `**` crosses them; a pattern naming a directory (`docs/`, `/build/logs`) owns everything under it, but
// one ending in a wildcard segment (`docs/*`) owns only what that segment matches (GitHub's documented reading).
// Not supported (as on GitHub): `!` negation, `[…]` ranges; GitLab `[Section]` headers are skipped and their rules
// read as one list. Repository content: the text and the rule count are capped, and every pattern runs on the
// linear-time engine (src/core/safeRegex.ts), so a hostile pattern cannot cost more than its size.
import { compileUserPattern, type SafePattern } from './safeRegex';

/** The places a repository keeps the file, in the order GitHub looks (the first one present is used). */
export const CODEOWNERS_PATHS: readonly string[] = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'];
/** Larger files are not read (GitHub's own limit is 3 MB; a runbook repository's is a few KB). */
export const MAX_CODEOWNERS_BYTES = 512 * 1024;
export const MAX_CODEOWNERS_RULES = 5000;
const MAX_PATTERN = 500;

export interface CodeownersRule {
  readonly pattern: string;
  readonly owners: readonly string[];
  readonly line: number;
  readonly re: SafePattern;
}

export interface Codeowners {
  readonly rules: readonly CodeownersRule[];
  /** Lines that were skipped, and why (0-based line). */
  readonly problems: readonly { readonly line: number; readonly message: string }[];
}

export function parseCodeowners(text: string): Codeowners {
  const rules: CodeownersRule[] = [];
  const problems: { line: number; message: string }[] = [];
  if (text.length > MAX_CODEOWNERS_BYTES) {
    problems.push({ line: 0, message: `CODEOWNERS is larger than ${MAX_CODEOWNERS_BYTES} bytes: not read` });
    return { rules, problems };
  }
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = stripComment(lines[i]).trim();
    if (!line || /^\^?\[[^\]]*\]/.test(line)) {
      continue; // blank, comment, GitLab section header
    }
    if (rules.length >= MAX_CODEOWNERS_RULES) {
      problems.push({ line: i, message: `more than ${MAX_CODEOWNERS_RULES} rules: the rest is ignored` });
      break;
    }
    const [raw, ...owners] = line.split(/(?<!\\)[ \t]+/);
    const pattern = raw.replace(/\\(.)/g, '$1');
    if (pattern.startsWith('!') || pattern.length > MAX_PATTERN) {
      problems.push({ line: i, message: pattern.startsWith('!') ? `negated pattern "${pattern}" is not supported in CODEOWNERS` : 'pattern too long' });
      continue;
    }
    const re = compileUserPattern(toRegExp(pattern));
    if (!re.ok) {
      problems.push({ line: i, message: `pattern "${pattern}": ${re.problem}` });
      continue;
    }
    rules.push({ pattern, owners, line: i, re });
  }
  return { rules, problems };
}

/** The owners of `relativePath` (`/`-separated, from the repository root): the last matching rule's, else none. */
export function ownersOf(codeowners: Codeowners, relativePath: string): readonly string[] {
  const path = relativePath.replace(/^\/+/, '');
  for (let i = codeowners.rules.length - 1; i >= 0; i--) {
    if (codeowners.rules[i].re.test(path)) {
      return codeowners.rules[i].owners;
    }
  }
  return [];
}

function stripComment(line: string): string {
  const m = /(^|[^\\])#/.exec(line);
  return m ? line.slice(0, m.index + m[1].length) : line;
}

/** A CODEOWNERS pattern as an anchored regular expression over a relative path. */
function toRegExp(pattern: string): string {
  let p = pattern;
  const dirOnly = p.endsWith('/');
  p = p.replace(/\/+$/, '');
  const anchored = p.startsWith('/') || p.includes('/');
  p = p.replace(/^\/+/, '');
  if (p === '' || p === '**') {
    return '^.*$';
  }
  const segments = p.split('/');
  const last = segments[segments.length - 1];
  let body = '';
  segments.forEach((seg, i) => {
    const sep = i < segments.length - 1 ? '/' : '';
    if (seg === '**') {
      body += i < segments.length - 1 ? '(?:[^/]+/)*' : '.*';
      return;
    }
    body += seg.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*+/g, '[^/]*').replace(/\?/g, '[^/]') + sep;
  });
  const prefix = anchored ? '^' : '^(?:.*/)?';
  // A directory owns its contents; a wildcard last segment (`docs/*`, `*.md`) matches only itself.
  const under = dirOnly || !/[*?]/.test(last) ? '(?:/.*)?' : '';
  return `${prefix}${body}${dirOnly ? '(?:/.*)' : under}$`;
}
