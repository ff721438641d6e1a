// Load what the commands work on: runbooks and Prometheus rule files under the paths given, the workspace root,
// its settings and the URL mappings.
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { UrlMapping } from '../core/alerts/model';
import { AlertResolver, type ResolveContext } from '../core/alerts/resolver';
import { DEFAULT_ANNOTATION_KEYS, parseRuleFile, RuleIndex } from '../core/alerts/rules';
import { loadRuleFile } from '../core/alerts/ruleFiles';
import { discoverRunbooks, isMarkdownPath, looksLikeRunbook, MARKDOWN_GLOBS } from '../core/discover';
import { isWithin } from '../core/paths';
import { createMatcher, DEFAULT_EXCLUDE, DEFAULT_INCLUDE, DEFAULT_RULES_INCLUDE, rootedAt, type PathMatcher } from '../core/glob';
import type { Runbook } from '../core/model';
import { parseRunbook } from '../core/parse';
import { indexFiles, RunbookIndex, type RunbookEntry } from '../core/runbookIndex';
import { decodeText } from '../core/text';
import { UsageError } from './io';
import { nodeFileSystem, toCorePath } from './nodeFileSystem';
import { MIN_CACHED_BYTES, RuleCache, ruleCacheDirectory } from './ruleCache';
import { readWorkspaceSettings } from './settings';

export interface LoadOptions {
  readonly cwd: string;
  /** Files and folders to look in, relative to cwd (default: the root). */
  readonly paths: readonly string[];
  /** `--include` globs, or undefined for `runbooks.include` of the settings, else the defaults. */
  readonly include: readonly string[] | undefined;
  /** `--exclude` globs, or undefined for `runbooks.exclude` of the settings, else the defaults. */
  readonly exclude: readonly string[] | undefined;
  /** `--rules` globs, or undefined for the settings' or the default ones. */
  readonly rules: readonly string[] | undefined;
  /** `--map prefix=folder` arguments. */
  readonly maps: readonly string[];
  /** `--root`, relative to cwd (default: cwd). */
  readonly root: string | undefined;
  /** Keep each runbook's text and full parse for a second pass over them (`runbook lint`): see ParsedRunbookIndex. */
  readonly keepParsed?: boolean;
  /** Where parsed rule files are kept between runs (src/cli/ruleCache.ts); default: the bundled CLI's, per user. */
  readonly ruleCache?: { readonly dir: string | undefined; readonly build: string };
}

/** Defined by scripts/build.mjs in the CLI bundle: which build parsed a cached rule file. */
declare const RUNBOOK_BUILD: string | undefined;

/** The bundled CLI's rule cache; none when run from the compiled sources (the tests say where theirs is). */
function defaultRuleCache(): LoadOptions['ruleCache'] {
  return typeof RUNBOOK_BUILD === 'string' ? { dir: ruleCacheDirectory(process.env), build: RUNBOOK_BUILD } : undefined;
}

/** Text kept by ParsedRunbookIndex, in all (UTF-16 code units); past it, a runbook is read and parsed again. */
const MAX_KEPT_CHARS = 64 * 1024 * 1024;

/**
 * A runbook index that also keeps each runbook's text and parse (links included), so that `runbook lint` does not
 * read and parse every file a second time. The index's entries are the same as a plain index's: its blocks-only
 * parse gives the same model without the links (test/unit/core/parse.test.ts).
 */
export class ParsedRunbookIndex extends RunbookIndex {
  private readonly kept = new Map<string, { readonly text: string; readonly runbook: Runbook }>();
  private keptChars = 0;

  constructor(private readonly maxKeptChars = MAX_KEPT_CHARS) {
    super();
  }

  override set(path: string, content: string | Uint8Array): RunbookEntry | undefined {
    this.forget(path);
    const text = this.textOf(path, content);
    if (text === undefined) {
      return undefined;
    }
    const runbook = parseRunbook(path, text);
    if (this.keptChars + text.length <= this.maxKeptChars) {
      this.kept.set(path, { text, runbook });
      this.keptChars += text.length;
    }
    return this.setRunbook(runbook);
  }

  /** The text and parse of an indexed runbook, once: the caller takes them (and the memory goes with them). */
  take(path: string): { readonly text: string; readonly runbook: Runbook } | undefined {
    const k = this.has(path) ? this.kept.get(path) : undefined;
    this.forget(path);
    return k;
  }

  private forget(path: string): void {
    const k = this.kept.get(path);
    if (k) {
      this.kept.delete(path);
      this.keptChars -= k.text.length;
    }
  }
}

