// Lint configuration: `.runbooklint.yaml` / `.yml` / `.json` / `.jsonc`, the nearest one found upward from the linted
// file (up to the workspace root), with `extends`, rule settings by id or name, and ignore globs. Pure: files are read
// through a reader; paths are opaque `/`-separated strings (absolute paths or URI strings), like runbook paths.
// Parsing and checking one file: configFile.ts; the path algebra: core/paths.ts.
import picomatch from 'picomatch';
import { configError, parseConfigText, type ConfigError, type IgnorePattern, type KnownRules, type RuleSetting, type RuleSeverity } from './configFile';
import { basename, dirname, isWithin, joinPath, normalizePath, parentDir, trimSlash } from '../paths';
import { ALL_RULES } from './rules';
import type { LintRule } from './types';

export { formatConfigError, parseConfigText, type ConfigError, type FileConfig, type IgnorePattern, type KnownRules, type RuleSetting, type RuleSeverity } from './configFile';

/** Searched in each folder, in this order; two of them in one folder is an error. */
export const CONFIG_FILE_NAMES: readonly string[] = ['.runbooklint.yaml', '.runbooklint.yml', '.runbooklint.json', '.runbooklint.jsonc'];

/** Reads a file's text; undefined when there is none. */
export type ConfigReader = (path: string) => Promise<string | undefined>;

export interface ResolvedConfig {
  /** Configuration files that make it: the one found, then those it extends (empty: the defaults). */
  readonly files: readonly string[];
  /** Settings by rule id. */
  readonly rules: Readonly<Record<string, RuleSetting>>;
  readonly ignores: readonly IgnorePattern[];
}

/** No configuration file: every rule at its default severity and options. */
export const DEFAULT_CONFIG: ResolvedConfig = Object.freeze({ files: [], rules: {}, ignores: [] });

export function isConfigError(c: ResolvedConfig | ConfigError): c is ConfigError {
  return 'error' in c;
}

/**
 * The configuration for `filePath`: the nearest configuration file in its folder or above, up to and including
 * `root` (or up to the top when the file is not under `root`), with what it extends. No file: `DEFAULT_CONFIG`.
 */
export async function resolveConfig(filePath: string, root: string, read: ConfigReader, rules: KnownRules = ALL_RULES): Promise<ResolvedConfig | ConfigError> {
  return resolveConfigFrom(dirname(filePath), root, read, rules);
}

/** Like `resolveConfig`, from a folder (e.g. the workspace root, for workspace-level findings). */
export async function resolveConfigFrom(folder: string, root: string, read: ConfigReader, rules: KnownRules = ALL_RULES): Promise<ResolvedConfig | ConfigError> {
  const found = await findConfigFile(folder, root, read);
  if (!found) {
    return DEFAULT_CONFIG;
  }
  if ('error' in found) {
    return found;
  }
  return loadChain(found.path, found.text, read, rules, [], boundaryFor(found.path, root));
}

/** Where `extends` may lead: the workspace root, or the configuration's own folder when it is not under the root. */
function boundaryFor(configPath: string, root: string | undefined): string {
  const r = root === undefined ? undefined : trimSlash(normalizePath(root));
  return r !== undefined && isWithin(configPath, r) ? r : dirname(configPath);
}

/**
 * A configuration file named explicitly (`--config`): no search, but its `extends` are followed, within `root` (the
 * workspace; default: the file's own folder).
 */
export async function loadConfigFile(path: string, read: ConfigReader, rules: KnownRules = ALL_RULES, root?: string): Promise<ResolvedConfig | ConfigError> {
  const file = normalizePath(path);
  const text = await read(file);
  if (text === undefined) {
    return configError(file, 0, 0, 'configuration file not found');
  }
  return loadChain(file, text, read, rules, [], boundaryFor(file, root));
}

