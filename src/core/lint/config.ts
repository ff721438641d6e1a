// Lint configuration: `.runbooklint.yaml` / `.yml` / `.json` / `.jsonc`, the nearest one found upward from the linted
// file (up to the workspace root), with `extends`, rule settings by id or name, and ignore globs. Pure: files are read
// through a reader; paths are opaque `/`-separated strings (absolute paths or URI strings), like runbook paths.
import picomatch from 'picomatch';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { compileUserPattern } from '../safeRegex';
import { basename, dirname, isWithin, joinPath, normalizePath, parentDir, trimSlash } from '../paths';
import { LineIndex } from '../text';
import { ALL_RULES } from './rules';
import type { LintRule, LintSeverity } from './types';

/** Searched in each folder, in this order; two of them in one folder is an error. */
export const CONFIG_FILE_NAMES: readonly string[] = ['.runbooklint.yaml', '.runbooklint.yml', '.runbooklint.json', '.runbooklint.jsonc'];

export type RuleSeverity = LintSeverity | 'off';
const SEVERITIES: readonly RuleSeverity[] = ['off', 'error', 'warning', 'info'];

/** Reads a file's text; undefined when there is none. */
export type ConfigReader = (path: string) => Promise<string | undefined>;

export interface RuleSetting {
  /** Undefined: the rule's default severity. */
  readonly severity: RuleSeverity | undefined;
  /** Merged over the rule's default options. */
  readonly options: Readonly<Record<string, unknown>>;
}

export interface IgnorePattern {
  /** The folder of the configuration file that lists the glob: the glob is relative to it. */
  readonly base: string;
  readonly pattern: string;
}

export interface ResolvedConfig {
  /** Configuration files that make it: the one found, then those it extends (empty: the defaults). */
  readonly files: readonly string[];
  /** Settings by rule id. */
  readonly rules: Readonly<Record<string, RuleSetting>>;
  readonly ignores: readonly IgnorePattern[];
}

/** A configuration that cannot be used. `error` is the whole message: `file:line:column: what is wrong`. */
export interface ConfigError {
  readonly error: string;
  readonly file: string;
  /** 0-based, like every position in the core. */
  readonly line: number;
  readonly character: number;
  readonly message: string;
}

/** No configuration file: every rule at its default severity and options. */
export const DEFAULT_CONFIG: ResolvedConfig = Object.freeze({ files: [], rules: {}, ignores: [] });

/** The rules a configuration may name (any `LintRule` will do). */
export type KnownRules = readonly Pick<LintRule, 'id' | 'name' | 'patternOptions' | 'defaultOptions'>[];

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