/** How the runbooks were found, for the messages that say so. */
export interface Discovery {
  /** The include globs used, and where they came from. */
  readonly include: readonly string[];
  readonly includeFrom: '--include' | 'runbooks.include' | 'default';
  readonly exclude: readonly string[];
  /** Runbooks matched by the globs (or found in a folder named on the command line). */
  readonly globbed: number;
  /** Markdown files that rule files point at (runbook_url / runbook, or named after an alert), not matched by a glob. */
  readonly referenced: number;
  /** Nothing else found: markdown files that look like runbooks (fenced shell steps, `alerts:` front matter). */
  readonly fallback: number;
  /** Markdown files seen that are not runbooks. */
  readonly otherMarkdown: number;
}

export interface Loaded {
  readonly index: RunbookIndex;
  readonly rules: RuleIndex;
  readonly context: ResolveContext;
  /** The resolver over `context`, for the command's queries (one per command run). */
  readonly resolver: AlertResolver;
  /** A path as the output shows it: relative to the current directory. */
  readonly rel: (p: string) => string;
  readonly discovery: Discovery;
}

/** At most this many markdown files are read to look for runbooks when no glob matches (largest repositories: docs). */
const MAX_FALLBACK_FILES = 20_000;
const MAX_FALLBACK_BYTES = 1024 * 1024;

export async function loadWorkspace(opts: LoadOptions): Promise<Loaded> {
  const { cwd } = opts;
  const rootDir = path.resolve(cwd, opts.root ?? '.');
  if (!isDirectory(rootDir)) {
    throw new UsageError(`no such directory: ${opts.root ?? rootDir}`);
  }
  const settings = await readWorkspaceSettings(rootDir);
  const mappings: UrlMapping[] = [...opts.maps.map(parseMap), ...(settings.urlMappings ?? [])];
  const rules = new RuleIndex(settings.annotationKeys?.length ? settings.annotationKeys : DEFAULT_ANNOTATION_KEYS);
  const include = opts.include ?? settings.include ?? DEFAULT_INCLUDE;
  const includeFrom: Discovery['includeFrom'] = opts.include ? '--include' : settings.include ? 'runbooks.include' : 'default';
  const exclude = opts.exclude ?? settings.exclude ?? DEFAULT_EXCLUDE;
  const ruleMatcher = createMatcher(opts.rules ?? settings.rulesInclude ?? DEFAULT_RULES_INCLUDE, exclude);

  const runbookFiles = new Set<string>();
  const ruleFiles = new Set<string>();
  const markdown = new Set<string>();
  const roots = [toCorePath(rootDir)];
  // Symbolic links are followed only to files inside the workspace: `--root`, else the repository around it.
  const boundary = toCorePath(opts.root !== undefined ? rootDir : await repositoryRoot(rootDir));
  let searchedWholeRoot = false;
  for (const p of opts.paths.length ? opts.paths : [path.relative(cwd, rootDir) || '.']) {
    const abs = path.resolve(cwd, p);
    let stat;
    try {
      stat = statSync(abs);
    } catch {
      throw new UsageError(`no such file or directory: ${p}`);
    }
    if (stat.isDirectory()) {
      const dir = toCorePath(abs);
      if (!roots.some((r) => dir === r || dir.startsWith(`${r}/`))) {
        roots.push(dir);
      }
      // The root, or a folder above it, is searched as the root is; any other folder named is searched for markdown.
      const whole = path.resolve(abs) === rootDir || rootDir.startsWith(`${path.resolve(abs)}${path.sep}`);
      searchedWholeRoot ||= whole;
      const rb = runbookMatcherFor({ cwd, dir: abs, named: !whole, include, includeGiven: opts.include !== undefined, exclude });
      const rl = underDirectory(ruleMatcher, cwd, abs);
      const md = createMatcher(MARKDOWN_GLOBS, exclude);
      // One walk for every kind of file.
      const all: PathMatcher = {
        matches: (r) => rb.matches(r) || rl.matches(r) || md.matches(r),
        excludesDirectory: (r) => rb.excludesDirectory(r) && rl.excludesDirectory(r),
      };
      const within = isWithin(dir, boundary) ? boundary : dir; // a folder named outside it: its own tree
      for (const f of await discoverRunbooks(nodeFileSystem, dir, all, { within })) {
        const r = f.slice(dir.length + 1);
        if (rb.matches(r)) {
          runbookFiles.add(f);
        } else if (rl.matches(r)) {
          ruleFiles.add(f);
        } else if (isMarkdownPath(r)) {
          markdown.add(f);
        }
      }
    } else if (/\.(?:ya?ml|json)$/i.test(abs)) {
      ruleFiles.add(toCorePath(abs)); // a rule file named on the command line
    } else {
      runbookFiles.add(toCorePath(abs)); // a file named on the command line is always indexed
    }
  }
  const globbed = runbookFiles.size;

  const parser = ruleParser(rules, opts.ruleCache === undefined ? defaultRuleCache() : opts.ruleCache, rootDir);
  for (const f of [...ruleFiles].sort()) {
    const text = await readRuleCandidate(f, rules, opts.paths.some((p) => path.resolve(cwd, p) === path.resolve(f)));
    if (text !== undefined) {
      parser.add(f, text);
    }
  }
  parser.done();

  // Markdown files the rules point at are runbooks, whatever the globs say.
  let referenced = 0;
  for (const f of referencedMarkdown(rules, [...markdown], mappings, roots)) {
    markdown.delete(f);
    runbookFiles.add(f);
    referenced++;
  }
  // Nothing at all: the repository may be the runbook collection itself, laid out as no glob expects.
  let fallback = 0;
  if (runbookFiles.size === 0 && searchedWholeRoot && markdown.size) {
    for (const f of [...markdown].sort().slice(0, MAX_FALLBACK_FILES).filter(looksLikeRunbookFile)) {
      markdown.delete(f);
      runbookFiles.add(f);
      fallback++;
    }
  }

  const index = opts.keepParsed ? new ParsedRunbookIndex() : new RunbookIndex();
  await indexFiles(index, nodeFileSystem, [...runbookFiles].sort());
  const base = toCorePath(cwd);
  const context: ResolveContext = { runbooks: index, rules, mappings, roots };
  const rel = (p: string) => (p.startsWith(`${base}/`) ? p.slice(base.length + 1) : p === base ? '.' : path.relative(cwd, p).split(path.sep).join('/'));
  return {
    index,
    rules,
    context,
    resolver: new AlertResolver(context),
    rel,
    discovery: { include, includeFrom, exclude, globbed, referenced, fallback, otherMarkdown: markdown.size },
  };
}

