// From an alert name (and its labels) to the runbooks that serve it: front matter, the rules' runbook_url, file
// names. Works on the indexes alone: runbook_urls are matched against indexed paths, never read from disk.
import type { Heading } from '../model';
import type { RunbookEntry, RunbookIndex } from '../runbookIndex';
import { slugify } from '../slug';
import { basename, dirname } from '../text';
import type { AlertRule, Resolution, UrlMapping } from './model';
import type { RuleIndex } from './rules';

export interface ResolveContext {
  readonly runbooks: RunbookIndex;
  readonly rules: RuleIndex;
  readonly mappings: readonly UrlMapping[];
  /** Workspace folders, in the same form as runbook paths (absolute `/`-paths, or URI strings like `file:///w/x`). */
  readonly roots: readonly string[];
}

export interface Coverage {
  /** Alerts defined by rules that resolve to at least one runbook, sorted by name. */
  covered: { alert: string; resolutions: Resolution[] }[];
  /** Every definition of the alerts defined by rules that resolve to nothing, by alert, path and line. */
  uncovered: AlertRule[];
  /** Exact alert names in runbooks' front matter that no rule defines (empty when no rule defines any alert). */
  unknownAlerts: { path: string; alert: string }[];
  /** runbook_urls that point into the workspace (relative, or matched by a URL mapping) at nothing. */
  danglingUrls: { rule: AlertRule; url: string }[];
  /** runbook_urls with a template that is not a label (e.g. `{{ .Values.x }}`, `{{ $externalLabels.x }}`): not checked. */
  uncheckedUrls: { rule: AlertRule; url: string }[];
}

export interface ResolveOptions {
  /**
   * A label a templated runbook_url needs but `labels` lacks matches any value: the URL resolves to every runbook
   * it could name (for views of a rule, where no alert instance gives the labels). Default: it matches nothing.
   */
  readonly anyLabelValue?: boolean;
}

/**
 * Every runbook for `alert`, strongest first, one per path and anchor: front matter (exact names, then globs, most
 * specific first), then the runbook_url of each rule defining the alert, then files named after the alert
 * (`KubePodCrashLooping.md`, `kubepodcrashlooping.md`, `kube-pod-crash-looping.md`, `kube_pod_crash_looping.md`).
 * `labels` fill `{{ $labels.x }}` templates in runbook_urls; a URL that needs a label not given does not match
 * (unless `options.anyLabelValue`).
 */
export function resolveAlert(ctx: ResolveContext, alert: string, labels?: Readonly<Record<string, string>>, options?: ResolveOptions): Resolution[] {
  const fromRules: Resolution[] = [];
  for (const rule of ctx.rules.byAlert(alert)) {
    if (rule.runbookUrl) {
      const outcome = analyzeUrl(ctx, rule.runbookUrl, rule.path, templateLabels(rule, alert, labels), options?.anyLabelValue === true);
      if (outcome.kind === 'found') {
        fromRules.push(...urlResolutions(ctx, alert, rule, outcome));
      }
    }
  }
  return dedupe([...frontMatterResolutions(ctx, alert), ...fromRules, ...fileNameResolutions(ctx, alert)]);
}

/**
 * The runbook a runbook_url points to: a path relative to the rule file's folder (or, starting with `/`, to a
 * workspace folder), or an absolute URL under the prefix of the first matching URL mapping, looked for under
 * `<root>/<folder>` of every root. With or without `.md`, any case; a trailing slash means `<dir>.md`,
 * `<dir>/README.md` or `<dir>/index.md`. `{{ $labels.x }}` / `{{ .Labels.x }}` are filled from `labels` (give
 * `alertname` too); a URL that needs a label not given, or any other template, matches nothing. The anchor is the
 * slug of the heading named by the URL's `#fragment`, if the runbook has it. Never returns a path outside `roots`.
 */
export function resolveRunbookUrl(
  ctx: ResolveContext,
  url: string,
  rulePath: string,
  labels?: Readonly<Record<string, string>>,
): { path: string; anchor: string | undefined } | undefined {
  const outcome = analyzeUrl(ctx, url, rulePath, labels ?? {}, false);
  if (outcome.kind !== 'found') {
    return undefined;
  }
  const path = outcome.paths[0];
  const entry = ctx.runbooks.get(path);
  return { path, anchor: entry && outcome.fragment !== undefined ? headingFor(entry, outcome.fragment)?.slug : undefined };
}

