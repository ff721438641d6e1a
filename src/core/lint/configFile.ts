// One lint configuration file, parsed and checked: `.runbooklint.yaml`/`.yml` (yaml) or `.json`/`.jsonc` (jsonc-parser),
// read into one neutral tree with offsets, so that both syntaxes are checked the same way and every error names the
// file, line and column. Following `extends` and finding the file: config.ts.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { closest } from '../closest';
import { parseJsoncTree, type JsoncNode } from '../jsonc';
import { compileUserPattern } from '../safeRegex';
import { dirname, joinPath } from '../paths';
import { LineIndex } from '../text';
import { ALL_RULES } from './rules';
import type { LintRule, LintSeverity } from './types';

export type RuleSeverity = LintSeverity | 'off';
const SEVERITIES: readonly RuleSeverity[] = ['off', 'error', 'warning', 'info'];

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

/** A configuration that cannot be used. `error` is the whole message: `file:line:column: what is wrong`. */
export interface ConfigError {
  readonly error: string;
  readonly file: string;
  /** 0-based, like every position in the core. */
  readonly line: number;
  readonly character: number;
  readonly message: string;
}

/** The rules a configuration may name (any `LintRule` will do). */
export type KnownRules = readonly Pick<LintRule, 'id' | 'name' | 'patternOptions' | 'defaultOptions'>[];

/** One configuration file as written (its `extends` resolved to paths, not read). */
export interface FileConfig {
  readonly extends: { readonly path: string; readonly line: number; readonly character: number }[];
  readonly rules: Record<string, RuleSetting>;
  readonly ignores: IgnorePattern[];
}

/** `file:line:column: message`, 1-based, as the CLI prints it. */
export function formatConfigError(file: string, line: number, character: number, message: string): string {
  return `${file}:${line + 1}:${character + 1}: ${message}`;
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
  try {
    return parseAndCheck(path, text, rules);
  } catch (e) {
    if (e instanceof RangeError) {
      return configError(path, 0, 0, 'nested too deeply to read'); // the parsers and the checks recurse
    }
    throw e;
  }
}

function parseAndCheck(path: string, text: string, rules: KnownRules): FileConfig | ConfigError {
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
            const near = closest(e.key, rules.flatMap((r) => [r.id, r.name]), Math.max(1, Math.floor(e.key.length / 4)));
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
  const parsed = parseJsoncTree(text);
  if ('error' in parsed) {
    return fail(parsed.offset, `invalid JSON: ${parsed.error}`);
  }
  if (!parsed.tree) {
    return undefined;
  }
  const tree = fromJsonc(parsed.tree);
  // Duplicate keys: JSON allows them, a configuration should not.
  const dup = findDuplicateKey(tree);
  return dup ? fail(dup.keyOffset, `"${dup.key}" is given twice`) : tree;
}

/** jsonc-parser's tree as the neutral one. */
function fromJsonc(n: JsoncNode): CNode {
  switch (n.type) {
    case 'object':
      return {
        kind: 'map', offset: n.offset,
        entries: (n.children ?? []).flatMap((p) => {
          const [key, value] = p.children ?? [];
          return key && value ? [{ key: String(key.value), keyOffset: key.offset, value: fromJsonc(value) }] : [];
        }),
      };
    case 'array':
      return { kind: 'seq', offset: n.offset, items: (n.children ?? []).map(fromJsonc) };
    default:
      return { kind: 'scalar', offset: n.offset, value: n.value };
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

export function configError(file: string, line: number, character: number, message: string): ConfigError {
  return { error: formatConfigError(file, line, character, message), file, line, character, message };
}