/**
 * Parses rule files into `rules` as they are read, through the rule cache once there is enough to parse for it to pay
 * (it costs loading `crypto` and the cache file): until then, at most MIN_CACHED_BYTES of texts wait.
 */
function ruleParser(rules: RuleIndex, where: LoadOptions['ruleCache'], root: string): { add(file: string, text: string): void; done(): void } {
  const parse = (f: string, text: string) => parseRuleFile(f, text, rules.annotationKeys);
  let waiting: [string, string][] = [];
  let waitingBytes = 0;
  let cache: RuleCache | undefined;
  const put = (f: string, text: string) => rules.setParsed(f, cache ? cache.parse(f, text, parse) : parse(f, text));
  const flush = () => {
    for (const [f, text] of waiting) {
      put(f, text);
    }
    waiting = [];
  };
  return {
    add(f, text) {
      if (cache || !where?.dir) {
        put(f, text);
        return;
      }
      waiting.push([f, text]);
      waitingBytes += text.length;
      if (waitingBytes >= MIN_CACHED_BYTES) {
        cache = RuleCache.open({ dir: where.dir, build: where.build, root: toCorePath(root), annotationKeys: rules.annotationKeys });
        flush();
      }
    },
    done() {
      flush();
      cache?.save();
    },
  };
}