/** The nearest configuration file at or above `folder`, stopping at `root`. */
export async function findConfigFile(folder: string, root: string, read: ConfigReader): Promise<{ path: string; text: string } | ConfigError | undefined> {
  const stop = trimSlash(normalizePath(root));
  let dir: string | undefined = trimSlash(normalizePath(folder));
  while (dir !== undefined) {
    const texts = await Promise.all(CONFIG_FILE_NAMES.map((n) => read(joinPath(dir!, n))));
    const present = CONFIG_FILE_NAMES.map((n, i) => ({ path: joinPath(dir!, n), text: texts[i] })).filter((f): f is { path: string; text: string } => f.text !== undefined);
    if (present.length > 1) {
      return configError(present[1].path, 0, 0, `two lint configuration files in one folder (${present.map((f) => basename(f.path)).join(', ')}): keep one`);
    }
    if (present.length === 1) {
      return present[0];
    }
    if (dir === stop) {
      break;
    }
    dir = parentDir(dir);
  }
  return undefined;
}

/** Severity and options of `rule` under `config` ('off' when disabled). */
export function ruleSetting(config: ResolvedConfig, rule: Pick<LintRule, 'id' | 'defaultSeverity' | 'defaultOptions'>): { severity: RuleSeverity; options: Readonly<Record<string, unknown>> } {
  const s = Object.hasOwn(config.rules, rule.id) ? config.rules[rule.id] : undefined;
  return { severity: s?.severity ?? rule.defaultSeverity, options: { ...(rule.defaultOptions ?? {}), ...(s?.options ?? {}) } };
}

const matchers = new Map<string, (p: string) => boolean>();

/** Is `path` matched by an `ignores` glob of the configuration (relative to the folder of the file listing it)? */
export function isIgnored(config: ResolvedConfig, path: string): boolean {
  if (!config.ignores.length) {
    return false;
  }
  const p = normalizePath(path);
  for (const { base, pattern } of config.ignores) {
    const prefix = `${trimSlash(base)}/`;
    if (!p.startsWith(prefix)) {
      continue;
    }
    let m = matchers.get(pattern);
    if (!m) {
      const glob = pattern.endsWith('/') ? `${pattern}**` : pattern;
      m = picomatch(glob.startsWith('./') ? glob.slice(2) : glob, { dot: true });
      matchers.set(pattern, m);
    }
    if (m(p.slice(prefix.length))) {
      return true;
    }
  }
  return false;
}

/** Longest `extends` chain followed (a configuration extending itself through many files is an error anyway). */
const MAX_EXTENDS_DEPTH = 32;

async function loadChain(path: string, text: string, read: ConfigReader, rules: KnownRules, stack: readonly string[], boundary: string): Promise<ResolvedConfig | ConfigError> {
  const parsed = parseConfigText(path, text, rules);
  if ('error' in parsed) {
    return parsed;
  }
  let merged: ResolvedConfig = DEFAULT_CONFIG;
  const chain = [...stack, path];
  for (const ext of parsed.extends) {
    if (chain.includes(ext.path)) {
      return configError(path, ext.line, ext.character, `extends cycle: ${[...chain.slice(chain.indexOf(ext.path)), ext.path].join(' → ')}`);
    }
    if (!isWithin(ext.path, boundary)) {
      return configError(path, ext.line, ext.character, `extends ${ext.path}: outside the workspace (${boundary}); a configuration only extends files inside it`);
    }
    if (chain.length >= MAX_EXTENDS_DEPTH) {
      return configError(path, ext.line, ext.character, `extends ${ext.path}: more than ${MAX_EXTENDS_DEPTH} configurations deep`);
    }
    const extText = await read(ext.path);
    if (extText === undefined) {
      return configError(path, ext.line, ext.character, `extends ${ext.path}: no such file`);
    }
    const base = await loadChain(ext.path, extText, read, rules, chain, boundary);
    if ('error' in base) {
      return base;
    }
    merged = merge(merged, base);
  }
  return merge(merged, { files: [], rules: parsed.rules, ignores: parsed.ignores }, path);
}

function merge(base: ResolvedConfig, over: ResolvedConfig, file?: string): ResolvedConfig {
  const rules: Record<string, RuleSetting> = { ...base.rules };
  for (const [id, s] of Object.entries(over.rules)) {
    const b = rules[id];
    rules[id] = { severity: s.severity ?? b?.severity, options: { ...(b?.options ?? {}), ...s.options } };
  }
  return {
    files: file ? [file, ...base.files] : [...over.files, ...base.files],
    rules,
    ignores: [...base.ignores, ...over.ignores],
  };
}