/**
 * How well the rule files and the runbooks cover each other. runbook_urls templated with labels other than
 * `alertname` are checked against every runbook the template could name (`{{ $labels.namespace }}` matches any
 * folder), so a URL is dangling only when no label values could make it resolve.
 */
export function coverage(ctx: ResolveContext): Coverage {
  const covered: Coverage['covered'] = [];
  const uncovered: AlertRule[] = [];
  const danglingUrls: Coverage['danglingUrls'] = [];
  const uncheckedUrls: Coverage['uncheckedUrls'] = [];
  const alerts = ctx.rules.alerts();
  for (const alert of alerts) {
    const rules = ctx.rules.byAlert(alert);
    const fromRules: Resolution[] = [];
    for (const rule of rules) {
      if (!rule.runbookUrl) {
        continue;
      }
      const outcome = analyzeUrl(ctx, rule.runbookUrl, rule.path, templateLabels(rule, alert, undefined), true);
      if (outcome.kind === 'found') {
        fromRules.push(...urlResolutions(ctx, alert, rule, outcome));
      } else if (outcome.kind === 'missing') {
        danglingUrls.push({ rule, url: rule.runbookUrl });
      } else if (outcome.kind === 'unchecked') {
        uncheckedUrls.push({ rule, url: rule.runbookUrl });
      }
    }
    const resolutions = dedupe([...frontMatterResolutions(ctx, alert), ...fromRules, ...fileNameResolutions(ctx, alert)]);
    if (resolutions.length) {
      covered.push({ alert, resolutions });
    } else {
      uncovered.push(...rules);
    }
  }
  const unknownAlerts: Coverage['unknownAlerts'] = [];
  if (alerts.length) {
    for (const e of [...ctx.runbooks.all()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
      for (const a of e.alerts) {
        if (!a.includes('*') && !a.includes('?') && ctx.rules.byAlert(a).length === 0) {
          unknownAlerts.push({ path: e.path, alert: a });
        }
      }
    }
  }
  const byRule = (x: { rule: AlertRule }, y: { rule: AlertRule }) => (x.rule.path < y.rule.path ? -1 : x.rule.path > y.rule.path ? 1 : x.rule.line - y.rule.line);
  return { covered, uncovered, unknownAlerts, danglingUrls: danglingUrls.sort(byRule), uncheckedUrls: uncheckedUrls.sort(byRule) };
}

// ---------------------------------------------------------------------------------------------------------------
// Resolutions by source

function frontMatterResolutions(ctx: ResolveContext, alert: string): Resolution[] {
  const slug = slugify(alert);
  return ctx.runbooks.findByAlert(alert).map((m): Resolution => {
    const h = alertHeading(m.runbook, slug);
    return { path: m.runbook.path, anchor: h?.slug, line: lineOf(m.runbook, h), via: m.exact ? 'front-matter' : 'front-matter-glob', pattern: m.pattern };
  });
}

function urlResolutions(ctx: ResolveContext, alert: string, rule: AlertRule, found: Found): Resolution[] {
  const out: Resolution[] = [];
  for (const path of found.paths) {
    const entry = ctx.runbooks.get(path);
    if (!entry) {
      continue;
    }
    const h = (found.fragment !== undefined ? headingFor(entry, found.fragment) : undefined) ?? alertHeading(entry, slugify(alert));
    out.push({ path, anchor: h?.slug, line: lineOf(entry, h), via: 'runbook_url', rule: { path: rule.path, line: rule.line } });
  }
  return out;
}

function fileNameResolutions(ctx: ResolveContext, alert: string): Resolution[] {
  const lk = lookup(ctx.runbooks);
  const paths = lk.byStem.get(loose(alert)) ?? [];
  const lower = alert.toLowerCase();
  // The alert's own spelling first, then any case, then kebab/snake case; by path within each.
  const rank = (p: string) => {
    const s = stem(basename(p));
    return s === alert ? 0 : s.toLowerCase() === lower ? 1 : 2;
  };
  const slug = slugify(alert);
  return [...paths].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0)).map((path) => {
    const entry = ctx.runbooks.get(path)!;
    const h = alertHeading(entry, slug);
    return { path, anchor: h?.slug, line: lineOf(entry, h), via: 'file-name' as const };
  });
}

