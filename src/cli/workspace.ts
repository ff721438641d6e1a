// Load what the commands work on: runbooks and Prometheus rule files under the paths given, the workspace root,
// its settings and the URL mappings.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { UrlMapping } from '../core/alerts/model';
import type { ResolveContext } from '../core/alerts/resolve';
import { DEFAULT_ANNOTATION_KEYS, looksLikeRuleFile, RuleIndex } from '../core/alerts/rules';
import { discoverRunbooks, isWithin } from '../core/discover';
import { createMatcher, DEFAULT_RULES_INCLUDE, rootedAt, type PathMatcher } from '../core/glob';
import { indexFiles, RunbookIndex } from '../core/runbookIndex';
import { decodeText } from '../core/text';
import { UsageError } from './io';
import { nodeFileSystem, toCorePath } from './nodeFileSystem';
import { readWorkspaceSettings } from './settings';


/** Rule files larger than this are generated bundles, not something to link from: skipped. */
const MAX_RULE_FILE_BYTES = 2 * 1024 * 1024;

export interface LoadOptions {
  readonly cwd: string;
  /** Files and folders to look in, relative to cwd (default: the root). */
  readonly paths: readonly string[];
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  /** `--rules` globs, or undefined for the settings' or the default ones. */
  readonly rules: readonly string[] | undefined;
  /** `--map prefix=folder` arguments. */
  readonly maps: readonly string[];
  /** `--root`, relative to cwd (default: cwd). */
  readonly root: string | undefined;
}

export interface Loaded {
  readonly index: RunbookIndex;
  readonly rules: RuleIndex;
  readonly context: ResolveContext;
  /** A path as the output shows it: relative to the current directory. */
  readonly rel: (p: string) => string;
}

export async function loadWorkspace(opts: LoadOptions): Promise<Loaded> {
  const { cwd } = opts;
  const rootDir = path.resolve(cwd, opts.root ?? '.');
  if (!(await isDirectory(rootDir))) {
    throw new UsageError(`no such directory: ${opts.root ?? rootDir}`);
  }
  const settings = await readWorkspaceSettings(rootDir);
  const mappings: UrlMapping[] = [...opts.maps.map(parseMap), ...(settings.urlMappings ?? [])];
  const rules = new RuleIndex(settings.annotationKeys?.length ? settings.annotationKeys : DEFAULT_ANNOTATION_KEYS);
  const runbookMatcher = createMatcher(opts.include, opts.exclude);
  const ruleMatcher = createMatcher(opts.rules ?? settings.rulesInclude ?? DEFAULT_RULES_INCLUDE, opts.exclude);

  const runbookFiles = new Set<string>();
  const ruleFiles = new Set<string>();
  const roots = [toCorePath(rootDir)];
  // Symbolic links are followed only to files inside the workspace: `--root`, else the repository around it.
  const boundary = toCorePath(opts.root !== undefined ? rootDir : await repositoryRoot(rootDir));
  for (const p of opts.paths.length ? opts.paths : [path.relative(cwd, rootDir) || '.']) {
    const abs = path.resolve(cwd, p);
    let stat;
    try {
      stat = await fs.stat(abs);
    } catch {
      throw new UsageError(`no such file or directory: ${p}`);
    }
    if (stat.isDirectory()) {
      const dir = toCorePath(abs);
      if (!roots.some((r) => dir === r || dir.startsWith(`${r}/`))) {
        roots.push(dir);
      }
      const rb = underDirectory(runbookMatcher, cwd, abs);
      const rl = underDirectory(ruleMatcher, cwd, abs);
      // One walk for both kinds of file.
      const both: PathMatcher = {
        matches: (r) => rb.matches(r) || rl.matches(r),
        excludesDirectory: (r) => rb.excludesDirectory(r) && rl.excludesDirectory(r),
      };
      const within = isWithin(dir, boundary) ? boundary : dir; // a folder named outside it: its own tree
      for (const f of await discoverRunbooks(nodeFileSystem, dir, both, { within })) {
        const r = f.slice(dir.length + 1);
        if (rb.matches(r)) {
          runbookFiles.add(f);
        } else {
          ruleFiles.add(f);
        }
      }
    } else if (/\.(?:ya?ml|json)$/i.test(abs)) {
      ruleFiles.add(toCorePath(abs)); // a rule file named on the command line
    } else {
      runbookFiles.add(toCorePath(abs)); // a file named on the command line is always indexed
    }
  }

  const candidates = [...ruleFiles].sort();
  let next = 0;
  const reader = async () => {
    while (next < candidates.length) {
      const f = candidates[next++];
      const text = await readRuleCandidate(f);
      if (text !== undefined && looksLikeRuleFile(text)) {
        rules.set(f, text);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(16, candidates.length) }, reader));
  const index = new RunbookIndex();
  await indexFiles(index, nodeFileSystem, [...runbookFiles].sort());
  const base = toCorePath(cwd);
  const rel = (p: string) => (p.startsWith(`${base}/`) ? p.slice(base.length + 1) : p === base ? '.' : path.relative(cwd, p).split(path.sep).join('/'));
  return { index, rules, context: { runbooks: index, rules, mappings, roots }, rel };
}

/** The git repository around `cwd` (the nearest folder at or above it with a `.git`), else `cwd`. */
export async function repositoryRoot(cwd: string): Promise<string> {
  let dir = path.resolve(cwd);
  for (;;) {
    try {
      await fs.stat(path.join(dir, '.git'));
      return dir;
    } catch {
      // keep looking
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      return path.resolve(cwd);
    }
    dir = parent;
  }
}

async function readRuleCandidate(file: string): Promise<string | undefined> {
  try {
    const st = await fs.stat(file);
    if (st.size > MAX_RULE_FILE_BYTES) {
      return undefined;
    }
    const decoded = decodeText(await fs.readFile(file));
    return 'text' in decoded ? decoded.text : undefined;
  } catch {
    return undefined; // gone or unreadable: not a rule file we can use
  }
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/** `--map https://runbooks.example.com/runbooks/=runbooks`: the URL prefix, then the folder after the last `=`. */
function parseMap(arg: string): UrlMapping {
  const eq = arg.lastIndexOf('=');
  const prefix = eq === -1 ? '' : arg.slice(0, eq).trim();
  if (!prefix) {
    throw new UsageError(`--map needs <url-prefix>=<folder>, got '${arg}'`);
  }
  return { prefix, folder: arg.slice(eq + 1).trim() };
}

/**
 * The globs match paths as the output shows them, relative to the current directory (without leading `../`), so
 * `runbook index runbooks` finds `runbooks/disk.md` with the default globs, as `runbook index .` does.
 */
export function underDirectory(matcher: PathMatcher, cwd: string, dir: string): PathMatcher {
  const prefix = path.relative(cwd, dir).split(path.sep).join('/').replace(/^(\.\.(\/|$))+/, '');
  if (!prefix) {
    return rootedAt(matcher, path.basename(dir));
  }
  return {
    matches: (p) => matcher.matches(`${prefix}/${p}`),
    excludesDirectory: (p) => matcher.excludesDirectory(`${prefix}/${p}`),
  };
}
