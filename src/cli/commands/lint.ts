// `runbook lint`: the editor's lint engine over files on disk, for CI and pre-commit hooks.
import { lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import picomatch from 'picomatch';
import { today as todayOf, type Clock } from '../../core/dates';
import { discoverRunbooks } from '../../core/discover';
import { createMatcher } from '../../core/glob';
import { isConfigError, loadConfigFile, resolveConfigFrom, type ConfigError, type ConfigReader, type ResolvedConfig } from '../../core/lint/config';
import { lintDocument, lintWorkspace, type LintEnvironment } from '../../core/lint/engine';
import { applyFixesDetailed, isAutoFix } from '../../core/lint/fixes';
import { formatFindings, FORMATS, isFormat, type FormatName } from '../../core/lint/format';
import { ALL_RULES } from '../../core/lint/rules';
import { isWithin } from '../../core/paths';
import type { Finding, LintRule, LintSeverity, WorkspaceFinding } from '../../core/lint/types';
import { decodeText } from '../../core/text';
import { replaceIfUnchanged } from '../atomicWrite';
import { EXIT, UsageError, type Io } from '../io';
import { nodeFileSystem, toCorePath } from '../nodeFileSystem';
import { readBounded } from '../readBounded';
import { discoveryNote, loadNamedRuleFile, loadWorkspace, nothingFound, ParsedRunbookIndex, repositoryRoot, runbookMatcherFor, type Loaded } from '../workspace';
import { version } from '../../../package.json';

/** Findings printed in text without --verbose: a first run over a large repository stays readable. */
export const TEXT_LIMIT = 50;

export const LINT_USAGE = `Usage: runbook lint [paths…|globs…] [options]

Lint runbooks (default: every runbook under the root) and the alerts of the rule files.

Options:
  --format <f>          text (default), json, sarif (SARIF 2.1.0) or github (GitHub Actions annotations)
  --config <file>       use this configuration file for every file (default: the nearest .runbooklint.yaml,
                        .yml, .json or .jsonc above each file, up to the repository root)
  --fix                 apply the fixes of fixable problems to the files, then report what is left
  --max-warnings <n>    exit 1 when there are more than n warnings
  --quiet               report errors only
  --verbose             text: print every finding (default: the first ${TEXT_LIMIT}, then the count of each rule)
  --include, --exclude, --rules, --map, --root   as for the other commands

Exit status: 0 no errors (and warnings within --max-warnings), 1 errors or too many warnings, 2 usage or
configuration error. Documentation: docs/lint.md.
`;

export interface LintArgs {
  readonly targets: readonly string[];
  readonly format: FormatName;
  readonly config: string | undefined;
  readonly fix: boolean;
  /** undefined or -1: no limit. */
  readonly maxWarnings: number | undefined;
  readonly quiet: boolean;
  readonly verbose: boolean;
  /** undefined: `runbooks.include` / `runbooks.exclude` of the settings, else the defaults. */
  readonly include: readonly string[] | undefined;
  readonly exclude: readonly string[] | undefined;
  readonly rules: readonly string[] | undefined;
  readonly maps: readonly string[];
  readonly root: string | undefined;
  readonly help: boolean;
}

/** For tests and embedders: the rules, today's date (or the clock it is read from) and the version reported. */
export interface LintCommandOptions {
  readonly ruleSet?: readonly LintRule[];
  /** YYYY-MM-DD (default: today by `clock`, UTC, as the editor has it: core/dates). */
  readonly today?: string;
  readonly clock?: Clock;
  readonly version?: string;
}

/** Parse `runbook lint`'s arguments (after `lint`). Throws UsageError. */
export function parseLintArgs(argv: readonly string[]): LintArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f', default: 'text' },
        config: { type: 'string', short: 'c' },
        fix: { type: 'boolean', default: false },
        'max-warnings': { type: 'string' },
        quiet: { type: 'boolean', short: 'q', default: false },
        verbose: { type: 'boolean', default: false },
        include: { type: 'string', multiple: true },
        exclude: { type: 'string', multiple: true },
        rules: { type: 'string', multiple: true },
        map: { type: 'string', multiple: true },
        root: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (!isFormat(values.format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got '${values.format}'`);
  }
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    const s = values['max-warnings'].trim();
    if (!/^(?:-1|\d+)$/.test(s)) {
      throw new UsageError(`--max-warnings needs a number (0 or more, or -1 for no limit), got '${values['max-warnings']}'`);
    }
    maxWarnings = Number(s);
  }
  return {
    targets: positionals,
    format: values.format,
    config: values.config,
    fix: values.fix,
    maxWarnings,
    quiet: values.quiet,
    verbose: values.verbose,
    include: values.include,
    exclude: values.exclude,
    rules: values.rules,
    maps: values.map ?? [],
    root: values.root,
    help: values.help,
  };
}

/** 1 when there are errors or more warnings than allowed, else 0 (info never fails). */
export function lintExitCode(findings: readonly { readonly severity: LintSeverity }[], maxWarnings: number | undefined): number {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  return errors > 0 || (maxWarnings !== undefined && maxWarnings >= 0 && warnings > maxWarnings) ? EXIT.findings : EXIT.ok;
}

export async function lintCommand(argv: readonly string[], io: Io, options: LintCommandOptions = {}): Promise<number> {
  try {
    const args = parseLintArgs(argv);
    if (args.help) {
      io.out(LINT_USAGE);
      return EXIT.ok;
    }
    return await runLint(args, io, options);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`runbook lint: ${e.message}\nTry 'runbook lint --help'.\n`);
      return EXIT.usage;
    }
    if (e instanceof ConfigProblem) {
      io.err(`runbook lint: ${e.message}\n`);
      return EXIT.usage;
    }
    throw e;
  }
}

/** A configuration problem (exit 2), already worded. */
class ConfigProblem extends Error {}

async function runLint(args: LintArgs, io: Io, options: LintCommandOptions): Promise<number> {
  const ruleSet = options.ruleSet ?? ALL_RULES;
  const today = options.today ?? todayOf(options.clock);
  // The index keeps each runbook's text and parse: each file is read and parsed once, for the index and the lint.
  const loaded = await loadWorkspace({ cwd: io.cwd, paths: [], include: args.include, exclude: args.exclude, rules: args.rules, maps: args.maps, root: args.root, keepParsed: !args.fix });
  const { index, rules, context, rel } = loaded;
  const selection = await selectTargets(args, io.cwd, loaded);
  // Rule files named on the command line are read whatever --rules says, and what cannot be read is reported.
  for (const f of selection.ruleFiles) {
    if (!rules.has(f)) {
      await loadNamedRuleFile(f, rules);
    }
  }

  // Configuration: one file for all (--config), else the nearest one above each file, up to the repository root.
  const rootDir = path.resolve(io.cwd, args.root ?? '.');
  const configRoot = toCorePath(args.root !== undefined ? rootDir : await repositoryRoot(io.cwd));
  const named = args.config !== undefined ? toCorePath(path.resolve(io.cwd, args.config)) : undefined;
  const read = cachedReader(configRoot, named);
  const fixed = named !== undefined ? await loadConfigFile(named, read, ruleSet, configRoot) : undefined;
  const byFolder = new Map<string, Promise<ResolvedConfig | ConfigError>>();
  const configFor = (folder: string): Promise<ResolvedConfig | ConfigError> => {
    if (fixed) {
      return Promise.resolve(fixed);
    }
    let c = byFolder.get(folder);
    if (!c) {
      c = resolveConfigFrom(folder, configRoot, read, ruleSet);
      byFolder.set(folder, c);
    }
    return c;
  };
  const configs = new Map<string, ResolvedConfig>();
  const errors = new Map<string, ConfigError>();
  const folders = [...new Set([...selection.files].map((f) => f.slice(0, f.lastIndexOf('/'))))];
  const workspaceFolder = toCorePath(rootDir);
  for (const folder of [...folders, workspaceFolder]) {
    const c = await configFor(folder);
    if (isConfigError(c)) {
      errors.set(c.error, c);
    } else {
      configs.set(folder, c);
    }
  }
  if (errors.size) {
    for (const e of errors.values()) {
      io.err(`runbook lint: ${rel(e.file)}:${e.line + 1}:${e.character + 1}: ${e.message}\n`);
    }
    return EXIT.usage;
  }

  // Link targets, each looked up once for all files (many runbooks link to the same few), synchronously: a stat
  // through the thread pool costs several times more, and nothing else waits meanwhile. Fixes change no file's existence.
  const existence = new Map<string, boolean>();
  const fileExists = async (p: string) => {
    let known = existence.get(p);
    if (known === undefined) {
      try {
        statSync(p);
        known = true;
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code !== 'ENOENT' && code !== 'ENOTDIR') {
          throw e;
        }
        known = false;
      }
      existence.set(p, known);
    }
    return known;
  };
  const envFor = (file: string): LintEnvironment => ({
    runbooks: index,
    rules,
    config: configs.get(file.slice(0, file.lastIndexOf('/')))!,
    today,
    fileExists,
    ruleSet,
  });

  const all: WorkspaceFinding[] = [];
  let failed = false;
  const files = [...selection.files].sort();
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++];
      try {
        const kept = index instanceof ParsedRunbookIndex ? index.take(file) : undefined;
        const result = kept ? { findings: await lintDocument({ path: file, ...kept }, envFor(file)) } : await lintFile(file, envFor(file), args.fix, io, rel);
        if (result === undefined) {
          continue;
        }
        if (result.fixed !== undefined) {
          // Cross-file rules of the files linted after this one, and workspace findings, see the fixed text.
          index.set(file, result.fixed);
        }
        for (const f of result.findings) {
          all.push({ ...f, path: rel(file) });
        }
      } catch (e) {
        failed = true;
        io.err(`runbook lint: ${rel(file)}: ${(e as Error).message}\n`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, files.length) }, worker));

  const workspaceConfig = configs.get(workspaceFolder)!;
  for (const f of lintWorkspace({ runbooks: index, rules, config: workspaceConfig, today, ruleSet, mappings: context.mappings, roots: context.roots, resolver: loaded.resolver })) {
    if (selection.includesWorkspaceFinding(f.path)) {
      all.push({ ...f, path: f.path ? rel(f.path) : '.' });
    }
  }

  if (!files.length && selection.defaulted) {
    io.err(`runbook lint: ${nothingFound(loaded.discovery)}`);
  } else if (selection.defaulted) {
    const note = discoveryNote(loaded.discovery);
    if (note) {
      io.err(`runbook lint: ${note}`);
    }
  }
  const shown = args.quiet ? all.filter((f) => f.severity === 'error') : all;
  io.out(formatFindings(args.format, shown, { ruleSet, version: options.version ?? version, srcRoot: pathToFileURL(io.cwd).href, limit: args.verbose ? undefined : TEXT_LIMIT }));
  const warnings = all.filter((f) => f.severity === 'warning').length;
  if (args.maxWarnings !== undefined && args.maxWarnings >= 0 && warnings > args.maxWarnings) {
    io.err(`runbook lint: ${warnings} warning${warnings === 1 ? '' : 's'}, more than --max-warnings ${args.maxWarnings}\n`);
  }
  if (failed) {
    return EXIT.usage;
  }
  return lintExitCode(all, args.maxWarnings);
}

/** Lint one file; with `fix`, apply fixes (several passes, as fixes may uncover or unblock others) and write. */
async function lintFile(file: string, env: LintEnvironment, fix: boolean, io: Io, rel: (p: string) => string): Promise<{ findings: Finding[]; fixed?: string } | undefined> {
  const bytes = readFileSync(file);
  const decoded = decodeText(bytes);
  if ('error' in decoded) {
    io.err(`runbook lint: ${rel(file)}: ${decoded.error}\n`);
    return undefined;
  }
  const original = decoded.text;
  let findings = await lintDocument({ path: file, text: original }, env);
  if (!fix) {
    return { findings };
  }
  let text = original;
  for (let pass = 0; pass < 10 && findings.some(isAutoFix); pass++) {
    const result = applyFixesDetailed(text, findings);
    if (result.text === text) {
      break;
    }
    text = result.text;
    findings = await lintDocument({ path: file, text }, env);
  }
  if (text === original) {
    return { findings };
  }
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? '\ufeff' : '';
  const written = await writeIfUnchanged(file, bytes, Buffer.from(bom + text, 'utf8'));
  if (!written) {
    io.err(`runbook lint: ${rel(file)} changed while it was being fixed: left as it is\n`);
    return { findings: await lintDocument({ path: file, text: original }, env) };
  }
  return { findings, fixed: text };
}

/**
 * Replace the file's content with `data`, whole or not at all (cli/atomicWrite), unless the file no longer holds
 * `expected` (edited meanwhile). Keeps the file's mode.
 */
export async function writeIfUnchanged(file: string, expected: Uint8Array, data: Uint8Array): Promise<boolean> {
  try {
    return await replaceIfUnchanged(file, expected, data);
  } catch (e) {
    throw new Error(`could not write the fixed file: ${(e as Error).message}`, { cause: e });
  }
}

async function readText(file: string): Promise<string | undefined> {
  try {
    const d = decodeText(readFileSync(file));
    return 'text' in d ? d.text : undefined;
  } catch {
    return undefined;
  }
}

/** A configuration file bigger than this is not read. */
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

/**
 * Reads configuration files, each once, bounded. A file inside the workspace (`root`) that is a symbolic link to a
 * file outside it is refused, as `extends` outside it is: repository content never makes lint read `~/.ssh/…`.
 * Only `named` (the user's --config) may be other than a regular file.
 */
function cachedReader(root: string, named?: string): ConfigReader {
  const cache = new Map<string, Promise<string | undefined>>();
  let realRoot: string | undefined;
  const rootReal = () => {
    try {
      realRoot ??= toCorePath(realpathSync.native(root));
    } catch {
      realRoot = root;
    }
    return realRoot;
  };
  const missing = (e: { code?: string }) => e.code === 'ENOENT' || e.code === 'ENOTDIR' || e.code === 'EISDIR';
  const load = async (p: string): Promise<string | undefined> => {
    try {
      // Most names asked for do not exist: one lstat says so (synchronous, no exception), before the path is
      // resolved component by component.
      if (!lstatSync(p, { throwIfNoEntry: false })) {
        return undefined;
      }
      if (isWithin(p, root)) {
        const real = toCorePath(realpathSync.native(p));
        if (!isWithin(real, rootReal())) {
          throw new ConfigProblem(`${p}: a link to ${real}, outside the workspace (${root}): not read`);
        }
      }
      // The file named by --config may be a pipe (`--config <(…)`); files found are regular files only.
      return readBounded(p, MAX_CONFIG_BYTES, { anyKind: p === named }).toString('utf8');
    } catch (e) {
      if (e instanceof ConfigProblem) {
        throw e;
      }
      if (missing(e as { code?: string })) {
        return undefined;
      }
      throw new ConfigProblem(`cannot read ${p}: ${(e as Error).message}`);
    }
  };
  return (p) => {
    let r = cache.get(p);
    if (!r) {
      r = load(p);
      cache.set(p, r);
    }
    return r;
  };
}

/** The nearest folder at or above `cwd` with a `.git`, else `cwd`: where the search for configuration stops. */

interface Selection {
  /** Runbooks to lint (core paths). */
  readonly files: ReadonlySet<string>;
  /** Rule files named on the command line (core paths). */
  readonly ruleFiles: readonly string[];
  /** No paths or globs given: everything under the root. */
  readonly defaulted: boolean;
  /** Is a workspace-level finding (a rule file's) within what was asked for? */
  includesWorkspaceFinding(corePath: string): boolean;
}

const GLOB_CHARS = /[*?[\]{}!]/;

/** The runbooks named by paths (files, folders) and globs (relative to cwd); none given: every indexed runbook. */
async function selectTargets(args: LintArgs, cwd: string, { index, discovery }: Loaded): Promise<Selection> {
  if (!args.targets.length) {
    return { files: new Set(index.all().map((e) => e.path)), ruleFiles: [], defaulted: true, includesWorkspaceFinding: () => true };
  }
  const files = new Set<string>();
  const folders: string[] = [];
  const named = new Set<string>();
  const globs: string[] = [];
  const matcher = createMatcher(discovery.include, discovery.exclude);
  const rootDir = path.resolve(cwd, args.root ?? '.');
  // Symbolic links are followed only into the workspace (`--root`, else the repository), or the folder named.
  const boundary = toCorePath(args.root !== undefined ? path.resolve(cwd, args.root) : await repositoryRoot(cwd));
  const within = (dir: string) => (isWithin(dir, boundary) ? boundary : dir);
  for (const t of args.targets) {
    const abs = path.resolve(cwd, t);
    let stat;
    try {
      stat = statSync(abs);
    } catch {
      if (GLOB_CHARS.test(t)) {
        globs.push(t.replace(/^\.\//, ''));
        continue;
      }
      throw new UsageError(`no such file or directory: ${t}`);
    }
    const p = toCorePath(abs);
    if (stat.isDirectory()) {
      folders.push(p);
      const notRoot = path.resolve(abs) !== rootDir && !rootDir.startsWith(`${path.resolve(abs)}${path.sep}`);
      const folderMatcher = runbookMatcherFor({ cwd, dir: abs, named: notRoot, include: discovery.include, includeGiven: args.include !== undefined, exclude: discovery.exclude });
      for (const f of await discoverRunbooks(nodeFileSystem, p, folderMatcher, { within: within(p) })) {
        files.add(f);
      }
    } else {
      named.add(p);
      if (!/\.(?:ya?ml|json)$/i.test(p)) {
        files.add(p); // a file named on the command line is always linted
      }
    }
  }
  const base = toCorePath(cwd);
  const relToCwd = (p: string) => (p.startsWith(`${base}/`) ? p.slice(base.length + 1) : path.relative(cwd, p).split(path.sep).join('/'));
  const globMatchers = globs.map((g) => ({ glob: g, test: picomatch(g, { dot: true }) }));
  if (globs.length) {
    const notExcluded = createMatcher(['**'], discovery.exclude);
    const found = await discoverRunbooks(nodeFileSystem, base, {
      matches: (r) => globMatchers.some((g) => g.test(r)) && notExcluded.matches(r),
      excludesDirectory: (r) => matcher.excludesDirectory(r),
    }, { within: within(base) });
    for (const g of globMatchers) {
      const hits = found.filter((f) => g.test(relToCwd(f)) && !/\.(?:ya?ml|json)$/i.test(f));
      if (!hits.length && !found.some((f) => g.test(relToCwd(f)))) {
        throw new UsageError(`no files match '${g.glob}'`);
      }
      for (const f of hits) {
        files.add(f);
      }
    }
  }
  // Runbooks outside the root were not indexed: index them, so cross-file rules see them too.
  for (const f of files) {
    if (!index.has(f)) {
      const text = await readText(f);
      if (text !== undefined) {
        index.set(f, text);
      }
    }
  }
  return {
    files,
    ruleFiles: [...named].filter((p) => /\.(?:ya?ml|json)$/i.test(p)),
    defaulted: false,
    includesWorkspaceFinding: (p) => files.has(p) || named.has(p) || folders.some((d) => p.startsWith(`${d}/`)) || globMatchers.some((g) => g.test(relToCwd(p))),
  };
}