/** `file:line:column: message`, 1-based, as the CLI prints it. */
export function formatConfigError(file: string, line: number, character: number, message: string): string {
  return `${file}:${line + 1}:${character + 1}: ${message}`;
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

// ---------------------------------------------------------------------------------------------------------------
// Loading

/** One configuration file as written (its `extends` resolved to paths, not read). */
export interface FileConfig {
  readonly extends: { readonly path: string; readonly line: number; readonly character: number }[];
  readonly rules: Record<string, RuleSetting>;
  readonly ignores: IgnorePattern[];
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

/** A neutral tree of either syntax, with offsets, to check and read the configuration the same way. */
interface CNode {
  readonly kind: 'map' | 'seq' | 'scalar';
  readonly offset: number;
  readonly value?: unknown;
  readonly entries?: { key: string; keyOffset: number; value: CNode }[];
  readonly items?: CNode[];
}

/** Parse and check one configuration file (its `extends` are resolved to paths, not read). */
export function parseConfigText(path: string, text: string, rules: KnownRules = ALL_RULES): FileConfig | ConfigError {
  if (text.charCodeAt(0) === 0xfeff) {
    text = ' ' + text.slice(1); // keep offsets
  }
  const lineIndex = new LineIndex(text);
  const at = (offset: number) => lineIndex.positionAt(offset);
  const fail = (offset: number, message: string): ConfigError => {
    const p = at(offset);
    return configError(path, p.line, p.character, message);
  };

  const json = /\.jsonc?$/i.test(path);
  const tree = json ? readJson(text, fail) : readYaml(text, fail);
  if (tree === undefined || 'error' in tree) {
    return tree ?? { extends: [], rules: {}, ignores: [] };
  }
  if (tree.kind === 'scalar' && (tree.value === null || tree.value === undefined)) {
    return { extends: [], rules: {}, ignores: [] }; // an empty file
  }
  if (tree.kind !== 'map') {
    return fail(tree.offset, 'the configuration should be a mapping with rules, extends and ignores');
  }

  const dir = dirname(path);
  const out: FileConfig = { extends: [], rules: {}, ignores: [] };
  const byName = new Map<string, string>();
  const ids = new Map<string, string>();
  const byId = new Map<string, KnownRules[number]>();
  for (const r of rules) {
    ids.set(r.id.toUpperCase(), r.id);
    byName.set(r.name, r.id);
    byId.set(r.id, r);
  }
  const ruleId = (key: string) => ids.get(key.toUpperCase()) ?? byName.get(key);

  for (const { key, keyOffset, value } of tree.entries!) {
    switch (key) {
      case '$schema':
        break;
      case 'extends': {
        const list = value.kind === 'seq' ? value.items! : [value];
        for (const item of list) {
          if (item.kind !== 'scalar' || typeof item.value !== 'string' || !item.value.trim()) {
            return fail(item.offset, 'extends should be a relative path to another configuration file, or a list of them');
          }
          const p = at(item.offset);
          out.extends.push({ path: joinPath(dir, item.value.trim()), line: p.line, character: p.character });
        }
        break;
      }
      case 'ignores': {
        const list = value.kind === 'seq' ? value.items! : [value];
        for (const item of list) {
          if (item.kind !== 'scalar' || typeof item.value !== 'string' || !item.value.trim()) {
            return fail(item.offset, 'ignores should be a list of globs (relative to the folder of this file)');
          }
          out.ignores.push({ base: dir, pattern: item.value.trim() });
        }
        break;
      }
      case 'rules': {
        if (value.kind !== 'map') {
          return fail(value.offset, 'rules should be a mapping of rule ids or names to a severity (off, error, warning, info) or { severity, options }');
        }
        const seen = new Map<string, string>();
        for (const e of value.entries!) {
          const id = ruleId(e.key);
          if (!id) {
            const near = closest(e.key, rules);
            return fail(e.keyOffset, `unknown rule "${e.key}"${near ? ` (did you mean ${near}?)` : ''}`);
          }
          if (seen.has(id)) {
            return fail(e.keyOffset, `"${e.key}" and "${seen.get(id)}" name the same rule ${id}`);
          }
          seen.set(id, e.key);
          const setting = readSetting(e.value, fail);
          if ('error' in setting) {
            return setting;
          }
          const refused = checkPatterns(byId.get(id)!, e.key, e.value, fail);
          if (refused) {
            return refused;
          }
          out.rules[id] = setting;
        }
        break;
      }
      default:
        return fail(keyOffset, `unknown key "${key}" (known: extends, rules, ignores)`);
    }
  }
  return out;
}

function readSetting(v: CNode, fail: (offset: number, message: string) => ConfigError): RuleSetting | ConfigError {
  const severity = (n: CNode): RuleSeverity | ConfigError => {
    const s = n.kind === 'scalar' ? n.value : undefined;
    if (typeof s === 'string' && (SEVERITIES as readonly string[]).includes(s)) {
      return s as RuleSeverity;
    }
    if (s === false) {
      return 'off'; // YAML 1.1 habits: `RB101: off` is a string in YAML 1.2, but be kind to `false`
    }
    return fail(n.offset, `${JSON.stringify(s ?? (n.kind === 'map' ? '{…}' : '[…]'))} is not a severity (off, error, warning, info)`);
  };
  if (v.kind !== 'map') {
    const s = severity(v);
    return typeof s === 'string' ? { severity: s, options: {} } : s;
  }
  let sev: RuleSeverity | undefined;
  let options: Record<string, unknown> = {};
  for (const e of v.entries!) {
    if (e.key === 'severity') {
      const s = severity(e.value);
      if (typeof s !== 'string') {
        return s;
      }
      sev = s;
    } else if (e.key === 'options') {
      if (e.value.kind !== 'map') {
        return fail(e.value.offset, 'options should be a mapping');
      }
      options = toPlain(e.value) as Record<string, unknown>;
    } else {
      return fail(e.keyOffset, `unknown key "${e.key}" in a rule setting (known: severity, options)`);
    }
  }
  return { severity: sev, options };
}

/**
 * The rule's pattern options (`patternOptions`), each pattern compiled as the rule will: its defaults as they are,
 * any other on the linear-time engine. The first one refused is an error at its line.
 */
function checkPatterns(rule: KnownRules[number], key: string, v: CNode, fail: (offset: number, message: string) => ConfigError): ConfigError | undefined {
  if (!rule.patternOptions?.length || v.kind !== 'map') {
    return undefined;
  }
  const options = v.entries!.find((e) => e.key === 'options')?.value;
  for (const e of options?.kind === 'map' ? options.entries! : []) {
    if (!rule.patternOptions.includes(e.key)) {
      continue;
    }
    const defaults = rule.defaultOptions?.[e.key];
    const builtIn = new Set(Array.isArray(defaults) ? defaults : []);
    for (const item of e.value.kind === 'seq' ? e.value.items! : [e.value]) {
      if (item.kind !== 'scalar' || typeof item.value !== 'string') {
        return fail(item.offset, `${key} option ${e.key} should be a list of regular expressions`);
      }
      const source = item.value.trim();
      if (source === '' || builtIn.has(source)) {
        continue;
      }
      const compiled = compileUserPattern(source, 'i');
      if (!compiled.ok) {
        return fail(item.offset, `${key} option ${e.key}: pattern /${source.length > 60 ? `${source.slice(0, 57)}…` : source}/ is refused: ${compiled.problem}`);
      }
    }
  }
  return undefined;
}

function toPlain(n: CNode): unknown {
  if (n.kind === 'scalar') {
    return n.value;
  }
  if (n.kind === 'seq') {
    return n.items!.map(toPlain);
  }
  const o: Record<string, unknown> = {};
  for (const e of n.entries!) {
    Object.defineProperty(o, e.key, { value: toPlain(e.value), enumerable: true, writable: true, configurable: true });
  }
  return o;
}

function readYaml(text: string, fail: (offset: number, message: string) => ConfigError): CNode | ConfigError | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, logLevel: 'silent' });
  const err = doc.errors[0];
  if (err) {
    return fail(err.pos[0], `invalid YAML: ${err.message.split('\n')[0]}`);
  }
  const convert = (node: unknown, fallback: number): CNode | ConfigError => {
    const n = node as YamlNode | null | undefined;
    const offset = n?.range?.[0] ?? fallback;
    if (isMap(n)) {
      const entries: { key: string; keyOffset: number; value: CNode }[] = [];
      for (const pair of n.items) {
        const k = pair.key as YamlNode | null;
        const keyOffset = k?.range?.[0] ?? offset;
        if (!isScalar(k) || (typeof k.value !== 'string' && typeof k.value !== 'number')) {
          return fail(keyOffset, 'keys should be plain strings');
        }
        const value = convert(pair.value, keyOffset);
        if ('error' in value) {
          return value;
        }
        entries.push({ key: String(k.value), keyOffset, value });
      }
      return { kind: 'map', offset, entries };
    }
    if (isSeq(n)) {
      const items: CNode[] = [];
      for (const item of n.items) {
        const c = convert(item, offset);
        if ('error' in c) {
          return c;
        }
        items.push(c);
      }
      return { kind: 'seq', offset, items };
    }
    if (isScalar(n)) {
      return { kind: 'scalar', offset, value: n.value };
    }
    if (n == null) {
      return { kind: 'scalar', offset, value: null };
    }
    return fail(offset, 'aliases and tags are not supported in the lint configuration');
  };
  return convert(doc.contents, 0);
}

