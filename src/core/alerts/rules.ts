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
  return ALERT_LINE.test(text);
}

export interface ParsedRuleFile {
  rules: AlertRule[];
  problems: RuleFileProblem[];
}

/**
 * Alerting rules of one file. `path` is the file's opaque key (absolute path or URI string). Recording rules,
 * promtool test files, Alertmanager configs and other YAML yield nothing. YAML that does not parse (e.g. a Helm or
 * Jinja template) yields no rules and one problem when it looks like a rule file, nothing otherwise.
 */
export function parseRuleFile(path: string, text: string, annotationKeys: readonly string[] = DEFAULT_ANNOTATION_KEYS): ParsedRuleFile {
  if (text.charCodeAt(0) === 0xfeff) {
    text = text.slice(1);
  }
  return parseQuickly(path, text, annotationKeys.length ? annotationKeys : DEFAULT_ANNOTATION_KEYS) ?? parseRuleFileFully(path, text, annotationKeys);
}

/** `parseRuleFile` without the fast path: every file through `yaml`'s document model (exported for tests). */
export function parseRuleFileFully(path: string, text: string, annotationKeys: readonly string[] = DEFAULT_ANNOTATION_KEYS): ParsedRuleFile {
  const rules: AlertRule[] = [];
  const problems: RuleFileProblem[] = [];
  if (text.charCodeAt(0) === 0xfeff) {
    text = text.slice(1);
  }
  const lineCounter = new LineCounter();
  try {
    const parsed = parseAllDocuments(text, { lineCounter, prettyErrors: true, uniqueKeys: false, logLevel: 'silent' });
    const docs = Array.isArray(parsed) ? parsed : [];
    for (const doc of docs) {
      const err = doc.errors[0];
      if (err) {
        if (!looksLikeRuleFile(text)) {
          return { rules: [], problems };
        }
        // Some YAML that PyYAML and js-yaml (and so Prometheus' tooling around it) take, `yaml` refuses, e.g. a
        // quoted scalar whose continuation lines are not indented: read it with js-yaml rather than drop it.
        const lenient = parseLeniently(path, text, annotationKeys.length ? annotationKeys : DEFAULT_ANNOTATION_KEYS);
        if (lenient) {
          return lenient;
        }
        if (RULES_SHAPE.test(text)) {
          const line = err.linePos ? err.linePos[0].line - 1 : lineCounter.linePos(err.pos[0]).line - 1;
          const message = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
          problems.push({ path, line, message: `could not parse as YAML (templated?): ${message}` });
        }
        return { rules: [], problems };
      }
    }
    const keys = annotationKeys.length ? annotationKeys : DEFAULT_ANNOTATION_KEYS;
    const reader = { path, lineCounter, keys, problems };
    for (const doc of docs) {
      const walk = prepareWalk(doc);
      const root = deref(doc.contents, walk);
      if (isMap(root)) {
        readResource(root, walk, reader, rules);
      }
    }
  } catch (e) {
    if (e instanceof TooMuchWork) {
      const at = e.alias?.range ? lineCounter.linePos(e.alias.range[0]).line - 1 : 0;
      return { rules: [], problems: [{ path, line: at, message: `could not read rules: its aliases (\`*name\`) expand to too much (more than ${e.limit} nodes read); write the rules out` }] };
    }
    // The parser is total over strings; this guards against the unexpected (alias bombs, stack exhaustion).
    return { rules: [], problems: [{ path, line: 0, message: `could not read rules: ${(e as Error).message}` }] };
  }
  return { rules, problems };
}