/** Keep the first (strongest) resolution of each path + anchor. */
function dedupe(list: readonly Resolution[]): Resolution[] {
  const seen = new Map<string, Set<string>>(); // path → anchors ('' for none): no key strings built per match
  const out: Resolution[] = [];
  for (const r of list) {
    let anchors = seen.get(r.path);
    if (!anchors) {
      anchors = new Set();
      seen.set(r.path, anchors);
    }
    const anchor = r.anchor ?? '';
    if (!anchors.has(anchor)) {
      anchors.add(anchor);
      out.push(r);
    }
  }
  return out;
}

/** Each entry's headings by slug (entries are immutable: a change replaces the entry, and this with it). */
const headingsBySlug = new WeakMap<RunbookEntry, Map<string, Heading>>();

/** A heading named after the alert (single-file runbooks with a section per alert); never the document's title. */
function alertHeading(entry: RunbookEntry, alertSlug: string): Heading | undefined {
  let bySlug = headingsBySlug.get(entry);
  if (!bySlug) {
    bySlug = new Map();
    entry.headings.forEach((h, i) => {
      if (!(i === 0 && h.level === 1) && !bySlug!.has(h.slug)) {
        bySlug!.set(h.slug, h);
      }
    });
    headingsBySlug.set(entry, bySlug);
  }
  return bySlug.get(alertSlug);
}

/** The heading a URL fragment names: its GitHub slug as written, or the slug of the text written. */
function headingFor(entry: RunbookEntry, fragment: string): Heading | undefined {
  if (!fragment) {
    return undefined;
  }
  const slug = slugify(fragment);
  return entry.headings.find((h) => h.slug === fragment) ?? entry.headings.find((h) => h.slug === slug);
}

function lineOf(entry: RunbookEntry, h: Heading | undefined): number {
  return h?.line ?? entry.headings[0]?.line ?? 0;
}