/** The git repository around `cwd` (the nearest folder at or above it with a `.git`), else `cwd`. */
export async function repositoryRoot(cwd: string): Promise<string> {
  let dir = path.resolve(cwd);
  for (;;) {
    try {
      if (statSync(path.join(dir, '.git'), { throwIfNoEntry: false })) {
        return dir;
      }
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

/**
 * Which files under `dir` are runbooks. A folder named on the command line (not the root) is searched for markdown,
 * unless `--include` is given; include globs match paths relative to the current directory (as the output shows
 * them) or relative to the folder named.
 */
export function runbookMatcherFor(o: { cwd: string; dir: string; named: boolean; include: readonly string[]; includeGiven: boolean; exclude: readonly string[] }): PathMatcher {
  if (o.named && !o.includeGiven) {
    // Excludes match relative to the current directory (as the output shows paths) and to the folder named.
    const md = createMatcher(MARKDOWN_GLOBS, o.exclude);
    const mdFromCwd = underDirectory(md, o.cwd, o.dir);
    return {
      matches: (r) => md.matches(r) && mdFromCwd.matches(r) && isMarkdownPath(r),
      excludesDirectory: (r) => md.excludesDirectory(r) || mdFromCwd.excludesDirectory(r),
    };
  }
  const matcher = createMatcher(o.include, o.exclude);
  const fromCwd = underDirectory(matcher, o.cwd, o.dir);
  if (!o.named) {
    return fromCwd;
  }
  return {
    matches: (r) => fromCwd.matches(r) || matcher.matches(r),
    excludesDirectory: (r) => fromCwd.excludesDirectory(r) && matcher.excludesDirectory(r),
  };
}

/**
 * Markdown files (not yet runbooks) that the rules' runbook_urls name (a label template matches any value), or that
 * are named exactly after an alert of the rules.
 */
function referencedMarkdown(rules: RuleIndex, markdown: readonly string[], mappings: readonly UrlMapping[], roots: readonly string[]): string[] {
  if (!markdown.length || rules.size === 0) {
    return [];
  }
  const stubs = new RunbookIndex();
  for (const f of markdown) {
    stubs.set(f, '');
  }
  const resolver = new AlertResolver({ runbooks: stubs, rules, mappings, roots });
  const found = new Set<string>();
  for (const alert of rules.alerts()) {
    for (const r of resolver.resolve(alert, undefined, { anyLabelValue: true })) {
      if (r.via === 'runbook_url' || (r.via === 'file-name' && path.posix.basename(r.path).replace(/\.(?:md|markdown)$/i, '') === alert)) {
        found.add(r.path);
      }
    }
  }
  resolver.dispose();
  return [...found].sort();
}

function looksLikeRunbookFile(file: string): boolean {
  try {
    const st = statSync(file);
    if (st.size > MAX_FALLBACK_BYTES) {
      return false;
    }
    const decoded = decodeText(readFileSync(file));
    return 'text' in decoded && looksLikeRunbook(decoded.text);
  } catch {
    return false;
  }
}

/** Why no runbook was found, and what to set: for commands that found none. */
export function nothingFound(d: Discovery): string {
  const where = d.includeFrom === '--include' ? '--include' : d.includeFrom === 'runbooks.include' ? 'runbooks.include in .vscode/settings.json' : 'the default globs';
  return `no runbooks found: no file matches ${where} (${d.include.join(', ')}), no rule file's runbook_url points at a markdown file`
    + `${d.includeFrom === 'default' ? ', and no markdown file has a fenced shell step or `alerts:` front matter' : ''}`
    + `${d.otherMarkdown ? ` (${d.otherMarkdown} other markdown file${d.otherMarkdown === 1 ? '' : 's'} seen)` : ''}. `
    + 'Name the folder that holds them (`runbook index docs`), or set --include / `runbooks.include` in .vscode/settings.json\n';
}

/** A note when runbooks were found by their content rather than by a glob: say so, and how to choose. */
export function discoveryNote(d: Discovery): string | undefined {
  if (!d.fallback) {
    return undefined;
  }
  return `no file matches the include globs (${d.include.join(', ')}): indexed ${d.fallback} markdown file${d.fallback === 1 ? '' : 's'} that look like runbooks `
    + '(fenced shell steps or `alerts:` front matter). Set --include or `runbooks.include` in .vscode/settings.json to choose\n';
}

/** Read a rule file named on the command line into `rules`; what cannot be read is recorded as a problem (RB205). */
export async function loadNamedRuleFile(file: string, rules: RuleIndex): Promise<void> {
  const text = await readRuleCandidate(file, rules, true);
  if (text !== undefined) {
    rules.set(file, text);
  }
}

/**
 * A rule file's text. One that cannot be read is skipped, unless it was named on the command line or looks like a
 * rule file: then the rule index records a problem, so `alerts` and `lint` say so.
 */
async function readRuleCandidate(file: string, rules: RuleIndex, named: boolean): Promise<string | undefined> {
  // Synchronous reads, like the CLI's others: cheaper than `fs.promises` for many small files.
  const loaded = await loadRuleFile({ size: () => statSync(file).size, bytes: () => readFileSync(file) });
  if ('problem' in loaded) {
    if (named) {
      rules.addProblem({ path: file, line: 0, message: loaded.problem });
    }
    return undefined;
  }
  if (named && !loaded.rules) {
    rules.addProblem({ path: file, line: 0, message: 'no alerting rule in this file (no `alert:` line)' });
  }
  return loaded.rules ? loaded.text : undefined;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
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