/** Plain scalars that YAML 1.2's core schema reads as null, a boolean or a number (the `yaml` package's tests). */
const CORE_NON_STRING = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
/** Syntax js-yaml reads as a number that the core schema leaves a string (`1_000`, `0b101`). */
const JSYAML_ONLY_NUMBER = /[0-9a-fA-F]_[0-9a-fA-F]|\b0b[01]/;
/** A line whose key is `alert` (block style). */
const ALERT_KEY_LINE = /^[ \t]*(?:-[ \t]+)*["']?alert["']?[ \t]*:/;

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

/**
 * The fast path: the common rule file (block style, no anchors, aliases or merge keys, no duplicate keys) read with
 * js-yaml, several times faster than `yaml`'s document model, with each position found in the text where it is
 * unambiguous: the alert is the first key of its rule (`- alert: Name` on one line), every `alert:` line is a rule,
 * and the runbook link's key occurs once in its rule, its value on the same line. Anything else (or any value whose
 * type the two libraries could read differently) returns undefined, and the file is read with `yaml` as before.
 */
export function parseQuickly(path: string, text: string, keys: readonly string[]): ParsedRuleFile | undefined {
  let docs: unknown[];
  try {
    docs = [];
    // Default (non-`json`) mode: a duplicate key throws, where `yaml` would keep the first and js-yaml the last.
    loadAll(text, (d) => docs.push(d), { schema: CORE_SCHEMA });
  } catch {
    return undefined;
  }
  const numbersDiffer = JSYAML_ONLY_NUMBER.test(text);
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
  /** A scalar as `yaml` would give it to `scalarString`, or NotQuick when the two libraries might disagree. */
  const str = (v: unknown): string | undefined => {
    if (v === null || v === undefined || typeof v === 'object') {
      return undefined;
    }
    if (typeof v === 'string') {
      if (CORE_NON_STRING.test(v) && !sameEitherWay(v, true)) {
        throw new NotQuick(); // quoted in the file, or not? Cannot tell, and `yaml` would read them differently.
      }
      return detach(v);
    }
    if (typeof v === 'number' && numbersDiffer) {
      throw new NotQuick();
    }
    return detach(String(v));
  };
  const strMap = (v: unknown): Record<string, string> => {
    const out: Record<string, string> = {};
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k, x] of Object.entries(v)) {
        if (CORE_NON_STRING.test(k) && !sameEitherWay(k, false)) {
          throw new NotQuick(); // `yaml` keeps such keys typed (`true:`, `1.0:`)
        }
        const sv = str(x);
        if (sv !== undefined) {
          Object.defineProperty(out, k, { value: sv, enumerable: true, writable: true, configurable: true });
        }
      }
    }
    return out;
  };
  const asMap = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
  const get = (m: Record<string, unknown> | undefined, k: string): unknown => (m && Object.hasOwn(m, k) ? m[k] : undefined);

  interface Found {
    item: Record<string, unknown>;
    alert: string;
    group: string | undefined;
  }
  const found: Found[] = [];
  let alertKeys = 0;
  const readGroups = (groups: unknown) => {
    if (asMap(groups)) {
      throw new NotQuick(); // a problem to report, with `yaml`'s position
    }
    if (!Array.isArray(groups)) {
      return;
    }
    for (const g of groups) {
      const group = asMap(g);
      const rules = get(group, 'rules');
      if (!group || !Array.isArray(rules)) {
        continue;
      }
      const name = str(get(group, 'name'));
      for (const r of rules) {
        const item = asMap(r);
        if (!item || !Object.hasOwn(item, 'alert')) {
          continue;
        }
        alertKeys++;
        const v = item.alert;
        if (v === null || typeof v === 'object') {
          continue;
        }
        const alert = str(v)?.trim();
        if (alert) {
          found.push({ item, alert, group: name });
        }
      }
    }
  };
  try {
    for (const d of docs) {
      walk(d);
    }
    for (const d of docs) {
      const root = asMap(d);
      if (!root) {
        continue;
      }
      const kind = str(get(root, 'kind'));
      if (kind === 'List') {
        const items = root.items;
        if (Array.isArray(items)) {
          for (const it of items) {
            const m = asMap(it);
            const k = m ? str(get(m, 'kind')) : undefined;
            if (k !== undefined && RULE_KINDS.has(k)) {
              readGroups(get(asMap(get(m, 'spec')), 'groups'));
            }
          }
        }
        continue;
      }
      if (kind !== undefined) {
        if (RULE_KINDS.has(kind)) {
          const spec = asMap(root.spec);
          if (spec) {
            readGroups(get(spec, 'groups'));
          }
        }
        continue;
      }
      if (Object.hasOwn(root, 'rule_files') || Object.hasOwn(root, 'tests')) {
        continue;
      }
      readGroups(get(root, 'groups'));
    }
    if (!found.length && !alertKeys) {
      return { rules: [], problems: [] };
    }
    // Positions, from the text.
    const lines = text.split('\n');
    const alertLines: number[] = [];
    for (let i = 0; i < lines.length; i++) {
      if (ALERT_KEY_LINE.test(lines[i])) {
        alertLines.push(i);
      }
    }
    if (alertLines.length !== alertKeys) {
      return undefined; // an `alert:` line in a block scalar, or a rule outside what was read
    }
    const out: AlertRule[] = [];
    let next = 0;
    for (const f of found) {
      // Rules without a usable alert name were counted too: skip their lines in order.
      let line: number | undefined;
      while (next < alertLines.length) {
        const l = alertLines[next++];
        const m = /^([ \t]*)-[ \t]+alert[ \t]*:[ \t]*/.exec(lines[l]);
        if (!m) {
          return undefined; // `alert` not the rule's first key, or quoted: the rule's extent is not plain
        }
        const value = scalarOnLine(lines[l], m[0].length);
        if (value === undefined) {
          return undefined;
        }
        const written = value.text.trim();
        if (written === f.alert) {
          line = l;
          break;
        }
        if (written !== '' && !/^(?:~|null|Null|NULL)$/.test(written)) {
          return undefined;
        }
        // The empty, null or nested `alert:` of a rule that was skipped.
      }
      if (line === undefined) {
        return undefined;
      }
      const dash = /^[ \t]*/.exec(lines[line])![0].length;
      let end = line + 1;
      while (end < lines.length) {
        const t = lines[end].replace(/\r$/, '');
        const indent = /^[ \t]*/.exec(t)![0].length;
        if (t.trim() !== '' && !t.trimStart().startsWith('#') && indent <= dash) {
          break;
        }
        end++;
      }
      const annotations = strMap(f.item.annotations);
      let runbookUrl: string | undefined;
      let urlLine: number | undefined;
      for (const key of keys) {
        const v = annotations[key];
        if (v !== undefined && v.trim()) {
          runbookUrl = v.trim();
          const keyRe = new RegExp(`^[ \\t]*(?:-[ \\t]+)*["']?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?[ \\t]*:`);
          let at: number | undefined;
          for (let i = line + 1; i < end; i++) {
            if (keyRe.test(lines[i])) {
              if (at !== undefined) {
                return undefined; // twice in the rule (labels too, or a block scalar)
              }
              at = i;
            }
          }
          if (at === undefined) {
            return undefined;
          }
          const km = keyRe.exec(lines[at])!;
          const rest = lines[at].slice(km[0].length);
          const value = scalarOnLine(lines[at], km[0].length + (rest.length - rest.trimStart().length));
          if (!value || value.text.trim() !== runbookUrl) {
            return undefined;
          }
          urlLine = at;
          break;
        }
      }
      const m = /^([ \t]*)-[ \t]+alert[ \t]*:[ \t]*/.exec(lines[line])!;
      out.push({
        alert: detach(f.alert), expr: str(f.item.expr) ?? '', for: str(f.item.for), labels: strMap(f.item.labels), annotations, runbookUrl,
        path, line, character: m[0].length, urlLine, group: f.group,
      });
    }
    return { rules: out, problems: [] };
  } catch {
    return undefined; // NotQuick, or anything unexpected (a stack too deep): `yaml`'s path decides
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
  const lines = text.split(/\r?\n/);
  let cursor = 0;
  const lineOf = (re: RegExp, from: number): number | undefined => {
    for (let i = from; i < lines.length; i++) {
      if (re.test(lines[i])) {
        return i;
      }
    }
    return undefined;
  };
  const esc = (v: string) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const rules: AlertRule[] = [];
  const problems: RuleFileProblem[] = [];
  const str = (v: unknown): string | undefined => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? detach(String(v)) : undefined);
  const strMap = (v: unknown): Record<string, string> => {
    const out: Record<string, string> = {};
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k, x] of Object.entries(v)) {
        const sv = str(x);
        if (sv !== undefined) {
          Object.defineProperty(out, k, { value: sv, enumerable: true, writable: true, configurable: true });
        }
      }
    }
    return out;
  };
  const readGroupsJs = (groups: unknown) => {
    if (groups && typeof groups === 'object' && !Array.isArray(groups)) {
      problems.push({ path, line: lineOf(/^\s*groups\s*:/, 0) ?? 0, message: '`groups` is a mapping, not a list of groups (`- name: …` / `rules:`): Prometheus rejects it, and its alerts are left out' });
      return;
    }
    if (!Array.isArray(groups)) {
      return;
    }
    for (const g of groups) {
      const group = g && typeof g === 'object' ? (g as Record<string, unknown>) : undefined;
      if (!group || !Array.isArray(group.rules)) {
        continue;
      }
      for (const r of group.rules) {
        const item = r && typeof r === 'object' && !Array.isArray(r) ? (r as Record<string, unknown>) : undefined;
        const alert = item ? str(item.alert)?.trim() : undefined;
        if (!item || !alert) {
          continue;
        }
        const line = lineOf(new RegExp(`^[\\s-]*["']?alert["']?\\s*:\\s*["']?${esc(alert)}["']?\\s*(?:#.*)?$`), cursor) ?? cursor;
        cursor = line + 1;
        const annotations = strMap(item.annotations);
        let runbookUrl: string | undefined;
        let urlLine: number | undefined;
        for (const key of keys) {
          const v = annotations[key];
          if (v !== undefined && v.trim()) {
            runbookUrl = v.trim();
            urlLine = lineOf(new RegExp(`^\\s*["']?${esc(key)}["']?\\s*:`), line);
            break;
          }
        }
        const character = Math.max(0, (lines[line] ?? '').indexOf(alert));
        rules.push({
          alert, expr: str(item.expr) ?? '', for: str(item.for), labels: strMap(item.labels), annotations, runbookUrl,
          path, line, character, urlLine, group: str(group.name),
        });
      }
    }
  };
  for (const d of docs) {
    if (!d || typeof d !== 'object' || Array.isArray(d)) {
      continue;
    }
    const root = d as Record<string, unknown>;
    const kind = str(root.kind);
    if (kind !== undefined) {
      if (RULE_KINDS.has(kind) && root.spec && typeof root.spec === 'object') {
        readGroupsJs((root.spec as Record<string, unknown>).groups);
      }
      continue;
    }
    if ('rule_files' in root || 'tests' in root) {
      continue;
    }
    readGroupsJs(root.groups);
  }
  return { rules, problems };
}