/** Labels a rule's runbook_url template may use: the rule's static labels, the alert's, and `alertname`. */
function templateLabels(rule: AlertRule, alert: string, labels: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (k: string, v: string) => Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  for (const [k, v] of Object.entries(rule.labels)) {
    if (!v.includes('{{')) {
      put(k, v);
    }
  }
  for (const [k, v] of Object.entries(labels ?? {})) {
    put(k, v);
  }
  put('alertname', alert);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Paths: index keys as (head, decoded segments), so that `file:///w/a%20b.md` and `/w/a b.md` compare alike.

interface Key {
  /** `scheme://authority` (lower-cased) for URI strings, `` for plain paths. */
  readonly head: string;
  readonly segs: readonly string[];
}

const URI_HEAD = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)([^?#]*)/i;

function keyOf(path: string): Key {
  const m = URI_HEAD.exec(path);
  if (m) {
    return { head: m[1].toLowerCase(), segs: m[2].split('/').filter((s) => s !== '').map(decodeSegment) };
  }
  return { head: '', segs: path.split('/').filter((s) => s !== '') };
}

function keyString(head: string, segs: readonly string[]): string {
  return `${head}/${segs.join('/')}`.toLowerCase();
}

/** Percent-decoding that never throws: invalid sequences stay as written. */
function decodeSegment(s: string): string {
  if (!s.includes('%')) {
    return s;
  }
  try {
    return decodeURIComponent(s);
  } catch {
    return s.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

function stem(name: string): string {
  return name.replace(/\.(?:md|markdown)$/i, '').replace(/\.runbook$/i, '');
}

/** Case, `-`, `_`, `:` and spaces ignored: `KubePodCrashLooping` ~ `kube-pod-crash-looping` ~ `kube_pod_crash_looping`. */
function loose(name: string): string {
  return name.toLowerCase().replace(/[-_:\s]+/g, '');
}

interface Lookup {
  readonly version: number;
  /** Lower-cased canonical key → paths. */
  readonly byKey: Map<string, string[]>;
  /** Loose file stem → paths. */
  readonly byStem: Map<string, string[]>;
  readonly keys: Map<string, Key>;
}

const lookups = new WeakMap<RunbookIndex, Lookup>();

/** Lookup tables over the index's paths, rebuilt when its version changes. */
function lookup(index: RunbookIndex): Lookup {
  const cached = lookups.get(index);
  if (cached && cached.version === index.version) {
    return cached;
  }
  const lk: Lookup = { version: index.version, byKey: new Map(), byStem: new Map(), keys: new Map() };
  const push = (map: Map<string, string[]>, k: string, v: string) => {
    const list = map.get(k);
    if (list) {
      list.push(v);
    } else {
      map.set(k, [v]);
    }
  };
  for (const e of index.all()) {
    const key = keyOf(e.path);
    lk.keys.set(e.path, key);
    push(lk.byKey, keyString(key.head, key.segs), e.path);
    push(lk.byStem, loose(stem(basename(e.path))), e.path);
  }
  lookups.set(index, lk);
  return lk;
}

function under(key: Key, root: Key): boolean {
  if (key.head !== root.head || key.segs.length <= root.segs.length) {
    return false;
  }
  return root.segs.every((s, i) => s.toLowerCase() === key.segs[i].toLowerCase());
}

// ---------------------------------------------------------------------------------------------------------------
// runbook_url analysis

interface Found {
  readonly kind: 'found';
  readonly paths: string[];
  /** Decoded `#fragment`, if any. */
  readonly fragment: string | undefined;
}

type Outcome =
  | Found
  /** Points into the workspace (relative, or under a mapped prefix) at nothing. */
  | { readonly kind: 'missing' }
  /** An absolute URL that no mapping claims: it points elsewhere. */
  | { readonly kind: 'external' }
  /** A template that cannot be filled in. */
  | { readonly kind: 'unchecked' };

/** Stands for any value of a label the caller does not know (coverage checks). */
const WILD = '\uE000';
const TEMPLATE = /\{\{-?\s*([\s\S]*?)\s*-?\}\}/g;
const LABEL_REF = /^(?:\$labels|\.Labels|\.CommonLabels|\.GroupLabels)\.([A-Za-z_][A-Za-z0-9_]*)$/;
const INDEX_REF = /^index\s+(?:\$labels|\.Labels|\.CommonLabels|\.GroupLabels)\s+"([A-Za-z_][A-Za-z0-9_]*)"$/;
const FUNCTIONS: Readonly<Record<string, (s: string) => string>> = {
  toLower: (s) => s.toLowerCase(),
  toUpper: (s) => s.toUpperCase(),
  urlquery: (s) => s,
  pathEscape: (s) => s,
  queryEscape: (s) => s,
};
const SCHEME = /^[a-z][a-z0-9+.-]+:/i; // two letters at least: `C:` is a drive

/** `$labels.x | toLower` → the label and the functions to apply, or undefined for anything else. */
function parseTemplate(expr: string): { label: string; fns: ((s: string) => string)[] } | undefined {
  const [head, ...pipes] = expr.split('|').map((p) => p.trim());
  const m = LABEL_REF.exec(head) ?? INDEX_REF.exec(head);
  if (!m) {
    return undefined;
  }
  const fns: ((s: string) => string)[] = [];
  for (const p of pipes) {
    const fn = Object.hasOwn(FUNCTIONS, p) ? FUNCTIONS[p] : undefined;
    if (!fn) {
      return undefined;
    }
    fns.push(fn);
  }
  return { label: m[1], fns };
}

/** A label value may fill one path segment: not empty, no separators, no `.`/`..`, no control characters. */
function safeValue(v: string): boolean {
  // eslint-disable-next-line no-control-regex
  return v !== '' && v !== '.' && v !== '..' && !/[/\\\u0000-\u001f\u007f]/.test(v);
}

function analyzeUrl(ctx: ResolveContext, url: string, rulePath: string, labels: Readonly<Record<string, string>>, wildcard: boolean): Outcome {
  let unchecked = false;
  let invalid = false;
  let s = url.trim().replace(TEMPLATE, (_, expr: string) => {
    const t = parseTemplate(expr);
    if (!t) {
      unchecked = true;
      return '';
    }
    const value = Object.hasOwn(labels, t.label) ? labels[t.label] : undefined;
    if (value === undefined) {
      if (wildcard) {
        return WILD;
      }
      unchecked = true;
      return '';
    }
    const v = t.fns.reduce((acc, fn) => fn(acc), value);
    if (!safeValue(v)) {
      invalid = true;
      return '';
    }
    return encodeURIComponent(v);
  });
  if (unchecked) {
    return { kind: 'unchecked' };
  }
  if (invalid) {
    return { kind: 'missing' };
  }

  let fragment: string | undefined;
  const hash = s.indexOf('#');
  if (hash !== -1) {
    fragment = decodeSegment(s.slice(hash + 1)) || undefined;
    s = s.slice(0, hash);
  }
  const q = s.indexOf('?');
  if (q !== -1) {
    s = s.slice(0, q);
  }
  if (!s) {
    return { kind: 'missing' };
  }
  if (s.startsWith('//')) {
    s = `https:${s}`;
  }

  const roots = ctx.roots.map(keyOf);
  /** Where the path starts, and how far `..` may climb (the root, for mapped and root-relative URLs). */
  const bases: { segs: string[]; floor: number; head: string }[] = [];
  let rest: string;
  let mapped: { folder: readonly string[] } | undefined;
  if (SCHEME.test(s)) {
    const m = matchMapping(ctx.mappings, s);
    if (!m) {
      return { kind: 'external' };
    }
    rest = m.rest;
    const folder: string[] = [];
    for (const p of m.mapping.folder.split(/[/\\]/)) {
      if (p === '..') {
        if (!folder.pop()) {
          return { kind: 'missing' }; // a mapping onto a folder outside the root maps onto nothing
        }
      } else if (p !== '' && p !== '.') {
        folder.push(p);
      }
    }
    mapped = { folder };
    for (const r of roots) {
      bases.push({ head: r.head, segs: [...r.segs, ...folder], floor: r.segs.length });
    }
  } else if (s.startsWith('/')) {
    rest = s;
    for (const r of roots) {
      bases.push({ head: r.head, segs: [...r.segs], floor: r.segs.length });
    }
  } else {
    rest = s;
    const dir = keyOf(dirname(rulePath));
    bases.push({ head: dir.head, segs: [...dir.segs], floor: 0 });
  }

  const trailing = rest === '' || rest.endsWith('/');
  const parts: string[] = [];
  for (const p of rest.split('/')) {
    if (p === '' || p === '.') {
      continue;
    }
    const d = decodeSegment(p);
    // eslint-disable-next-line no-control-regex
    if (/[/\\\u0000]/.test(d)) {
      return { kind: 'missing' }; // `%2F..%2F` and friends
    }
    parts.push(d);
  }

  const lk = lookup(ctx.runbooks);
  const found = new Set<string>();
  for (const base of bases) {
    const segs = [...base.segs];
    let escaped = false;
    for (const p of parts) {
      if (p === '..') {
        if (segs.length <= base.floor) {
          escaped = true;
          break;
        }
        segs.pop();
      } else if (p !== '.') {
        segs.push(p);
      }
    }
    if (escaped) {
      continue;
    }
    const inRoots = (path: string) => {
      const k = lk.keys.get(path);
      return !!k && roots.some((r) => under(k, r));
    };
    for (const cand of candidates(segs, trailing)) {
      const hits = cand.some((c) => c.includes(WILD)) ? matchWild(lk, base.head, cand) : lk.byKey.get(keyString(base.head, cand)) ?? [];
      const inside = hits.filter(inRoots);
      if (inside.length) {
        // Same file in another case (a case-insensitive file system): prefer the exact spelling.
        const exact = inside.find((p) => lk.keys.get(p)!.segs.join('/') === cand.join('/'));
        for (const p of exact ? [exact, ...inside.filter((x) => x !== exact)] : inside.sort()) {
          found.add(p);
        }
        if (!wildcard) {
          break;
        }
      }
    }
    if (found.size && !wildcard) {
      break;
    }
  }
  if (!found.size && mapped && !parts.includes('..') && !parts.some((p) => p.includes(WILD))) {
    const byName = fallbackByName(lk, roots, mapped.folder, parts, trailing);
    if (byName) {
      found.add(byName);
    }
  }
  return found.size ? { kind: 'found', paths: [...found], fragment } : { kind: 'missing' };
}

function matchMapping(mappings: readonly UrlMapping[], url: string): { mapping: UrlMapping; rest: string } | undefined {
  for (const mapping of mappings) {
    const prefix = (mapping.prefix ?? '').trim().replace(/\/+$/, '');
    if (!prefix || typeof mapping.folder !== 'string') {
      continue;
    }
    // A prefix written without a scheme (`runbooks.example.com/runbooks`) matches http and https.
    const target = SCHEME.test(prefix) ? url : url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
    if (target.length < prefix.length || target.slice(0, prefix.length).toLowerCase() !== prefix.toLowerCase()) {
      continue;
    }
    const rest = target.slice(prefix.length);
    if (rest === '' || rest.startsWith('/')) {
      return { mapping, rest };
    }
  }
  return undefined;
}

/** The files a URL path may name: `x` → `x.md`, `x.runbook.md`, `x/README.md`, `x/index.md`; `x/` → `x.md`, `x/README.md`, `x/index.md`. */
function candidates(segs: readonly string[], trailing: boolean): string[][] {
  const last = segs[segs.length - 1];
  const dir = segs.slice(0, -1);
  const folder = (t: readonly string[]): string[][] =>
    t.length ? [[...t.slice(0, -1), `${t[t.length - 1]}.md`], [...t, 'README.md'], [...t, 'index.md']] : [['README.md'], ['index.md']];
  if (last === undefined) {
    return folder([]);
  }
  if (trailing) {
    return folder(segs);
  }
  if (/^index\.html?$/i.test(last)) {
    return folder(dir);
  }
  if (/\.(?:md|markdown)$/i.test(last)) {
    return [[...segs]];
  }
  if (/\.html?$/i.test(last)) {
    return [[...dir, last.replace(/\.html?$/i, '.md')]];
  }
  return [[...dir, `${last}.md`], [...dir, `${last}.runbook.md`], [...segs, 'README.md'], [...segs, 'index.md']];
}

function matchWild(lk: Lookup, head: string, cand: readonly string[]): string[] {
  const pattern = keyString(head, cand).split(WILD).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+');
  const re = new RegExp(`^${pattern}$`);
  const last = cand[cand.length - 1] ?? '';
  if (!last.includes(WILD)) {
    // The file name is known: test only the files of that name.
    return (lk.byStem.get(loose(stem(last))) ?? []).filter((p) => {
      const k = lk.keys.get(p)!;
      return re.test(keyString(k.head, k.segs));
    });
  }
  const out: string[] = [];
  for (const [k, paths] of lk.byKey) {
    if (re.test(k)) {
      out.push(...paths);
    }
  }
  return out;
}

/**
 * A mapped URL whose path is not laid out like the folder: look for the file by name under `<root>/<folder>`. When
 * several folders hold a file of that name, the one whose folders match more of the URL's last folders wins; a tie
 * is ambiguous (no match).
 */
function fallbackByName(lk: Lookup, roots: readonly Key[], folder: readonly string[], parts: readonly string[], trailing: boolean): string | undefined {
  const last = parts[parts.length - 1];
  if (last === undefined) {
    return undefined;
  }
  const name = trailing ? last : last.replace(/\.(?:md|markdown|html?)$/i, '');
  if (/^(?:index|readme)$/i.test(name)) {
    return undefined;
  }
  const urlDirs = parts.slice(0, -1).map((p) => p.toLowerCase());
  const scored: { path: string; score: number }[] = [];
  for (const path of lk.byStem.get(loose(stem(name))) ?? []) {
    const key = lk.keys.get(path)!;
    const root = roots.find((r) => under(key, { head: r.head, segs: [...r.segs, ...folder] }));
    if (!root) {
      continue;
    }
    const dirs = key.segs.slice(root.segs.length + folder.length, -1).map((p) => p.toLowerCase());
    let score = 0;
    while (score < dirs.length && score < urlDirs.length && dirs[dirs.length - 1 - score] === urlDirs[urlDirs.length - 1 - score]) {
      score++;
    }
    scored.push({ path, score });
  }
  scored.sort((a, b) => b.score - a.score || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (scored.length > 1 && scored[0].score === scored[1].score) {
    return undefined;
  }
  return scored[0]?.path;
}
