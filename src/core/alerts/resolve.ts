// From an alert name (and its labels) to the runbooks that serve it: front matter, the rules' runbook_url, file
// names. Works on the indexes alone: runbook_urls are matched against indexed paths, never read from disk.
import type { Heading } from '../model';
import { drain, type Pacer } from '../pacer';
import type { AlertClaim, RunbookEntry, RunbookIndex } from '../runbookIndex';
import { slugify } from '../slug';
import { append, basename, decodePercent, dirname } from '../text';
import type { AlertRule, Resolution, ResolutionVia, UrlMapping } from './model';
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
  /** runbook_urls that name a runbook and a `#fragment` it has no heading for (the runbook opens at its top). */
  brokenAnchors: { rule: AlertRule; url: string; path: string; fragment: string }[];
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
  const lk = lookup(ctx.runbooks);
  const slug = slugify(alert);
  const out = new Collector(lk);
  frontMatterResolutions(ctx, lk, alert, slug, out);
  for (const rule of ctx.rules.byAlert(alert)) {
    if (rule.runbookUrl) {
      const outcome = analyzeUrl(ctx, lk, rule.runbookUrl, rule.path, () => templateLabels(rule, alert, labels), options?.anyLabelValue === true, rule);
      if (outcome.kind === 'found') {
        urlResolutions(lk, slug, rule, outcome, out);
      }
    }
  }
  fileNameResolutions(lk, alert, slug, out);
  return out.list;
}

/**
 * Bring the resolver's tables up to date with the index, list the runbooks of every front-matter claim and plan
 * every rule's runbook_url now (e.g. right after indexing), so that the next query pays for none of it. Queries do
 * this themselves, lazily, when needed.
 */
export function prepareResolution(ctx: ResolveContext): void {
  const lk = lookup(ctx.runbooks);
  for (const claim of ctx.runbooks.allClaims()) {
    claimed(lk, claim);
  }
  for (const rule of ctx.rules.rules()) {
    if (rule.runbookUrl && !rule.runbookUrl.includes('{{')) {
      cachedPlan(ctx, lk, rule, rule.runbookUrl);
    }
  }
}

/**
 * `prepareResolution` in slices for the extension host: yields whenever `pacer` says so. When the index changes
 * during a yield, the tables catch up (incrementally) before going on, so the result is the same as the unpaced one.
 */
export async function prepareResolutionPaced(ctx: ResolveContext, pacer: Pacer): Promise<void> {
  const index = ctx.runbooks;
  let lk = lookups.get(index);
  if (!lk) {
    lk = new Lookup();
    lookups.set(index, lk);
  }
  await lk.syncPaced(index, pacer);
  const pause = async () => {
    const p = pacer.check();
    if (p) {
      await p;
      lk.sync(index);
    }
  };
  for (const claim of [...index.allClaims()]) {
    if (claim.paths.size) { // emptied and dropped by the index during a yield
      claimed(lk, claim);
    }
    await pause();
  }
  for (const rule of ctx.rules.rules()) {
    if (rule.runbookUrl && !rule.runbookUrl.includes('{{')) {
      cachedPlan(ctx, lk, rule, rule.runbookUrl);
    }
    await pause();
  }
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
  const outcome = analyzeUrl(ctx, lookup(ctx.runbooks), url, rulePath, () => labels ?? {}, false);
  if (outcome.kind !== 'found') {
    return undefined;
  }
  const { entry } = outcome.recs[0];
  return { path: entry.path, anchor: outcome.fragment !== undefined ? headingFor(entry, outcome.fragment)?.slug : undefined };
}

/**
 * How well the rule files and the runbooks cover each other. runbook_urls templated with labels other than
 * `alertname` are checked against every runbook the template could name (`{{ $labels.namespace }}` matches any
 * folder), so a URL is dangling only when no label values could make it resolve.
 */
export function coverage(ctx: ResolveContext): Coverage {
  return drain(coverageSteps(ctx));
}

/**
 * `coverage` as steps (one per alert, and per runbook when listing alerts that no rule defines), for the extension
 * host to run in slices (`drainPaced`). The index may change between steps: the tables catch up before the next.
 */