interface Reader {
  readonly path: string;
  readonly lineCounter: LineCounter;
  readonly keys: readonly string[];
  readonly problems: RuleFileProblem[];
}

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

function readResource(root: YAMLMap, doc: Walk, reader: Reader, out: AlertRule[]): void {
  const kind = scalarString(get(root, 'kind', doc));
  if (kind === 'List') {
    // `kubectl get prometheusrules -o yaml`
    const items = get(root, 'items', doc);
    if (isSeq(items)) {
      spend(doc, items.items.length);
      for (const item of items.items) {
        const m = deref(item as Node, doc);
        if (isMap(m)) {
          const k = scalarString(get(m, 'kind', doc));
          if (k !== undefined && RULE_KINDS.has(k)) {
            readGroups(get(deref(get(m, 'spec', doc), doc) as YAMLMap, 'groups', doc), doc, reader, out);
          }
        }
      }
    }
    return;
  }
  if (kind !== undefined) {
    if (RULE_KINDS.has(kind)) {
      const spec = deref(get(root, 'spec', doc), doc);
      if (isMap(spec)) {
        readGroups(get(spec, 'groups', doc), doc, reader, out);
      }
    }
    return; // any other Kubernetes resource (or docker-compose `kind`?) is not a rule file
  }
  // A plain rule file has `groups` (and, for Cortex/Mimir tooling, `namespace`); a promtool test file has
  // `rule_files` and `tests`, a Prometheus config `rule_files` and `alerting`: neither defines rules.
  if (has(root, 'rule_files') || has(root, 'tests')) {
    return;
  }
  readGroups(get(root, 'groups', doc), doc, reader, out);
}

