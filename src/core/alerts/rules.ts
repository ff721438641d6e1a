// Prometheus alerting rules: plain rule files (`groups[].rules[]`) and Kubernetes `PrometheusRule` resources, with
// the positions of each alert and of its runbook link. Never throws: a file that cannot be read as rules yields no
// rules, and at most one problem.
import { CORE_SCHEMA, loadAll } from 'js-yaml';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, visit, type Document, type Node, type YAMLMap } from 'yaml';
import { decodeText, detach } from '../text';
import type { AlertRule, RuleFileProblem } from './model';

/** Annotations that link an alert to its runbook, in order of preference. */
export const DEFAULT_ANNOTATION_KEYS: readonly string[] = ['runbook_url', 'runbook'];

/** Kubernetes resources whose `spec.groups` are Prometheus rule groups. */
const RULE_KINDS: ReadonlySet<string> = new Set(['PrometheusRule', 'VMRule']);

/** `- alert: X` / `alert: X` at the start of a line (YAML), or `"alert": "X"` anywhere (JSON). */
const ALERT_LINE = /^[ \t]*(?:-[ \t]+)?["']?alert["']?[ \t]*:|"alert"[ \t]*:[ \t]*"/m;
/** What a rule file that does not parse must also have before it is reported (not just skipped). */
const RULES_SHAPE = /^[ \t]*["']?groups["']?[ \t]*:|^[ \t]*kind[ \t]*:[ \t]*["']?(?:PrometheusRule|VMRule)\b|"groups"[ \t]*:/m;

/** Cheap sniff before parsing: does any line define an alert? Files without one never hold alerting rules. */
export function looksLikeRuleFile(text: string): boolean {
  // Most YAML of a repository never says `alert`: a plain search answers for it, cheaper than the pattern.
  return text.includes('alert') && ALERT_LINE.test(text);
}

export interface ParsedRuleFile {
  rules: AlertRule[];
  problems: RuleFileProblem[];
}

/**
 * Alerting rules of one file. `path` is the file's opaque key (absolute path or URI string). Recording rules,
 * promtool test files, Alertmanager configs and other YAML yield nothing. YAML that does not parse (e.g. a Helm or
 * Jinja template) yields no rules and one problem when it looks like a rule file, nothing otherwise.
 *
 * Three readers share one reading loop (`readRules`), each with its parser as a `RuleTree`: the fast path (js-yaml,
 * positions from the text where they are unambiguous; about 6× faster than `yaml`'s document model on real rule
 * files), `yaml`'s document model (positions from the nodes; aliases, merge keys, any layout), and for YAML that `yaml`
 * refuses but js-yaml reads, js-yaml again with positions searched in the text.
 */
export function parseRuleFile(path: string, text: string, annotationKeys: readonly string[] = DEFAULT_ANNOTATION_KEYS): ParsedRuleFile {
  if (text.charCodeAt(0) === 0xfeff) {
    text = text.slice(1);
  }
  return parseQuickly(path, text, keysOf(annotationKeys)) ?? parseRuleFileFully(path, text, annotationKeys);
}

function keysOf(annotationKeys: readonly string[]): readonly string[] {
  return annotationKeys.length ? annotationKeys : DEFAULT_ANNOTATION_KEYS;
}

/** `parseRuleFile` without the fast path: every file through `yaml`'s document model (exported for tests). */
export function parseRuleFileFully(path: string, text: string, annotationKeys: readonly string[] = DEFAULT_ANNOTATION_KEYS): ParsedRuleFile {
  if (text.charCodeAt(0) === 0xfeff) {
    text = text.slice(1);
  }
  const keys = keysOf(annotationKeys);
  const lineCounter = new LineCounter();
  try {
    const parsed = parseAllDocuments(text, { lineCounter, prettyErrors: true, uniqueKeys: false, logLevel: 'silent' });
    const docs = Array.isArray(parsed) ? parsed : [];
    for (const doc of docs) {
      const err = doc.errors[0];
      if (err) {
        if (!looksLikeRuleFile(text)) {
          return { rules: [], problems: [] };
        }
        // Some YAML that PyYAML and js-yaml (and so Prometheus' tooling around it) take, `yaml` refuses, e.g. a
        // quoted scalar whose continuation lines are not indented: read it with js-yaml rather than drop it.
        const lenient = parseLeniently(path, text, keys);
        if (lenient) {
          return lenient;
        }
        const problems: RuleFileProblem[] = [];
        if (RULES_SHAPE.test(text)) {
          const line = err.linePos ? err.linePos[0].line - 1 : lineCounter.linePos(err.pos[0]).line - 1;
          const message = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
          problems.push({ path, line, message: `could not parse as YAML (templated?): ${message}` });
        }
        return { rules: [], problems };
      }
    }
    const tree = new YamlTree(path, docs, lineCounter, keys);
    const rules = readRules(tree);
    return { rules, problems: tree.problems };
  } catch (e) {
    if (e instanceof TooMuchWork) {
      const at = e.alias?.range ? lineCounter.linePos(e.alias.range[0]).line - 1 : 0;
      return { rules: [], problems: [{ path, line: at, message: `could not read rules: its aliases (\`*name\`) expand to too much (more than ${e.limit} nodes read); write the rules out` }] };
    }
    // The parser is total over strings; this guards against the unexpected (alias bombs, stack exhaustion).
    return { rules: [], problems: [{ path, line: 0, message: `could not read rules: ${(e as Error).message}` }] };
  }
}

/**
 * The fast path: the common rule file (block style, no anchors, aliases or merge keys, no duplicate keys) read with
 * js-yaml, several times faster than `yaml`'s document model, with each position found in the text where it is
 * unambiguous: the alert is the first key of its rule (`- alert: Name` on one line), every `alert:` line is a rule,
 * and the runbook link's key occurs once in its rule, its value on the same line. Anything else (or any value whose
 * type the two libraries could read differently) returns undefined, and the file is read with `yaml` as before.
 */
export function parseQuickly(path: string, text: string, keys: readonly string[]): ParsedRuleFile | undefined {
  try {
    const tree = QuickTree.of(path, text, keys);
    const rules = tree && tree.place(readRules(tree));
    return rules && { rules, problems: [] };
  } catch {
    return undefined; // NotQuick, or anything unexpected (a stack too deep): `yaml`'s path decides
  }
}

/**
 * Rules from YAML that `yaml` refused but js-yaml reads (as PyYAML does). Positions are found in the text: the line of
 * each `alert:` (in order) and of its runbook link after it. Undefined when js-yaml refuses it too.
 */
function parseLeniently(path: string, text: string, keys: readonly string[]): ParsedRuleFile | undefined {
  let docs: unknown[];
  try {
    docs = [];
    loadAll(text, (d) => docs.push(d), { schema: CORE_SCHEMA, json: true });
  } catch {
    return undefined;
  }
  const tree = new LenientTree(path, text, docs, keys);
  const rules = readRules(tree);
  return { rules, problems: tree.problems };
}

// ---------------------------------------------------------------------------------------------------------------
// The reading loop, and the parsers it reads through

/**
 * One parser's documents as the reading loop sees them. `N` is a node (a `yaml` node, or a js-yaml value), `R` what
 * the reader keeps of each alerting rule found.
 */
interface RuleTree<N, R> {
  /** Each document's root, in order. */
  roots(): Iterable<N>;
  /** The node if it is a mapping. */
  asMap(node: N | undefined): N | undefined;
  /** The items of a sequence. */
  asSeq(node: N | undefined): readonly N[] | undefined;
  /** The value of a key of a mapping (through `<<` merge keys, where the parser leaves those to the reader). */
  get(map: N, key: string): N | undefined;
  /** Is the key written in the mapping? */
  has(map: N, key: string): boolean;
  /** A scalar as text (numbers and booleans too); undefined for null, mappings and sequences. */
  str(node: N | undefined): string | undefined;
  /** The rule's alert name, trimmed; undefined for a recording rule, or an `alert` that is empty, null or not a scalar. */
  alert(rule: N): string | undefined;
  /** `groups` is a mapping, not a list of groups. */
  groupsMapping(groups: N): void;
  /** An alerting rule, in document order. */
  rule(item: N, alert: string, group: string | undefined): R;
}

/**
 * The alerting rules of a parsed file: plain rule files (`groups[].rules[]`), Kubernetes `PrometheusRule` / `VMRule`
 * resources and `kind: List`s of them (`kubectl get prometheusrules -o yaml`). Promtool test files and Prometheus
 * configs (`rule_files`, `tests`) define none.
 */
function readRules<N, R>(tree: RuleTree<N, R>): R[] {
  const out: R[] = [];
  const readGroups = (node: N | undefined): void => {
    const mapping = tree.asMap(node);
    if (mapping) {
      tree.groupsMapping(mapping);
      return;
    }
    for (const g of tree.asSeq(node) ?? []) {
      const group = tree.asMap(g);
      if (!group) {
        continue;
      }
      const name = tree.str(tree.get(group, 'name'));
      for (const r of tree.asSeq(tree.get(group, 'rules')) ?? []) {
        const item = tree.asMap(r);
        const alert = item && tree.alert(item);
        if (alert !== undefined) {
          out.push(tree.rule(item!, alert, name));
        }
      }
    }
  };
  const specGroups = (resource: N): N | undefined => {
    const spec = tree.asMap(tree.get(resource, 'spec'));
    return spec && tree.get(spec, 'groups');
  };
  for (const doc of tree.roots()) {
    const root = tree.asMap(doc);
    if (!root) {
      continue;
    }
    const kind = tree.str(tree.get(root, 'kind'));
    if (kind === 'List') {
      for (const it of tree.asSeq(tree.get(root, 'items')) ?? []) {
        const m = tree.asMap(it);
        const k = m && tree.str(tree.get(m, 'kind'));
        if (k !== undefined && RULE_KINDS.has(k)) {
          readGroups(specGroups(m!));
        }
      }
    } else if (kind !== undefined) {
      // Any other Kubernetes resource (or docker-compose `kind`?) is not a rule file.
      if (RULE_KINDS.has(kind)) {
        readGroups(specGroups(root));
      }
    } else if (!tree.has(root, 'rule_files') && !tree.has(root, 'tests')) {
      // A plain rule file has `groups` (and, for Cortex/Mimir tooling, `namespace`); a promtool test file has
      // `rule_files` and `tests`, a Prometheus config `rule_files` and `alerting`: neither defines rules.
      readGroups(tree.get(root, 'groups'));
    }
  }
  return out;
}

/** A js-yaml value as a mapping. */
function jsMap(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function jsGet(m: unknown, k: string): unknown {
  return Object.hasOwn(m as object, k) ? (m as Record<string, unknown>)[k] : undefined;
}

/** A map of the scalar values (as `str` reads them) of a js-yaml mapping; a `__proto__` key is data. */
function jsStringMap(v: unknown, str: (x: unknown) => string | undefined, key?: (k: string) => void): Record<string, string> {
  const out: Record<string, string> = {};
  const m = jsMap(v);
  if (m) {
    for (const [k, x] of Object.entries(m)) {
      key?.(k);
      const sv = str(x);
      if (sv === undefined) {
        continue;
      }
      if (k === '__proto__') {
        Object.defineProperty(out, k, { value: sv, enumerable: true, writable: true, configurable: true });
      } else {
        out[k] = sv;
      }
    }
  }
  return out;
}

const escapeRegex = (v: string) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The runbook link of a rule: the first of `keys` whose annotation is not blank (trimmed), and which key that is. */
function runbookLink(annotations: Readonly<Record<string, string>>, keys: readonly string[]): { url: string; key: number } | undefined {
  for (let key = 0; key < keys.length; key++) {
    const v = annotations[keys[key]];
    if (v !== undefined && v.trim()) {
      return { url: v.trim(), key };
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// The fast path: js-yaml, positions from the text

/** Plain scalars that YAML 1.2's core schema reads as null, a boolean or a number (the `yaml` package's tests). */
const CORE_NON_STRING = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
/** Syntax js-yaml reads as a number that the core schema leaves a string (`1_000`, `0b101`). */
const JSYAML_ONLY_NUMBER = /[0-9a-fA-F]_[0-9a-fA-F]|\b0b[01]/;
/**
 * Is the `alert` at `at` the key of its line (which starts at `lineStart`)? The line is
 * `[ \t]*(?:-[ \t]+)*["']?alert["']?[ \t]*:`, tested from the word out, without a pattern run at every line.
 */
function isAlertKeyAt(text: string, lineStart: number, at: number): boolean {
  const blank = (c: number) => c === 32 || c === 9;
  const quote = (c: number) => c === 34 || c === 39;
  let i = lineStart;
  while (blank(text.charCodeAt(i))) {
    i++;
  }
  while (text.charCodeAt(i) === 45 && blank(text.charCodeAt(i + 1))) {
    i += 2;
    while (blank(text.charCodeAt(i))) {
      i++;
    }
  }
  if (i < at && quote(text.charCodeAt(i))) {
    i++;
  }
  if (i !== at) {
    return false;
  }
  i = at + 5;
  if (quote(text.charCodeAt(i))) {
    i++;
  }
  while (blank(text.charCodeAt(i))) {
    i++;
  }
  return text.charCodeAt(i) === 58;
}

/** A rule item that starts with its `alert` key. */
const DASH_ALERT = /^([ \t]*)-[ \t]+alert[ \t]*:[ \t]*/;
/**
 * Text where js-yaml may have shared or merged values: an anchor (`&a` where a node starts: after a space, a line
 * start, `[`, `{`, `,` or `:`), a merge key, a `__proto__` key, or an escape that could spell one in quotes (`\x3c`,
 * `\u005f`). Without any, the values need not be walked for them. (`}}&var=…` of a templated URL is no anchor.)
 */
const MAYBE_SHARED = /(?:^|[\s:,[{])&[^\s,[\]{}]|<<|__proto__|\\[xuU]/m;

class NotQuick extends Error {}

/**
 * Whether a string the core schema would type (when written plain) reads the same either way: as the typed value's
 * `String()` (`4`, `1.5`, and for values, `true`/`false`), so whether it was quoted does not matter.
 */
function sameEitherWay(v: string, value: boolean): boolean {
  if (v === 'true' || v === 'false') {
    return value; // a boolean key is left out by `readRule`'s maps; a boolean value reads as the same text
  }
  return /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$/.test(v) && String(Number(v)) === v;
}

interface QuickRule {
  readonly item: Record<string, unknown>;
  readonly alert: string;
  readonly group: string | undefined;
}

/** js-yaml's values, read as `yaml` would read them, or NotQuick (thrown) where the two libraries might disagree. */
/** What the two js-yaml readers share: plain JavaScript objects as the tree. */
abstract class JsTree {
  protected constructor(protected readonly docs: readonly unknown[]) {}

  roots(): Iterable<unknown> {
    return this.docs;
  }

  asMap(v: unknown): unknown {
    return jsMap(v);
  }

  asSeq(v: unknown): readonly unknown[] | undefined {
    return Array.isArray(v) ? v : undefined;
  }

  get(m: unknown, k: string): unknown {
    return jsGet(m, k);
  }

  has(m: unknown, k: string): boolean {
    return Object.hasOwn(m as object, k);
  }
}

class QuickTree extends JsTree implements RuleTree<unknown, QuickRule> {
  /** Does the text hold a number js-yaml reads and the core schema does not? Asked at the first number read. */
  private numbersDiffer: boolean | undefined;
  /** Rules with an `alert` key (named or not), to match against the `alert:` lines of the text. */
  private alertKeys = 0;
  /** A line whose key is one of `keys` (sticky: matched where a line starts). */
  private readonly keyLines: readonly RegExp[];

  private constructor(private readonly path: string, private readonly text: string, docs: readonly unknown[], private readonly keys: readonly string[]) {
    super(docs);
    this.keyLines = keys.map((k) => new RegExp(`[ \\t]*(?:-[ \\t]+)*["']?${escapeRegex(k)}["']?[ \\t]*:`, 'y'));
  }

  /** Undefined when js-yaml refuses the text (or finds a duplicate key); throws NotQuick for aliases and merge keys. */
  static of(path: string, text: string, keys: readonly string[]): QuickTree | undefined {
    const docs: unknown[] = [];
    try {
      // Default (non-`json`) mode: a duplicate key throws, where `yaml` would keep the first and js-yaml the last.
      loadAll(text, (d) => docs.push(d), { schema: CORE_SCHEMA });
    } catch {
      return undefined;
    }
    if (MAYBE_SHARED.test(text)) {
      // An anchor, a merge key or a `__proto__` key may be written: look at every value. (Without an anchor there
      // is no alias: js-yaml refuses an alias to nothing.)
      const seen = new Set<object>();
      const walk = (v: unknown): void => {
        if (v === null || typeof v !== 'object') {
          return;
        }
        if (seen.has(v)) {
          throw new NotQuick(); // an alias: js-yaml shares the node
        }
        seen.add(v);
        if (Array.isArray(v)) {
          for (const x of v) {
            walk(x);
          }
        } else {
          for (const k of Object.keys(v)) {
            if (k === '<<' || k === '__proto__') {
              throw new NotQuick();
            }
            walk((v as Record<string, unknown>)[k]);
          }
        }
      };
      for (const d of docs) {
        walk(d);
      }
    }
    return new QuickTree(path, text, docs, keys);
  }

  /** A scalar as `yaml` would give it to `scalarString`, or NotQuick when the two libraries might disagree. */
  str(v: unknown): string | undefined {
    if (v === null || v === undefined || typeof v === 'object') {
      return undefined;
    }
    if (typeof v === 'string') {
      if (CORE_NON_STRING.test(v) && !sameEitherWay(v, true)) {
        throw new NotQuick(); // quoted in the file, or not? Cannot tell, and `yaml` would read them differently.
      }
      return detach(v);
    }
    if (typeof v === 'number' && (this.numbersDiffer ??= JSYAML_ONLY_NUMBER.test(this.text))) {
      throw new NotQuick();
    }
    return detach(String(v));
  }

  private strMap(v: unknown): Record<string, string> {
    return jsStringMap(v, (x) => this.str(x), (k) => {
      if (CORE_NON_STRING.test(k) && !sameEitherWay(k, false)) {
        throw new NotQuick(); // `yaml` keeps such keys typed (`true:`, `1.0:`)
      }
    });
  }

  alert(item: unknown): string | undefined {
    if (!Object.hasOwn(item as object, 'alert')) {
      return undefined;
    }
    this.alertKeys++;
    const v = (item as Record<string, unknown>).alert;
    if (v === null || typeof v === 'object') {
      return undefined;
    }
    return this.str(v)?.trim() || undefined;
  }

  groupsMapping(): void {
    throw new NotQuick(); // a problem to report, with `yaml`'s position
  }

  rule(item: unknown, alert: string, group: string | undefined): QuickRule {
    return { item: item as Record<string, unknown>, alert, group };
  }

  /** The rules found, with their positions from the text; undefined where the text leaves one in doubt. */
  place(found: readonly QuickRule[]): AlertRule[] | undefined {
    if (!found.length && !this.alertKeys) {
      return [];
    }
    // Positions by offsets into the text (lines end at `\n`; a line's text keeps its `\r`): rule files run to
    // megabytes, mostly recording rules, and only the lines of alerting rules are looked at one by one.
    const text = this.text;
    const starts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      starts.push(i + 1);
    }
    const lineEnd = (l: number): number => (l + 1 < starts.length ? starts[l + 1] - 1 : text.length);
    const lineText = (l: number): string => text.slice(starts[l], lineEnd(l));
    const alertLines: number[] = [];
    let l = 0;
    for (let at = text.indexOf('alert'); at >= 0; at = text.indexOf('alert', at + 1)) {
      while (l + 1 < starts.length && starts[l + 1] <= at) {
        l++;
      }
      if (isAlertKeyAt(text, starts[l], at)) {
        alertLines.push(l);
        at = lineEnd(l); // one per line
      }
    }
    if (alertLines.length !== this.alertKeys) {
      return undefined; // an `alert:` line in a block scalar, or a rule outside what was read
    }
    const out: AlertRule[] = [];
    let next = 0;
    for (const f of found) {
      // Rules without a usable alert name were counted too: skip their lines in order.
      let line: number | undefined;
      let head: RegExpExecArray | undefined;
      while (next < alertLines.length) {
        const at = alertLines[next++];
        const written = lineText(at);
        const m = DASH_ALERT.exec(written);
        if (!m) {
          return undefined; // `alert` not the rule's first key, or quoted: the rule's extent is not plain
        }
        const value = scalarOnLine(written, m[0].length);
        if (value === undefined) {
          return undefined;
        }
        const name = value.text.trim();
        if (name === f.alert) {
          line = at;
          head = m;
          break;
        }
        if (name !== '' && !/^(?:~|null|Null|NULL)$/.test(name)) {
          return undefined;
        }
        // The empty, null or nested `alert:` of a rule that was skipped.
      }
      if (line === undefined || head === undefined) {
        return undefined;
      }
      // The rule runs to the next line, not blank and not a comment, indented no more than its dash.
      const dash = head[1].length;
      let end = line + 1;
      for (; end < starts.length; end++) {
        let i = starts[end];
        for (let c = text.charCodeAt(i); c === 32 || c === 9; c = text.charCodeAt(++i)) {
          // indentation
        }
        if (i - starts[end] <= dash) {
          const t = lineText(end).replace(/\r$/, '');
          if (t.trim() !== '' && !t.trimStart().startsWith('#')) {
            break;
          }
        }
      }
      const annotations = this.strMap(f.item.annotations);
      const link = runbookLink(annotations, this.keys);
      let urlLine: number | undefined;
      if (link) {
        const keyRe = this.keyLines[link.key];
        let keyEnd = 0;
        for (let i = line + 1; i < end; i++) {
          keyRe.lastIndex = starts[i];
          if (keyRe.test(text)) {
            if (urlLine !== undefined) {
              return undefined; // twice in the rule (labels too, or a block scalar)
            }
            urlLine = i;
            keyEnd = keyRe.lastIndex - starts[i];
          }
        }
        if (urlLine === undefined) {
          return undefined;
        }
        const written = lineText(urlLine);
        const rest = written.slice(keyEnd);
        const value = scalarOnLine(written, keyEnd + (rest.length - rest.trimStart().length));
        if (!value || value.text.trim() !== link.url) {
          return undefined;
        }
      }
      out.push({
        alert: detach(f.alert), expr: this.str(f.item.expr) ?? '', for: this.str(f.item.for), labels: this.strMap(f.item.labels), annotations, runbookUrl: link?.url,
        path: this.path, line, character: head[0].length, urlLine, group: f.group,
      });
    }
    return out;
  }
}

/**
 * The scalar written at `from` on a line, when it is entirely there: plain (up to a ` #` comment), or single- or
 * double-quoted without escapes. Undefined for block scalars, flow collections, values on the next line, escapes.
 */
function scalarOnLine(raw: string, from: number): { text: string } | undefined {
  const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  const rest = line.slice(from);
  const c = rest[0];
  if (c === undefined || c === '#') {
    return { text: '' };
  }
  if (c === '|' || c === '>' || c === '[' || c === '{' || c === '&' || c === '*' || c === '!' || c === '#' || c === '%' || c === '@' || c === '`') {
    return undefined;
  }
  if (c === '"' || c === "'") {
    const close = rest.indexOf(c, 1);
    if (close < 0 || rest.slice(1, close).includes('\\') || (c === "'" && rest[close + 1] === "'")) {
      return undefined;
    }
    const after = rest.slice(close + 1).trim();
    if (after !== '' && !after.startsWith('#')) {
      return undefined;
    }
    return { text: rest.slice(1, close) };
  }
  const hash = rest.search(/[ \t]#/);
  const text = (hash < 0 ? rest : rest.slice(0, hash)).trim();
  if (text.includes(': ') || text.endsWith(':')) {
    return undefined;
  }
  return { text };
}

// ---------------------------------------------------------------------------------------------------------------
// YAML that `yaml` refuses: js-yaml, positions searched in the text

class LenientTree extends JsTree implements RuleTree<unknown, AlertRule> {
  readonly problems: RuleFileProblem[] = [];
  private readonly lines: string[];
  private cursor = 0;

  constructor(private readonly path: string, text: string, docs: readonly unknown[], private readonly keys: readonly string[]) {
    super(docs);
    this.lines = text.split(/\r?\n/);
  }

  str(v: unknown): string | undefined {
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? detach(String(v)) : undefined;
  }

  alert(item: unknown): string | undefined {
    return this.str(jsGet(item, 'alert'))?.trim() || undefined;
  }

  groupsMapping(): void {
    this.problems.push({ path: this.path, line: this.lineOf(/^\s*groups\s*:/, 0) ?? 0, message: GROUPS_MAPPING });
  }

  rule(value: unknown, alert: string, group: string | undefined): AlertRule {
    const item = value as Record<string, unknown>;
    const line = this.lineOf(new RegExp(`^[\\s-]*["']?alert["']?\\s*:\\s*["']?${escapeRegex(alert)}["']?\\s*(?:#.*)?$`), this.cursor) ?? this.cursor;
    this.cursor = line + 1;
    const str = (x: unknown) => this.str(x);
    const annotations = jsStringMap(item.annotations, str);
    const link = runbookLink(annotations, this.keys);
    const urlLine = link && this.lineOf(new RegExp(`^\\s*["']?${escapeRegex(this.keys[link.key])}["']?\\s*:`), line);
    const character = Math.max(0, (this.lines[line] ?? '').indexOf(alert));
    return {
      alert, expr: this.str(item.expr) ?? '', for: this.str(item.for), labels: jsStringMap(item.labels, str), annotations, runbookUrl: link?.url,
      path: this.path, line, character, urlLine, group,
    };
  }

  private lineOf(re: RegExp, from: number): number | undefined {
    for (let i = from; i < this.lines.length; i++) {
      if (re.test(this.lines[i])) {
        return i;
      }
    }
    return undefined;
  }
}

const GROUPS_MAPPING = '`groups` is a mapping, not a list of groups (`- name: …` / `rules:`): Prometheus rejects it, and its alerts are left out';

// ---------------------------------------------------------------------------------------------------------------
// `yaml`'s document model: positions from the nodes

type AnyDoc = Document.Parsed | Document;

/**
 * What reading one document may cost. Aliases are followed through a table built once (the library's own
 * `Alias.resolve` walks the whole document for each alias), and every node read is counted: without aliases a node
 * is read a few times at most, so the budget (proportional to the document's size) only runs out when aliases
 * expand into far more than was written — a "billion laughs", or a few aliases fanned out over each other.
 */
interface Walk {
  readonly targets: ReadonlyMap<Node, unknown>;
  readonly limit: number;
  spent: number;
  /** The alias followed last: where the problem is reported when the budget runs out. */
  alias: Node | undefined;
}

/** Nodes read per node written, plus a fixed allowance, before a document counts as an alias bomb. */
const WORK_PER_NODE = 100;
const WORK_BASE = 2_000_000;

class TooMuchWork extends Error {
  constructor(readonly limit: number, readonly alias: Node | undefined) {
    super('too much work');
  }
}

function prepareWalk(doc: AnyDoc): Walk {
  const anchors = new Map<string, Node>();
  const targets = new Map<Node, unknown>();
  let nodes = 0;
  // In document order, like `Alias.resolve`: an alias names the last anchor of that name before it.
  visit(doc, {
    Node(_key, node) {
      nodes++;
      if (isAlias(node)) {
        targets.set(node, anchors.get(node.source));
      } else if (node.anchor) {
        anchors.set(node.anchor, node);
      }
    },
  });
  return { targets, limit: WORK_BASE + WORK_PER_NODE * nodes, spent: 0, alias: undefined };
}

function spend(walk: Walk, n: number): void {
  walk.spent += n;
  if (walk.spent > walk.limit) {
    throw new TooMuchWork(walk.limit, walk.alias);
  }
}

/** `yaml`'s nodes, aliases followed (within each document's budget) and `<<` merge keys resolved. */
class YamlTree implements RuleTree<unknown, AlertRule> {
  readonly problems: RuleFileProblem[] = [];
  /** The document being read. */
  private walk: Walk = { targets: new Map(), limit: 0, spent: 0, alias: undefined };

  constructor(private readonly path: string, private readonly docs: readonly AnyDoc[], private readonly lineCounter: LineCounter, private readonly keys: readonly string[]) {}

  *roots(): Iterable<unknown> {
    for (const doc of this.docs) {
      this.walk = prepareWalk(doc);
      yield this.deref(doc.contents);
    }
  }

  asMap(node: unknown): unknown {
    const m = this.deref(node);
    return isMap(m) ? m : undefined;
  }

  asSeq(node: unknown): readonly unknown[] | undefined {
    const s = this.deref(node);
    if (!isSeq(s)) {
      return undefined;
    }
    spend(this.walk, s.items.length);
    return s.items;
  }

  get(map: unknown, key: string): unknown {
    if (!isMap(map)) {
      return undefined;
    }
    spend(this.walk, map.items.length + 1); // `map.get` looks through the items
    const direct = map.get(key, true);
    if (direct !== undefined) {
      return this.deref(direct);
    }
    // `<<: *defaults` merge keys
    for (const pair of map.items) {
      if (isScalar(pair.key) && pair.key.value === '<<') {
        const sources = this.deref(pair.value);
        for (const src of isSeq(sources) ? sources.items : [sources]) {
          const found = this.get(this.deref(src), key);
          if (found !== undefined) {
            return found;
          }
        }
      }
    }
    return undefined;
  }

  has(map: unknown, key: string): boolean {
    return (map as YAMLMap).has(key);
  }

  str(node: unknown): string | undefined {
    return scalarString(node);
  }

  alert(item: unknown): string | undefined {
    const alertNode = (item as YAMLMap).get('alert', true);
    if (!isScalar(alertNode) || alertNode.value === null || typeof alertNode.value === 'object') {
      return undefined; // a recording rule, or not a rule at all
    }
    return String(alertNode.value).trim() || undefined;
  }

  groupsMapping(groups: unknown): void {
    const map = groups as YAMLMap;
    if (map.items.length) {
      const line = (map as Node).range ? this.lineCounter.linePos((map as Node).range![0]).line - 1 : 0;
      this.problems.push({ path: this.path, line: Math.max(0, line - 1), message: GROUPS_MAPPING });
    }
  }

  rule(value: unknown, alert: string, group: string | undefined): AlertRule {
    const item = value as YAMLMap;
    const pos = this.position(item.get('alert', true) as Node);
    const labels = this.stringMap(this.deref(this.get(item, 'labels')));
    const annotationsNode = this.deref(this.get(item, 'annotations'));
    const annotations = this.stringMap(annotationsNode);
    const link = runbookLink(annotations, this.keys);
    const node = link && isMap(annotationsNode) ? annotationsNode.get(this.keys[link.key], true) : undefined;
    const urlLine = isScalar(node) ? this.position(node)?.line : undefined;
    return {
      alert: detach(alert),
      expr: scalarString(this.get(item, 'expr')) ?? '',
      for: scalarString(this.get(item, 'for')),
      labels,
      annotations,
      runbookUrl: link?.url,
      path: this.path,
      line: pos?.line ?? 0,
      character: pos?.character ?? 0,
      urlLine,
      group,
    };
  }

  private position(node: Node): { line: number; character: number } | undefined {
    if (!node.range) {
      return undefined;
    }
    const p = this.lineCounter.linePos(node.range[0]);
    return { line: p.line - 1, character: p.col - 1 };
  }

  private deref(node: unknown): unknown {
    if (isAlias(node)) {
      this.walk.alias = node;
      spend(this.walk, 1);
      return this.walk.targets.get(node);
    }
    return node;
  }

  /** A map of scalar values as strings (labels, annotations); other values are left out. */
  private stringMap(node: unknown): Record<string, string> {
    const out: Record<string, string> = {};
    if (!isMap(node)) {
      return out;
    }
    // Keys written in the map win over those merged in with `<<: *defaults`.
    const add = (map: YAMLMap, depth: number) => {
      spend(this.walk, map.items.length + 1);
      const merged: YAMLMap[] = [];
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? pair.key.value : undefined;
        if (key === '<<') {
          const sources = this.deref(pair.value);
          for (const src of isSeq(sources) ? sources.items : [sources]) {
            const m = this.deref(src);
            if (isMap(m)) {
              merged.push(m);
            }
          }
          continue;
        }
        if (typeof key !== 'string' && typeof key !== 'number') {
          continue;
        }
        const value = scalarString(this.deref(pair.value));
        const k = String(key);
        if (value !== undefined && !Object.hasOwn(out, k)) {
          // defineProperty: a `__proto__` key is data, not the object's prototype.
          Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
        }
      }
      if (depth < 8) {
        for (const m of merged) {
          add(m, depth + 1);
        }
      }
    };
    add(node, 0);
    return out;
  }
}

function scalarString(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined || typeof node.value === 'object') {
    return undefined;
  }
  return detach(String(node.value));
}

/**
 * The alerting rules of a workspace, by file. Files that define no alert and have no problem are not kept. Several
 * files or groups may define the same alert: `byAlert` returns every definition, ordered by path and line.
 */
export class RuleIndex {
  private readonly byFile = new Map<string, ParsedRuleFile>();
  private readonly byName = new Map<string, AlertRule[]>();
  private changes = 0;
  private sortedRules: AlertRule[] | undefined;
  private sortedAlerts: readonly string[] | undefined;
  private readonly keys: readonly string[];

  constructor(annotationKeys?: readonly string[]) {
    this.keys = annotationKeys && annotationKeys.length ? [...annotationKeys] : DEFAULT_ANNOTATION_KEYS;
  }

  /** The annotations read as runbook links, in order of preference. */
  get annotationKeys(): readonly string[] {
    return this.keys;
  }

  /** Number of files kept (with rules or problems). */
  get size(): number {
    return this.byFile.size;
  }

  /** Incremented on every change. */
  get version(): number {
    return this.changes;
  }

  /** Parse a file (text, or bytes decoded as UTF-8) and replace what the index had of it. */
  set(path: string, text: string | Uint8Array): void {
    let parsed: ParsedRuleFile;
    if (typeof text === 'string') {
      parsed = parseRuleFile(path, text, this.keys);
    } else {
      const decoded = decodeText(text);
      parsed = 'error' in decoded ? { rules: [], problems: [] } : parseRuleFile(path, decoded.text, this.keys);
    }
    this.setParsed(path, parsed);
  }

  /**
   * Replace what the index had of a file with its rules parsed already: `parseRuleFile(path, text, annotationKeys)`
   * of this index's keys (the CLI keeps them between runs).
   */
  setParsed(path: string, parsed: ParsedRuleFile): void {
    const existed = this.remove(path);
    if (parsed.rules.length || parsed.problems.length) {
      this.byFile.set(path, parsed);
      for (const r of parsed.rules) {
        // Copy on write: lists handed out by `byAlert` never change under their holder.
        const list = this.byName.get(r.alert);
        this.byName.set(r.alert, list ? [...list, r].sort(byPathAndLine) : [r]);
      }
      this.changed();
    } else if (existed) {
      this.changed();
    }
  }

  delete(path: string): boolean {
    const existed = this.remove(path);
    if (existed) {
      this.changed();
    }
    return existed;
  }

  /** Remove every file under `prefix` (a folder). */
  deleteUnder(prefix: string): number {
    const p = prefix.endsWith('/') ? prefix : `${prefix}/`;
    let n = 0;
    for (const path of [...this.byFile.keys()]) {
      if (path.startsWith(p) && this.delete(path)) {
        n++;
      }
    }
    return n;
  }

  clear(): void {
    if (this.byFile.size) {
      this.byFile.clear();
      this.byName.clear();
      this.changed();
    }
  }

  has(path: string): boolean {
    return this.byFile.has(path);
  }

  /** Record a problem with a file that could not be parsed at all (unreadable, too large): it has no rules. */
  addProblem(problem: RuleFileProblem): void {
    const old = this.byFile.get(problem.path);
    if (old) {
      this.byFile.set(problem.path, { rules: old.rules, problems: [...old.problems, problem] });
    } else {
      this.byFile.set(problem.path, { rules: [], problems: [problem] });
    }
    this.changed();
  }

  /** Rules of one file, in file order. */
  rulesIn(path: string): readonly AlertRule[] {
    return this.byFile.get(path)?.rules ?? [];
  }

  /** Every alerting rule, ordered by path and line. */
  rules(): AlertRule[] {
    this.sortedRules ??= [...this.byFile.values()].flatMap((f) => f.rules).sort(byPathAndLine);
    return [...this.sortedRules];
  }

  /** Every definition of `name`, ordered by path and line. */
  byAlert(name: string): readonly AlertRule[] {
    return this.byName.get(name) ?? NONE;
  }

  /** Alert names defined, sorted, unique (one array until the index changes: every runbook's lint asks). */
  alerts(): readonly string[] {
    return (this.sortedAlerts ??= Object.freeze([...this.byName.keys()].sort()));
  }

  /** Files kept, sorted. */
  files(): string[] {
    return [...this.byFile.keys()].sort();
  }

  problems(): RuleFileProblem[] {
    return [...this.byFile.values()].flatMap((f) => f.problems).sort(byPathAndLine);
  }

  private changed(): void {
    this.changes++;
    this.sortedRules = undefined;
    this.sortedAlerts = undefined;
  }

  private remove(path: string): boolean {
    const old = this.byFile.get(path);
    if (!old) {
      return false;
    }
    this.byFile.delete(path);
    for (const r of old.rules) {
      const list = this.byName.get(r.alert);
      if (list) {
        const rest = list.filter((x) => x.path !== path);
        if (rest.length) {
          this.byName.set(r.alert, rest);
        } else {
          this.byName.delete(r.alert);
        }
      }
    }
    return true;
  }
}

const NONE: readonly AlertRule[] = Object.freeze([]);

function byPathAndLine(a: { path: string; line: number }, b: { path: string; line: number }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line;
}