export function* coverageSteps(ctx: ResolveContext): Generator<void, Coverage> {
  const covered: Coverage['covered'] = [];
  const uncovered: AlertRule[] = [];
  const danglingUrls: Coverage['danglingUrls'] = [];
  const uncheckedUrls: Coverage['uncheckedUrls'] = [];
  const brokenAnchors: Coverage['brokenAnchors'] = [];
  const alerts = ctx.rules.alerts();
  for (const alert of alerts) {
    yield;
    const lk = lookup(ctx.runbooks); // the index may have moved during the yield
    const rules = ctx.rules.byAlert(alert);
    const slug = slugify(alert);
    const found = new Collector(lk);
    frontMatterResolutions(ctx, lk, alert, slug, found);
    for (const rule of rules) {
      if (!rule.runbookUrl) {
        continue;
      }
      const outcome = analyzeUrl(ctx, lk, rule.runbookUrl, rule.path, () => templateLabels(rule, alert, undefined), true, rule);
      if (outcome.kind === 'found') {
        urlResolutions(lk, slug, rule, outcome, found);
        if (outcome.fragment !== undefined && !outcome.recs.some((r) => headingFor(r.entry, outcome.fragment!))) {
          brokenAnchors.push({ rule, url: rule.runbookUrl, path: outcome.recs[0].path, fragment: outcome.fragment });
        }
      } else if (outcome.kind === 'missing') {
        danglingUrls.push({ rule, url: rule.runbookUrl });
      } else if (outcome.kind === 'unchecked') {
        uncheckedUrls.push({ rule, url: rule.runbookUrl });
      }
    }
    fileNameResolutions(lk, alert, slug, found);
    const resolutions = found.list;
    if (resolutions.length) {
      covered.push({ alert, resolutions });
    } else {
      append(uncovered, rules);
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
      yield;
    }
  }
  const byRule = (x: { rule: AlertRule }, y: { rule: AlertRule }) => (x.rule.path < y.rule.path ? -1 : x.rule.path > y.rule.path ? 1 : x.rule.line - y.rule.line);
  return { covered, uncovered, unknownAlerts, danglingUrls: danglingUrls.sort(byRule), uncheckedUrls: uncheckedUrls.sort(byRule), brokenAnchors: brokenAnchors.sort(byRule) };
}

// ---------------------------------------------------------------------------------------------------------------
// Resolutions by source

function frontMatterResolutions(ctx: ResolveContext, lk: Lookup, alert: string, slug: string, out: Collector): void {
  const indexed = sectionSlug(slug);
  const sections = indexed ? lk.sections.get(slug) : undefined;
  for (const claim of ctx.runbooks.claims(alert, scratchClaims)) {
    const c = claimed(lk, claim);
    for (let i = 0; i < c.list.length; i++) {
      const r = c.list[i];
      const h = indexed ? sections?.get(r.path) : alertHeading(lk.recs.get(r.path)!.entry, slug);
      out.add(h ? resolution(r.path, h.slug, h.line, r.via, r.pattern, undefined) : r, c.ids[i]);
    }
  }
}

/** Reused by `frontMatterResolutions` (which is not re-entered). */
const scratchClaims: AlertClaim[] = [];

/** The resolutions of a front-matter claim, the same for every alert it matches: built once per change to it. */
function claimed(lk: Lookup, claim: AlertClaim): { readonly list: readonly Resolution[]; readonly ids: Uint32Array } {
  let c = lk.claimed.get(claim.pattern);
  if (!c) {
    const via = claim.exact ? 'front-matter' : 'front-matter-glob';
    const paths = [...claim.paths].sort(); // by path within a claim, whatever order the runbooks were indexed in
    c = {
      list: paths.map((path) => resolution(path, undefined, lk.recs.get(path)!.line, via, claim.pattern, undefined)),
      ids: Uint32Array.from(paths, (path) => lk.recs.get(path)!.id),
    };
    lk.claimed.set(claim.pattern, c);
  }
  return c;
}

function urlResolutions(lk: Lookup, slug: string, rule: AlertRule, found: Found, out: Collector): void {
  for (const rec of found.recs) {
    const h = (found.fragment !== undefined ? headingFor(rec.entry, found.fragment) : undefined) ?? sectionFor(lk, rec.entry, slug);
    out.add(resolution(rec.path, h?.slug, h?.line ?? rec.line, 'runbook_url', undefined, { path: rule.path, line: rule.line }), rec.id);
  }
}