function readGroups(groupsNode: unknown, doc: Walk, reader: Reader, out: AlertRule[]): void {
  const groups = deref(groupsNode, doc);
  if (isMap(groups) && groups.items.length) {
    const line = (groups as Node).range ? reader.lineCounter.linePos((groups as Node).range![0]).line - 1 : 0;
    reader.problems.push({ path: reader.path, line: Math.max(0, line - 1), message: '`groups` is a mapping, not a list of groups (`- name: …` / `rules:`): Prometheus rejects it, and its alerts are left out' });
    return;
  }
  if (!isSeq(groups)) {
    return;
  }
  spend(doc, groups.items.length);
  for (const g of groups.items) {
    const group = deref(g, doc);
    if (!isMap(group)) {
      continue;
    }
    const name = scalarString(get(group, 'name', doc));
    const rulesNode = deref(get(group, 'rules', doc), doc);
    if (!isSeq(rulesNode)) {
      continue;
    }
    spend(doc, rulesNode.items.length);
    for (const r of rulesNode.items) {
      const item = deref(r, doc);
      if (isMap(item)) {
        const rule = readRule(item, name, doc, reader);
        if (rule) {
          out.push(rule);
        }
      }
    }
  }
}

function readRule(item: YAMLMap, group: string | undefined, doc: Walk, reader: Reader): AlertRule | undefined {
  const alertNode = item.get('alert', true);
  if (!isScalar(alertNode) || alertNode.value === null || typeof alertNode.value === 'object') {
    return undefined; // a recording rule, or not a rule at all
  }
  const alert = String(alertNode.value).trim();
  if (!alert) {
    return undefined;
  }
  const pos = position(alertNode, reader.lineCounter);
  const labels = stringMap(deref(get(item, 'labels', doc), doc), doc);
  const annotationsNode = deref(get(item, 'annotations', doc), doc);
  const annotations = stringMap(annotationsNode, doc);
  let runbookUrl: string | undefined;
  let urlLine: number | undefined;
  for (const key of reader.keys) {
    const v = annotations[key];
    if (v !== undefined && v.trim()) {
      runbookUrl = v.trim();
      const node = isMap(annotationsNode) ? annotationsNode.get(key, true) : undefined;
      urlLine = isScalar(node) ? position(node, reader.lineCounter)?.line : undefined;
      break;
    }
  }
  return {
    alert: detach(alert),
    expr: scalarString(get(item, 'expr', doc)) ?? '',
    for: scalarString(get(item, 'for', doc)),
    labels,
    annotations,
    runbookUrl,
    path: reader.path,
    line: pos?.line ?? 0,
    character: pos?.character ?? 0,
    urlLine,
    group,
  };
}