function readJson(text: string, fail: (offset: number, message: string) => ConfigError): CNode | ConfigError | undefined {
  let tree: CNode | undefined;
  try {
    tree = new JsoncReader(text).document();
  } catch (e) {
    if (e instanceof JsonSyntaxError) {
      return fail(e.offset, `invalid JSON: ${e.message}`);
    }
    throw e;
  }
  if (!tree) {
    return undefined;
  }
  // Duplicate keys: JSON allows them, a configuration should not.
  const dup = findDuplicateKey(tree);
  return dup ? fail(dup.keyOffset, `"${dup.key}" is given twice`) : tree;
}

class JsonSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

/**
 * JSON with comments (`//`, `/* *\/`) and trailing commas, as VS Code reads its settings, into a tree with offsets.
 * Small on purpose (the configuration is small), strict otherwise: what JSON.parse rejects, this rejects.
 */
class JsoncReader {
  private i = 0;

  constructor(private readonly text: string) {}

  /** The document's value, or undefined when it holds nothing but whitespace and comments. */
  document(): CNode | undefined {
    this.skip();
    if (this.i >= this.text.length) {
      return undefined;
    }
    const v = this.value();
    this.skip();
    if (this.i < this.text.length) {
      throw new JsonSyntaxError('end of file expected', this.i);
    }
    return v;
  }