function fileNameResolutions(lk: Lookup, alert: string, slug: string, out: Collector): void {
  const recs = lk.byStem.get(loose(alert));
  if (!recs) {
    return;
  }
  const lower = alert.toLowerCase();
  // The alert's own spelling first, then any case, then kebab/snake case; by path within each.
  const rank = (r: Rec) => {
    const s = stem(basename(r.path));
    return s === alert ? 0 : s.toLowerCase() === lower ? 1 : 2;
  };
  const sorted = recs.length === 1 ? recs : [...recs].sort((a, b) => rank(a) - rank(b) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const rec of sorted) {
    const h = sectionFor(lk, rec.entry, slug);
    out.add(resolution(rec.path, h?.slug, h?.line ?? rec.line, 'file-name', undefined, undefined), rec.id);
  }
}

/** Every resolution has one shape (keys absent when undefined would make five): the resolver's loops stay fast. */
function resolution(path: string, anchor: string | undefined, line: number, via: ResolutionVia, pattern: string | undefined, rule: Resolution['rule']): Resolution {
  return { path, anchor, line, via, pattern, rule };
}

/**
 * The resolutions of one query, strongest first, keeping the first of each path + anchor. Paths are told apart by
 * their number in the lookup and a stamp per number, so no set of strings is built per query.
 */
class Collector {
  readonly list: Resolution[] = [];
  private readonly stamp: number;
  /** `path NUL anchor` of anchored resolutions (few): paths never hold NUL. */
  private anchored: Set<string> | undefined;

  constructor(private readonly lk: Lookup) {
    this.stamp = lk.nextStamp();
  }

  add(r: Resolution, id: number): void {
    if (r.anchor === undefined) {
      if (this.lk.stamps[id] !== this.stamp) {
        this.lk.stamps[id] = this.stamp;
        this.list.push(r);
      }
      return;
    }
    const key = `${r.path}\0${r.anchor}`;
    this.anchored ??= new Set();
    if (!this.anchored.has(key)) {
      this.anchored.add(key);
      this.list.push(r);
    }
  }
}

/**
 * Alert names are Prometheus metric names, whose slugs never hold `-`: only headings with such slugs are kept by
 * slug in the lookup. Any other slug (a front-matter name with spaces, say) is looked up in the runbook itself.
 */
function sectionSlug(slug: string): boolean {
  return !slug.includes('-');
}

/** A heading named after the alert (single-file runbooks with a section per alert); never the document's title. */
function sectionFor(lk: Lookup, entry: RunbookEntry, slug: string): Heading | undefined {
  return sectionSlug(slug) ? lk.sections.get(slug)?.get(entry.path) : alertHeading(entry, slug);
}

function alertHeading(entry: RunbookEntry, slug: string): Heading | undefined {
  return entry.headings.find((h, i) => h.slug === slug && !isTitle(h, i));
}

function isTitle(h: Heading, i: number): boolean {
  return i === 0 && h.level === 1;
}

/** The heading a URL fragment names: its GitHub slug as written, or the slug of the text written. */
function headingFor(entry: RunbookEntry, fragment: string): Heading | undefined {
  if (!fragment) {
    return undefined;
  }
  const slug = slugify(fragment);
  return entry.headings.find((h) => h.slug === fragment) ?? entry.headings.find((h) => h.slug === slug);
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
  /** `head/segs…`, lower-cased: what `byKey` is keyed by. */
  readonly lower: string;
  /** `segs…` joined by `/`, as written. */
  readonly joined: string;
}