function position(node: Node, lineCounter: LineCounter): { line: number; character: number } | undefined {
  if (!node.range) {
    return undefined;
  }
  const p = lineCounter.linePos(node.range[0]);
  return { line: p.line - 1, character: p.col - 1 };
}

function deref(node: unknown, doc: Walk): unknown {
  if (isAlias(node)) {
    doc.alias = node;
    spend(doc, 1);
    return doc.targets.get(node);
  }
  return node;
}

function get(map: unknown, key: string, doc: Walk): unknown {
  if (!isMap(map)) {
    return undefined;
  }
  spend(doc, map.items.length + 1); // `map.get` looks through the items
  const direct = map.get(key, true);
  if (direct !== undefined) {
    return deref(direct, doc);
  }
  // `<<: *defaults` merge keys
  for (const pair of map.items) {
    if (isScalar(pair.key) && pair.key.value === '<<') {
      const sources = deref(pair.value, doc);
      for (const src of isSeq(sources) ? sources.items : [sources]) {
        const found = get(deref(src, doc), key, doc);
        if (found !== undefined) {
          return found;
        }
      }
    }
  }
  return undefined;
}

function has(map: YAMLMap, key: string): boolean {
  return map.has(key);
}

function scalarString(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined || typeof node.value === 'object') {
    return undefined;
  }
  return detach(String(node.value));
}

/** A map of scalar values as strings (labels, annotations); other values are left out. */
function stringMap(node: unknown, doc: Walk): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isMap(node)) {
    return out;
  }
  // Keys written in the map win over those merged in with `<<: *defaults`.
  const add = (map: YAMLMap, depth: number) => {
    spend(doc, map.items.length + 1);
    const merged: YAMLMap[] = [];
    for (const pair of map.items) {
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      if (key === '<<') {
        const sources = deref(pair.value, doc);
        for (const src of isSeq(sources) ? sources.items : [sources]) {
          const m = deref(src, doc);
          if (isMap(m)) {
            merged.push(m);
          }
        }
        continue;
      }
      if (typeof key !== 'string' && typeof key !== 'number') {
        continue;
      }
      const value = scalarString(deref(pair.value, doc));
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

/**
 * The alerting rules of a workspace, by file. Files that define no alert and have no problem are not kept. Several
 * files or groups may define the same alert: `byAlert` returns every definition, ordered by path and line.
 */
export class RuleIndex {
  private readonly byFile = new Map<string, ParsedRuleFile>();
  private readonly byName = new Map<string, AlertRule[]>();
  private changes = 0;
  private sortedRules: AlertRule[] | undefined;
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

  /** Alert names defined, sorted, unique. */
  alerts(): string[] {
    return [...this.byName.keys()].sort();
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