  private skip(): void {
    const t = this.text;
    for (;;) {
      const c = t[this.i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\ufeff') {
        this.i++;
      } else if (c === '/' && t[this.i + 1] === '/') {
        while (this.i < t.length && t[this.i] !== '\n' && t[this.i] !== '\r') {
          this.i++;
        }
      } else if (c === '/' && t[this.i + 1] === '*') {
        const end = t.indexOf('*/', this.i + 2);
        if (end === -1) {
          throw new JsonSyntaxError('comment not closed', this.i);
        }
        this.i = end + 2;
      } else {
        return;
      }
    }
  }

  private value(): CNode {
    const t = this.text;
    const start = this.i;
    const c = t[start];
    if (c === '{') {
      return this.object();
    }
    if (c === '[') {
      return this.array();
    }
    if (c === '"') {
      return { kind: 'scalar', offset: start, value: this.string() };
    }
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null)/.exec(t.slice(start, start + 64));
    if (!m) {
      throw new JsonSyntaxError(this.i >= t.length ? 'value expected, found the end of the file' : 'value expected', start);
    }
    this.i += m[0].length;
    const word = m[0];
    return { kind: 'scalar', offset: start, value: word === 'true' ? true : word === 'false' ? false : word === 'null' ? null : Number(word) };
  }

  private string(): string {
    const t = this.text;
    const start = this.i;
    let j = start + 1;
    while (j < t.length && t[j] !== '"') {
      if (t[j] === '\n' || t[j] === '\r') {
        break;
      }
      j += t[j] === '\\' ? 2 : 1;
    }
    if (t[j] !== '"') {
      throw new JsonSyntaxError('string not closed', start);
    }
    this.i = j + 1;
    try {
      return JSON.parse(t.slice(start, j + 1)) as string;
    } catch {
      throw new JsonSyntaxError('invalid escape or control character in a string', start);
    }
  }

  private object(): CNode {
    const offset = this.i++;
    const entries: { key: string; keyOffset: number; value: CNode }[] = [];
    for (;;) {
      this.skip();
      if (this.text[this.i] === '}') {
        this.i++;
        return { kind: 'map', offset, entries };
      }
      if (this.text[this.i] !== '"') {
        throw new JsonSyntaxError(entries.length ? 'property name or } expected' : 'property name expected', this.i);
      }
      const keyOffset = this.i;
      const key = this.string();
      this.skip();
      if (this.text[this.i] !== ':') {
        throw new JsonSyntaxError('colon expected', this.i);
      }
      this.i++;
      this.skip();
      entries.push({ key, keyOffset, value: this.value() });
      this.skip();
      if (this.text[this.i] === ',') {
        this.i++;
      } else if (this.text[this.i] !== '}') {
        throw new JsonSyntaxError('comma or } expected', this.i);
      }
    }
  }

  private array(): CNode {
    const offset = this.i++;
    const items: CNode[] = [];
    for (;;) {
      this.skip();
      if (this.text[this.i] === ']') {
        this.i++;
        return { kind: 'seq', offset, items };
      }
      items.push(this.value());
      this.skip();
      if (this.text[this.i] === ',') {
        this.i++;
      } else if (this.text[this.i] !== ']') {
        throw new JsonSyntaxError('comma or ] expected', this.i);
      }
    }
  }
}

function findDuplicateKey(n: CNode): { key: string; keyOffset: number } | undefined {
  if (n.kind === 'map') {
    const seen = new Set<string>();
    for (const e of n.entries!) {
      if (seen.has(e.key)) {
        return e;
      }
      seen.add(e.key);
      const d = findDuplicateKey(e.value);
      if (d) {
        return d;
      }
    }
  } else if (n.kind === 'seq') {
    for (const i of n.items!) {
      const d = findDuplicateKey(i);
      if (d) {
        return d;
      }
    }
  }
  return undefined;
}

function configError(file: string, line: number, character: number, message: string): ConfigError {
  return { error: formatConfigError(file, line, character, message), file, line, character, message };
}

/** A rule id or name close to a misspelt one, for the error message. */
function closest(key: string, rules: KnownRules): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const r of rules) {
    for (const candidate of [r.id, r.name]) {
      const d = distance(key.toLowerCase(), candidate.toLowerCase());
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(key.length / 4)) ? best : undefined;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