const URI_HEAD = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)([^?#]*)/i;

function keyOf(path: string): Key {
  const m = URI_HEAD.exec(path);
  const head = m ? m[1].toLowerCase() : '';
  const segs = m ? m[2].split('/').filter((s) => s !== '').map(decodePercent) : path.split('/').filter((s) => s !== '');
  const joined = segs.join('/');
  return { head, segs, lower: `${head}/${joined}`.toLowerCase(), joined };
}

function keyString(head: string, segs: readonly string[]): string {
  return `${head}/${segs.join('/')}`.toLowerCase();
}

function stem(name: string): string {
  return name.replace(/\.(?:md|markdown)$/i, '').replace(/\.runbook$/i, '');
}

/** Case, `-`, `_`, `:` and spaces ignored: `KubePodCrashLooping` ~ `kube-pod-crash-looping` ~ `kube_pod_crash_looping`. */
const ALNUM = /^[A-Za-z0-9]*$/;

function loose(name: string): string {
  return ALNUM.test(name) ? name.toLowerCase() : name.toLowerCase().replace(/[-_:\s]+/g, '');
}

/** What the lookup keeps of each indexed runbook. */
interface Rec {
  readonly path: string;
  readonly key: Key;
  readonly entry: RunbookEntry;
  /** A small number, the path's while it is indexed (reused after), for `Collector`'s stamps. */
  readonly id: number;
  /** Where to open it when no heading is named: its first heading, else the top. */
  readonly line: number;
}

/**
 * Tables over the index for resolution, kept in step with it: each time the index's version moves, the entries that
 * were added, replaced or removed (found by identity: a change replaces the entry) update the tables.
 */
class Lookup {
  private version = -1;
  readonly recs = new Map<string, Rec>();
  /** Lower-cased canonical key → runbooks. */
  readonly byKey = new Map<string, Rec[]>();
  /** Loose file stem → runbooks. */
  readonly byStem = new Map<string, Rec[]>();
  /** Slug (see `sectionSlug`) → path → the first heading of that slug that is not the document's title. */
  readonly sections = new Map<string, Map<string, Heading>>();
  /** Front-matter resolutions of each claim (alert name or glob) without sections, built when first asked for. */
  readonly claimed = new Map<string, { readonly list: readonly Resolution[]; readonly ids: Uint32Array }>();
  private readonly freeIds: number[] = [];
  stamps = new Uint32Array(1024);
  private stampCount = 0;

  nextStamp(): number {
    if (this.stampCount === 0xffffffff) {
      this.stamps.fill(0);
      this.stampCount = 0;
    }
    return ++this.stampCount;
  }

  sync(index: RunbookIndex): this {
    if (this.version === index.version) {
      return this;
    }
    for (const e of index.values()) {
      const old = this.recs.get(e.path);
      if (old?.entry !== e) {
        if (old) {
          this.remove(old, true);
        }
        this.add(e, old);
      }
    }
    if (this.recs.size !== index.size) {
      for (const [path, r] of this.recs) {
        if (index.get(path) !== r.entry) {
          this.remove(r);
        }
      }
    }
    this.version = index.version;
    return this;
  }

  /**
   * `sync` in slices. The index may change during a yield: entries are looked up by path afresh after each, and the
   * version is only recorded when it did not move meanwhile (else the next `sync` looks again).
   */
  async syncPaced(index: RunbookIndex, pacer: Pacer): Promise<void> {
    if (this.version === index.version) {
      return;
    }
    const version = index.version;
    for (const path of index.paths()) {
      const e = index.get(path);
      const old = this.recs.get(path);
      if (e && old?.entry !== e) {
        if (old) {
          this.remove(old, true);
        }
        this.add(e, old);
      }
      const p = pacer.check();
      if (p) {
        await p;
      }
    }
    for (const [path, r] of [...this.recs]) {
      if (index.get(path) !== r.entry && this.recs.get(path) === r) {
        this.remove(r);
      }
      const p = pacer.check();
      if (p) {
        await p;
      }
    }
    if (index.version === version) {
      this.version = version;
    } else {
      this.sync(index);
    }
  }

  /** `old`: the record of the entry this one replaces (same path: same key and number). */
  private add(e: RunbookEntry, old: Rec | undefined): void {
    let id = old?.id;
    if (id === undefined) {
      id = this.freeIds.pop() ?? this.recs.size;
      if (id >= this.stamps.length) {
        const grown = new Uint32Array(this.stamps.length * 2);
        grown.set(this.stamps);
        this.stamps = grown;
      }
    }
    const rec: Rec = { path: e.path, key: old?.key ?? keyOf(e.path), entry: e, id, line: e.headings[0]?.line ?? 0 };
    this.recs.set(e.path, rec);
    push(this.byKey, rec.key.lower, rec);
    push(this.byStem, loose(stem(basename(e.path))), rec);
    e.headings.forEach((h, i) => {
      if (!isTitle(h, i) && sectionSlug(h.slug)) {
        let paths = this.sections.get(h.slug);
        if (!paths) {
          paths = new Map();
          this.sections.set(h.slug, paths);
        }
        if (!paths.has(e.path)) {
          paths.set(e.path, h);
        }
      }
    });
    e.alerts.forEach((a) => this.claimed.delete(a));
  }

  /** `replaced`: a new entry for the same path follows, and takes over its number. */
  private remove(r: Rec, replaced = false): void {
    if (!replaced) {
      this.freeIds.push(r.id);
    }
    this.recs.delete(r.path);
    pull(this.byKey, r.key.lower, r);
    pull(this.byStem, loose(stem(basename(r.path))), r);
    for (const h of r.entry.headings) {
      const paths = this.sections.get(h.slug);
      if (paths?.get(r.path) === h) {
        paths.delete(r.path);
        if (!paths.size) {
          this.sections.delete(h.slug);
        }
      }
    }
    r.entry.alerts.forEach((a) => this.claimed.delete(a));
  }
}

function push<T>(map: Map<string, T[]>, k: string, v: T): void {
  const list = map.get(k);
  if (list) {
    list.push(v);
  } else {
    map.set(k, [v]);
  }
}

function pull<T>(map: Map<string, T[]>, k: string, v: T): void {
  const list = map.get(k);
  const i = list ? list.indexOf(v) : -1;
  if (i !== -1) {
    list!.splice(i, 1);
    if (!list!.length) {
      map.delete(k);
    }
  }
}

const lookups = new WeakMap<RunbookIndex, Lookup>();

function lookup(index: RunbookIndex): Lookup {
  let lk = lookups.get(index);
  if (!lk) {
    lk = new Lookup();
    lookups.set(index, lk);
  }
  return lk.sync(index);
}

function under(key: Key, root: Pick<Key, 'head' | 'segs'>): boolean {
  if (key.head !== root.head || key.segs.length <= root.segs.length) {
    return false;
  }
  return root.segs.every((s, i) => s.toLowerCase() === key.segs[i].toLowerCase());
}

/** The workspace folders as keys, with the `lower/` prefix of paths under them; kept while the roots stay the same. */
let rootKeys: { roots: readonly string[]; source: string; keys: readonly Key[]; prefixes: readonly string[] } | undefined;

function rootsOf(roots: readonly string[]): { source: string; keys: readonly Key[]; prefixes: readonly string[] } {
  if (rootKeys?.roots === roots) {
    return rootKeys;
  }
  const source = roots.join('\0');
  if (rootKeys?.source !== source) {
    const keys = roots.map(keyOf);
    rootKeys = { roots, source, keys, prefixes: keys.map((k) => (k.lower.endsWith('/') ? k.lower : `${k.lower}/`)) };
  } else {
    rootKeys = { ...rootKeys, roots };
  }
  return rootKeys;
}

/** Keys of rule files' folders (few, and asked for once per rule). */
const dirKeys = new Map<string, Key>();

function dirKeyOf(path: string): Key {
  let key = dirKeys.get(path);
  if (!key) {
    if (dirKeys.size > 4096) {
      dirKeys.clear();
    }
    key = keyOf(dirname(path));
    dirKeys.set(path, key);
  }
  return key;
}

// ---------------------------------------------------------------------------------------------------------------
// runbook_url analysis

interface Found {
  readonly kind: 'found';
  readonly recs: readonly Rec[];
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

const NO_RECS: readonly Rec[] = [];

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
/** A file on a forge: `https://host/owner/repo/blob/<ref>/<path>` (GitHub, Gitea), `…/-/blob/<ref>/<path>` (GitLab). */
const FORGE_FILE = /^https?:\/\/[^/]+\/[^/]+\/[^/]+(?:\/[^/]+)*?\/(?:-\/)?(?:blob|tree|src\/branch)\/[^/]+\/(.+\.(?:md|markdown))$/i;

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

/**
 * What a runbook_url names. A URL without templates is planned once per rule (and workspace folders and mappings):
 * the plan holds no index data, so only the index lookups run per query.
 */
function analyzeUrl(ctx: ResolveContext, lk: Lookup, url: string, rulePath: string, labelsFor: () => Readonly<Record<string, string>>, wildcard: boolean, rule?: AlertRule): Outcome {
  if (!url.includes('{{')) {
    return runPlan(ctx, lk, rule ? cachedPlan(ctx, lk, rule, url) : planUrl(ctx, url, rulePath), wildcard);
  }
  let unchecked = false;
  let invalid = false;
  const labels = labelsFor();
  const s = url.replace(TEMPLATE, (_, expr: string) => {
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
  return runPlan(ctx, lk, planUrl(ctx, s, rulePath), wildcard);
}

/** A file a URL may name under one base folder. */
interface Candidate {
  readonly head: string;
  readonly segs: readonly string[];
  /** `segs` joined, as written (to prefer the exact spelling among case variants). */
  readonly joined: string;
  /** The `byKey` key. */
  readonly lower: string;
  /** Holds a label placeholder (`WILD`): matched against every indexed path. */
  readonly wild: boolean;
}

type Plan =
  | { readonly kind: 'missing' | 'external' }
  | {
      readonly kind: 'lookup';
      /** A forge link that may name a file of another repository: not found is external, not missing. */
      readonly soft?: boolean;
      readonly fragment: string | undefined;
      /** Per base folder (each workspace folder, or the rule file's folder), the candidates, most likely first. */
      readonly bases: readonly (readonly Candidate[])[];
      /** A mapped URL: where to look for the file by name when its path is not laid out like the folder. */
      readonly fallback: { readonly folder: readonly string[]; readonly parts: readonly string[]; readonly trailing: boolean } | undefined;
    };

const plans = new WeakMap<AlertRule, { readonly url: string; readonly signature: Signature; readonly plan: Plan }>();

/** What a plan depends on besides the URL and the rule file: the roots and the mappings, by value. */
interface Signature {
  readonly roots: string;
  readonly mappings: string;
}

let lastSignature: { roots: readonly string[]; mappings: readonly UrlMapping[]; signature: Signature } | undefined;

function signatureOf(ctx: ResolveContext): Signature {
  if (lastSignature?.roots !== ctx.roots || lastSignature.mappings !== ctx.mappings) {
    const signature = { roots: rootsOf(ctx.roots).source, mappings: JSON.stringify(ctx.mappings) };
    const same = lastSignature && lastSignature.signature.roots === signature.roots && lastSignature.signature.mappings === signature.mappings;
    lastSignature = { roots: ctx.roots, mappings: ctx.mappings, signature: same ? lastSignature!.signature : signature };
  }
  return lastSignature.signature;
}

function cachedPlan(ctx: ResolveContext, lk: Lookup, rule: AlertRule, url: string): Plan {
  const signature = signatureOf(ctx);
  const cached = plans.get(rule);
  if (cached && cached.url === url && (cached.signature === signature || (cached.signature.roots === signature.roots && cached.signature.mappings === signature.mappings))) {
    return cached.plan;
  }
  const plan = planUrl(ctx, url, rule.path, lk);
  plans.set(rule, { url, signature, plan });
  return plan;
}

/**
 * The files a (filled-in) runbook_url may name, from the URL, the rule file's path, the roots and the mappings alone.
 * `lk` only lends its own key strings to the plan's, so that looking them up compares pointers, not text.
 */
function planUrl(ctx: ResolveContext, url: string, rulePath: string, lk?: Lookup): Plan {
  let s = url.trim();
  let fragment: string | undefined;
  const hash = s.indexOf('#');
  if (hash !== -1) {
    fragment = decodePercent(s.slice(hash + 1)) || undefined;
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

  const { keys: roots } = rootsOf(ctx.roots);
  /** Where the path starts, and how far `..` may climb (the root, for mapped and root-relative URLs). */
  const bases: { segs: readonly string[]; floor: number; head: string }[] = [];
  let rest: string;
  let mapped: { folder: readonly string[] } | undefined;
  let soft = false;
  if (SCHEME.test(s) && !matchMapping(ctx.mappings, s)) {
    // A link to a file on GitHub/GitLab (`…/blob/<ref>/mixin/runbook.md`, `…/-/tree/<ref>/docs/x.md`): when the
    // workspace has that file, it is this repository's copy. Otherwise the link stays external (never dangling).
    const forge = FORGE_FILE.exec(s);
    if (!forge) {
      return { kind: 'external' };
    }
    soft = true;
    s = `/${forge[1]}`;
  }
  if (SCHEME.test(s)) {
    const m = matchMapping(ctx.mappings, s)!;
    rest = m.rest;
    const folder = safeFolder(m.mapping.folder);
    if (!folder) {
      return { kind: 'missing' }; // a mapping onto a folder outside the root maps onto nothing
    }
    mapped = { folder };
    for (const r of roots) {
      bases.push({ head: r.head, segs: [...r.segs, ...folder], floor: r.segs.length });
    }
  } else if (s.startsWith('/')) {
    rest = s;
    for (const r of roots) {
      bases.push({ head: r.head, segs: r.segs, floor: r.segs.length });
    }
  } else {
    rest = s;
    const dir = dirKeyOf(rulePath);
    bases.push({ head: dir.head, segs: dir.segs, floor: 0 });
    // Many repositories write `runbook: docs/x/y.md` relative to the repository root, not to the rule file (tools
    // that render them link from the root): after the rule file's folder, try each root and each mapped folder.
    const seen = new Set([keyString(dir.head, dir.segs)]);
    const more = (head: string, segs: readonly string[], floor: number) => {
      const k = keyString(head, segs);
      if (!seen.has(k)) {
        seen.add(k);
        bases.push({ head, segs, floor });
      }
    };
    for (const r of roots) {
      more(r.head, r.segs, r.segs.length);
    }
    for (const m of ctx.mappings) {
      const folder = safeFolder(m.folder);
      if (folder?.length) {
        for (const r of roots) {
          more(r.head, [...r.segs, ...folder], r.segs.length);
        }
      }
    }
  }

  const trailing = rest === '' || rest.endsWith('/');
  const parts: string[] = [];
  for (const p of rest.split('/')) {
    if (p === '' || p === '.') {
      continue;
    }
    const d = decodePercent(p);
    // eslint-disable-next-line no-control-regex
    if (/[/\\\u0000]/.test(d)) {
      return { kind: 'missing' }; // `%2F..%2F` and friends
    }
    parts.push(d);
  }

  const planned: Candidate[][] = [];
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
      } else {
        segs.push(p);
      }
    }
    if (!escaped) {
      planned.push(
        candidates(segs, trailing).map((cand) => {
          const joined = cand.join('/');
          const lower = `${base.head}/${joined}`.toLowerCase();
          return { head: base.head, segs: cand, joined, lower: lk?.byKey.get(lower)?.[0].key.lower ?? lower, wild: joined.includes(WILD) };
        }),
      );
    }
  }
  const fallback = mapped && !parts.includes('..') && !parts.some((p) => p.includes(WILD)) ? { folder: mapped.folder, parts, trailing } : undefined;
  return { kind: 'lookup', fragment, bases: planned, fallback, soft };
}

/** A mapping's folder as segments under the root; undefined when it climbs out of it. */
function safeFolder(folder: string): string[] | undefined {
  const out: string[] = [];
  for (const p of folder.split(/[/\\]/)) {
    if (p === '..') {
      if (!out.pop()) {
        return undefined;
      }
    } else if (p !== '' && p !== '.') {
      out.push(p);
    }
  }
  return out;
}

/** The indexed runbooks inside the workspace folders that a plan names. */
function runPlan(ctx: ResolveContext, lk: Lookup, plan: Plan, wildcard: boolean): Outcome {
  if (plan.kind !== 'lookup') {
    return plan;
  }
  const { keys: roots, prefixes } = rootsOf(ctx.roots);
  let found: Set<Rec> | undefined;
  for (const cands of plan.bases) {
    for (const c of cands) {
      const hits = c.wild ? matchWild(lk, c.head, c.segs) : lk.byKey.get(c.lower) ?? NO_RECS;
      if (hits.length === 0) {
        continue;
      }
      const inside = hits.length === 1 ? (inRoots(prefixes, hits[0]) ? hits : NO_RECS) : hits.filter((r) => inRoots(prefixes, r));
      if (inside.length === 1 && !wildcard && !found) {
        return { kind: 'found', recs: inside, fragment: plan.fragment }; // the common case
      }
      found ??= new Set();
      if (inside.length === 1) {
        found.add(inside[0]);
      } else if (inside.length) {
        // Same file in another case (a case-insensitive file system): prefer the exact spelling.
        const exact = inside.find((r) => r.key.joined === c.joined);
        for (const r of exact ? [exact, ...inside.filter((x) => x !== exact)] : [...inside].sort(byPath)) {
          found.add(r);
        }
      }
      if (inside.length && !wildcard) {
        break;
      }
    }
    if (found?.size && !wildcard) {
      break;
    }
  }
  if (!found?.size && plan.fallback) {
    const byName = fallbackByName(lk, roots, plan.fallback.folder, plan.fallback.parts, plan.fallback.trailing);
    if (byName) {
      return { kind: 'found', recs: [byName], fragment: plan.fragment };
    }
  }
  return found?.size ? { kind: 'found', recs: [...found], fragment: plan.fragment } : { kind: plan.soft ? 'external' : 'missing' };
}

function inRoots(prefixes: readonly string[], r: Rec): boolean {
  for (const p of prefixes) {
    if (r.key.lower.startsWith(p)) {
      return true;
    }
  }
  return false;
}

function byPath(a: Rec, b: Rec): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

interface Prefix {
  readonly mapping: UrlMapping;
  /** Lower-cased, without trailing `/`. */
  readonly prefix: string;
  /** Written without a scheme (`runbooks.example.com/runbooks`): matches http and https. */
  readonly anyScheme: boolean;
}

const prefixesOf = new WeakMap<readonly UrlMapping[], readonly Prefix[]>();

function matchMapping(mappings: readonly UrlMapping[], url: string): { mapping: UrlMapping; rest: string } | undefined {
  let prefixes = prefixesOf.get(mappings);
  if (!prefixes) {
    prefixes = mappings.flatMap((mapping): Prefix[] => {
      const prefix = (mapping.prefix ?? '').trim().replace(/\/+$/, '');
      return prefix && typeof mapping.folder === 'string' ? [{ mapping, prefix: prefix.toLowerCase(), anyScheme: !SCHEME.test(prefix) }] : [];
    });
    prefixesOf.set(mappings, prefixes);
  }
  let bare: string | undefined;
  for (const { mapping, prefix, anyScheme } of prefixes) {
    const target = anyScheme ? (bare ??= url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')) : url;
    if (target.length < prefix.length || target.slice(0, prefix.length).toLowerCase() !== prefix) {
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

function matchWild(lk: Lookup, head: string, cand: readonly string[]): Rec[] {
  const pattern = keyString(head, cand).split(WILD).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+');
  const re = new RegExp(`^${pattern}$`);
  const last = cand[cand.length - 1] ?? '';
  if (!last.includes(WILD)) {
    // The file name is known: test only the files of that name.
    return (lk.byStem.get(loose(stem(last))) ?? NO_RECS).filter((r) => re.test(r.key.lower));
  }
  const out: Rec[] = [];
  for (const [k, recs] of lk.byKey) {
    if (re.test(k)) {
      append(out, recs);
    }
  }
  return out;
}

/**
 * A mapped URL whose path is not laid out like the folder: look for the file by name under `<root>/<folder>`. When
 * several folders hold a file of that name, the one whose folders match more of the URL's last folders wins; a tie
 * is ambiguous (no match).
 */
function fallbackByName(lk: Lookup, roots: readonly Key[], folder: readonly string[], parts: readonly string[], trailing: boolean): Rec | undefined {
  const last = parts[parts.length - 1];
  if (last === undefined) {
    return undefined;
  }
  const name = trailing ? last : last.replace(/\.(?:md|markdown|html?)$/i, '');
  if (/^(?:index|readme)$/i.test(name)) {
    return undefined;
  }
  const urlDirs = parts.slice(0, -1).map((p) => p.toLowerCase());
  const scored: { rec: Rec; score: number }[] = [];
  for (const rec of lk.byStem.get(loose(stem(name))) ?? NO_RECS) {
    const key = rec.key;
    const root = roots.find((r) => under(key, { head: r.head, segs: [...r.segs, ...folder] }));
    if (!root) {
      continue;
    }
    const dirs = key.segs.slice(root.segs.length + folder.length, -1).map((p) => p.toLowerCase());
    let score = 0;
    while (score < dirs.length && score < urlDirs.length && dirs[dirs.length - 1 - score] === urlDirs[urlDirs.length - 1 - score]) {
      score++;
    }
    scored.push({ rec, score });
  }
  scored.sort((a, b) => b.score - a.score || byPath(a.rec, b.rec));
  if (scored.length > 1 && scored[0].score === scored[1].score) {
    return undefined;
  }
  return scored[0]?.rec;
}
