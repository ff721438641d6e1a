// Include/exclude globs, matched against `/`-separated paths relative to a root.
import picomatch from 'picomatch';

/**
 * Runbook folders and files by the names real repositories give them: `runbooks/` and `playbooks/` folders (also
 * `docs/runbooks/`), `*.runbook.md`, one `runbook.md` / `playbook.md` beside a mixin's rules, and
 * `alerts/<component>/<Alert>.md` collections. Markdown files that rule files point at are runbooks too, whatever
 * the globs say (see the CLI's discovery).
 */
export const DEFAULT_INCLUDE: readonly string[] = [
  '**/runbooks/**/*.md',
  '**/*.runbook.md',
  '**/playbooks/**/*.md',
  '**/{runbook,runbooks,playbook,playbooks}.md',
  '**/alerts/**/*.md',
];
export const DEFAULT_EXCLUDE: readonly string[] = ['**/node_modules/**', '**/.git/**'];
/** Any YAML file may hold Prometheus alerting rules; `looksLikeRuleFile` decides cheaply before parsing. */
export const DEFAULT_RULES_INCLUDE: readonly string[] = ['**/*.{yml,yaml}'];

/** Static-site scaffolding (Hugo section pages), never a runbook whatever the settings say. */
function isScaffolding(relativePath: string): boolean {
  return relativePath === '_index.md' || relativePath.endsWith('/_index.md');
}

export interface PathMatcher {
  /** Is this file a runbook? */
  matches(relativePath: string): boolean;
  /** Can this directory be skipped entirely? */
  excludesDirectory(relativePath: string): boolean;
}

export function createMatcher(include: readonly string[] = DEFAULT_INCLUDE, exclude: readonly string[] = DEFAULT_EXCLUDE): PathMatcher {
  const opts = { dot: true, nocase: false };
  const inc = include.length ? picomatch([...include], opts) : () => false;
  const exc = exclude.length ? picomatch([...exclude], opts) : () => false;
  return {
    // A file inside an excluded directory is excluded too, as discovery never enters that directory.
    matches: (p) => inc(p) && !exc(p) && !isScaffolding(p) && !inExcludedDirectory(p, exc),
    // A directory is excluded when a pattern matches the directory itself or everything inside it.
    excludesDirectory: (p) => exc(p) || exc(`${p}/\u0000`),
  };
}

/**
 * Also try each path as seen from the root's parent, so that a root which is itself a runbook folder (a workspace
 * opened on `runbooks/`, or `cd runbooks && runbook index`) matches the default `runbooks` glob as it would from above.
 */
export function rootedAt(matcher: PathMatcher, rootName: string): PathMatcher {
  if (!rootName) {
    return matcher;
  }
  return {
    matches: (p) => matcher.matches(p) || matcher.matches(`${rootName}/${p}`),
    excludesDirectory: (p) => matcher.excludesDirectory(p),
  };
}

function inExcludedDirectory(relativePath: string, exc: (p: string) => boolean): boolean {
  for (let i = relativePath.indexOf('/'); i !== -1; i = relativePath.indexOf('/', i + 1)) {
    if (exc(relativePath.slice(0, i))) {
      return true;
    }
  }
  return false;
}

/** Simple alert globs: `*` any run of characters, `?` one character. */
export function isAlertGlob(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

export function alertGlobToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/**
 * `glob` with its `{a,b}` groups expanded (innermost first), at most about 256 globs (a setting is hostile input).
 * For matchers that do not nest braces (VS Code's findFiles matches nothing for a brace group inside another).
 */
export function expandBraces(glob: string, budget = { left: 256 }): string[] {
  const m = /\{([^{}]*)\}/.exec(glob);
  if (!m || budget.left <= 0) {
    return [glob];
  }
  const out: string[] = [];
  for (const alt of m[1].split(',')) {
    if (budget.left <= 0) {
      break;
    }
    const next = glob.slice(0, m.index) + alt + glob.slice(m.index + m[0].length);
    const expanded = expandBraces(next, budget);
    budget.left -= expanded.length > 1 ? 0 : 1;
    out.push(...expanded);
  }
  return [...new Set(out)]; // innermost first: `{a,b{c,d}}` gives `{a,bc}` and `{a,bd}`, so `a` twice
}
