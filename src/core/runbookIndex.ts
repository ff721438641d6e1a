// The workspace index: runbook summaries by path, with lookups by alert, service, tag and title.
// Pure: callers feed it text (or bytes) and deletions; `indexFiles` reads through a FileSystem.
import { drillFrontOf, type DrillFront } from './drill';
import { alertGlobToRegExp, isAlertGlob } from './glob';
import { isNotFound, readAhead, type FileSystem } from './fileSystem';
import type { Heading, ParseProblem, Runbook, StepLanguage, VariableSpec } from './model';
import { parseRunbook } from './parse';
import { decodeText, detach, StringPool } from './text';
import { UNPACED, type Pacer } from './pacer';

export interface StepSummary {
  readonly id: string;
  readonly language: StepLanguage;
  readonly line: number;
  readonly endLine: number;
  readonly destructive: boolean;
  readonly section: number;
  readonly variables: readonly string[];
}

/** What the index keeps of a runbook: everything but the text itself. */
export interface RunbookEntry {
  readonly path: string;
  readonly title: string;
  readonly alerts: readonly string[];
  readonly service: string | undefined;
  readonly owner: string | undefined;
  readonly severity: string | undefined;
  readonly tags: readonly string[];
  readonly lastReviewed: string | undefined;
  readonly reviewEvery: string | undefined;
  /** `last_verified` / `verify_every` as drills stamp them; undefined when the runbook takes no part in drills. */
  readonly drill: DrillFront | undefined;
  readonly variables: Readonly<Record<string, VariableSpec>>;
  readonly headings: readonly Heading[];
  readonly steps: readonly StepSummary[];
  readonly problems: readonly ParseProblem[];
}

/** A front-matter entry and the runbooks that list it; handed out as an `AlertClaim`. */
interface Claim {
  readonly pattern: string;
  readonly exact: boolean;
  readonly paths: Set<string>;
}

interface Glob extends Claim {
  readonly re: RegExp;
  readonly prefix: string;
  readonly suffix: string;
  /** Literal characters: the more, the more specific. */
  readonly specificity: number;
}

export interface IndexProblem extends ParseProblem {
  readonly path: string;
}

export type IndexChange = { readonly kind: 'added' | 'changed' | 'removed'; readonly path: string };

export interface AlertMatch {
  readonly runbook: RunbookEntry;
  /** The front-matter entry that matched: the name itself or a glob. */
  readonly pattern: string;
  readonly exact: boolean;
}

export interface AlertClaim {
  /** The front-matter entry: the alert's name or a glob. */
  readonly pattern: string;
  readonly exact: boolean;
  readonly paths: ReadonlySet<string>;
}

export interface SearchResult {
  readonly runbook: RunbookEntry;
  readonly score: number;
}

export class RunbookIndex {
  private readonly entries = new Map<string, RunbookEntry>();
  /** Shared strings of the entries; emptied by `clear()`. */
  private readonly pool = new StringPool();
  /** Files that could not be indexed (binary, unreadable), with why. */
  private readonly unreadable = new Map<string, string>();
  private readonly exactAlerts = new Map<string, Claim>();
  /** Globs with their literal prefix and suffix, which rule most names out before the regex runs. */
  private readonly globAlerts = new Map<string, Glob>();
  /**
   * Globs bucketed by the first one or two characters of their literal prefix, else the last ones of their suffix
   * (as numbers: no string is made per lookup); rebuilt when stale. An alert looks in the buckets of its own first
   * and last one and two characters.
   */
  private globBuckets: { first: Map<number, Glob[]>; last: Map<number, Glob[]>; any: Glob[] } | undefined;
  private readonly listeners = new Set<(changes: readonly IndexChange[]) => void>();
  private pending: IndexChange[] | undefined;
  private changes = 0;

  get size(): number {
    return this.entries.size;
  }

  /** Incremented on every change to the entries (added, changed, removed), e.g. to rebuild derived lookups lazily. */
  get version(): number {
    return this.changes;
  }

  get(path: string): RunbookEntry | undefined {
    return this.entries.get(path);
  }

  has(path: string): boolean {
    return this.entries.has(path);
  }

  all(): RunbookEntry[] {
    return [...this.entries.values()];
  }

  /** The indexed paths, copied: the index may change while the caller goes through them. */
  paths(): string[] {
    return [...this.entries.keys()];
  }

  /** The paths of files recorded as unreadable (see `problems()`), copied. */
  unreadablePaths(): string[] {
    return [...this.unreadable.keys()];
  }

  /** The entries, without a copy: do not change the index while iterating. */
  values(): IterableIterator<RunbookEntry> {
    return this.entries.values();
  }

  /** Index (or re-index) a file from its bytes or text; returns the entry, or undefined when it is not readable text. */
  set(path: string, content: string | Uint8Array): RunbookEntry | undefined {
    const text = this.textOf(path, content);
    return text === undefined ? undefined : this.setRunbook(parseRunbook(path, text, { links: false }));
  }

  /** `content` as text; undefined, with the file recorded as unreadable, when its bytes are not text. */
  protected textOf(path: string, content: string | Uint8Array): string | undefined {
    if (typeof content === 'string') {
      return content;
    }
    const decoded = decodeText(content);
    if ('error' in decoded) {
      this.setUnreadable(path, decoded.error);
      return undefined;
    }
    return decoded.text;
  }

  /** Index an already parsed runbook (e.g. the open document the editor just parsed). */
  setRunbook(runbook: Runbook): RunbookEntry {
    const entry = summarize(runbook, this.pool);
    const existed = this.removeEntry(runbook.path);
    this.unreadable.delete(runbook.path);
    this.entries.set(entry.path, entry);
    for (const a of entry.alerts) {
      if (isAlertGlob(a)) {
        let g = this.globAlerts.get(a);
        if (!g) {
          g = {
            pattern: a,
            exact: false,
            paths: new Set(),
            re: alertGlobToRegExp(a),
            prefix: a.slice(0, a.search(/[*?]/)),
            suffix: a.slice(Math.max(a.lastIndexOf('*'), a.lastIndexOf('?')) + 1),
            specificity: specificity(a),
          };
          this.globAlerts.set(a, g);
          this.globBuckets = undefined;
        }
        g.paths.add(entry.path);
      } else {
        let c = this.exactAlerts.get(a);
        if (!c) {
          c = { pattern: a, exact: true, paths: new Set() };
          this.exactAlerts.set(a, c);
        }
        c.paths.add(entry.path);
      }
    }
    this.emit({ kind: existed ? 'changed' : 'added', path: entry.path });
    return entry;
  }

  /** Record a file that could not be indexed; it leaves the index but stays visible in `problems()`. */
  setUnreadable(path: string, why: string): void {
    const existed = this.removeEntry(path);
    this.unreadable.set(path, why);
    if (existed) {
      this.emit({ kind: 'removed', path });
    }
  }

  delete(path: string): boolean {
    const existed = this.removeEntry(path);
    this.unreadable.delete(path);
    if (existed) {
      this.emit({ kind: 'removed', path });
    }
    return existed;
  }

  /** Remove every path under `prefix` (a folder was deleted or removed from the workspace). */
  deleteUnder(prefix: string): number {
    const p = prefix.endsWith('/') ? prefix : `${prefix}/`;
    let n = 0;
    for (const path of [...this.entries.keys(), ...this.unreadable.keys()]) {
      if (path.startsWith(p) && this.delete(path)) {
        n++;
      }
    }
    return n;
  }

  clear(): void {
    for (const path of [...this.entries.keys()]) {
      this.delete(path);
    }
    this.unreadable.clear();
    this.pool.clear();
  }

  /** Every problem found while indexing, sorted by path and line. */
  problems(): IndexProblem[] {
    const out: IndexProblem[] = [];
    for (const [path, message] of this.unreadable) {
      out.push({ path, line: 0, character: 0, severity: 'error', message });
    }
    for (const e of this.entries.values()) {
      for (const p of e.problems) {
        out.push({ path: e.path, ...p });
      }
    }
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
  }

  /** Runbooks that claim `alert` in front matter: exact names first, then globs, most specific first; by path within each. */
  findByAlert(alert: string): AlertMatch[] {
    const out: AlertMatch[] = [];
    const taken = new Set<string>();
    for (const claim of this.claims(alert)) {
      for (const path of [...claim.paths].sort()) {
        if (!taken.has(path)) {
          taken.add(path);
          out.push({ runbook: this.entries.get(path)!, pattern: claim.pattern, exact: claim.exact });
        }
      }
    }
    return out;
  }

  /**
   * The front-matter entries that claim `alert`, strongest first: the exact name, then matching globs, most specific
   * first. A path may appear under several entries. The sets are the index's own: read them, do not keep them.
   * `out` (emptied first, if given) saves an allocation in hot loops.
   */
  claims(alert: string, out: AlertClaim[] = []): AlertClaim[] {
    out.length = 0;
    const exact = this.exactAlerts.get(alert);
    if (exact) {
      out.push(exact);
    }
    const buckets = this.buckets();
    const first = out.length;
    const n = alert.length;
    if (n > 0) {
      matching(buckets.first.get(alert.charCodeAt(0)), alert, out);
      matching(buckets.last.get(alert.charCodeAt(n - 1)), alert, out);
    }
    if (n > 1) {
      matching(buckets.first.get(pair(alert.charCodeAt(0), alert.charCodeAt(1))), alert, out);
      matching(buckets.last.get(pair(alert.charCodeAt(n - 2), alert.charCodeAt(n - 1))), alert, out);
    }
    matching(buckets.any, alert, out);
    // Most specific first; stable. In place: a handful of globs, on every lookup.
    for (let i = first + 1; i < out.length; i++) {
      const g = out[i] as Glob;
      let j = i;
      for (; j > first && (out[j - 1] as Glob).specificity < g.specificity; j--) {
        out[j] = out[j - 1];
      }
      out[j] = g;
    }
    return out;
  }


  /** Every front-matter entry (alert name or glob) with the runbooks that list it, in no particular order. */
  *allClaims(): IterableIterator<AlertClaim> {
    yield* this.exactAlerts.values();
    yield* this.globAlerts.values();
  }

  /** Alert names and globs named in front matter, sorted. */
  alerts(): string[] {
    return [...this.exactAlerts.keys(), ...this.globAlerts.keys()].sort();
  }

  /** Runbooks grouped by a key of each entry (e.g. service); entries without one go under `''`. */
  groupBy(key: (e: RunbookEntry) => readonly string[] | string | undefined): Map<string, RunbookEntry[]> {
    const groups = new Map<string, RunbookEntry[]>();
    for (const e of this.entries.values()) {
      const k = key(e);
      const keys = k === undefined ? [''] : typeof k === 'string' ? [k] : k.length ? k : [''];
      for (const g of keys) {
        let list = groups.get(g);
        if (!list) {
          list = [];
          groups.set(g, list);
        }
        list.push(e);
      }
    }
    return groups;
  }

  byService(service: string): RunbookEntry[] {
    return this.all().filter((e) => e.service === service);
  }

  byTag(tag: string): RunbookEntry[] {
    const t = tag.toLowerCase();
    return this.all().filter((e) => e.tags.some((x) => x.toLowerCase() === t));
  }

  /**
   * Search title, alerts, service, tags and file name. Every word of the query must match somewhere; results are
   * ranked title-prefix > title > alert > service/tag > path, then by title.
   */
  search(query: string, limit = 200): SearchResult[] {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    const results: SearchResult[] = [];
    for (const e of this.entries.values()) {
      let score = 0;
      let all = true;
      for (const w of words) {
        const s = wordScore(e, w);
        if (s === 0) {
          all = false;
          break;
        }
        score += s;
      }
      if (all) {
        results.push({ runbook: e, score });
      }
    }
    results.sort((a, b) => b.score - a.score || a.runbook.title.localeCompare(b.runbook.title));
    return results.slice(0, limit);
  }

  onDidChange(listener: (changes: readonly IndexChange[]) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Run `fn` and deliver the changes it made as one event. */
  async batch<T>(fn: () => Promise<T>): Promise<T> {
    if (this.pending) {
      return fn();
    }
    this.pending = [];
    try {
      return await fn();
    } finally {
      const changes = this.pending;
      this.pending = undefined;
      if (changes.length) {
        this.deliver(changes);
      }
    }
  }

  private emit(change: IndexChange): void {
    this.changes++;
    if (this.pending) {
      this.pending.push(change);
    } else {
      this.deliver([change]);
    }
  }

  private deliver(changes: readonly IndexChange[]): void {
    for (const l of [...this.listeners]) {
      l(changes);
    }
  }

  private buckets(): NonNullable<RunbookIndex['globBuckets']> {
    if (!this.globBuckets) {
      const b = { first: new Map<number, Glob[]>(), last: new Map<number, Glob[]>(), any: [] as Glob[] };
      const add = (m: Map<number, Glob[]>, k: number, g: Glob) => (m.get(k) ?? m.set(k, []).get(k)!).push(g);
      for (const g of this.globAlerts.values()) {
        const { prefix: p, suffix: x } = g;
        if (p) {
          add(b.first, p.length > 1 ? pair(p.charCodeAt(0), p.charCodeAt(1)) : p.charCodeAt(0), g);
        } else if (x) {
          add(b.last, x.length > 1 ? pair(x.charCodeAt(x.length - 2), x.charCodeAt(x.length - 1)) : x.charCodeAt(0), g);
        } else {
          b.any.push(g);
        }
      }
      this.globBuckets = b;
    }
    return this.globBuckets;
  }

  private removeEntry(path: string): boolean {
    const old = this.entries.get(path);
    if (!old) {
      return false;
    }
    this.entries.delete(path);
    for (const a of old.alerts) {
      const bucket = (isAlertGlob(a) ? this.globAlerts.get(a) : this.exactAlerts.get(a))?.paths;
      bucket?.delete(path);
      if (bucket && bucket.size === 0) {
        if (isAlertGlob(a)) {
          this.globAlerts.delete(a);
          this.globBuckets = undefined;
        } else {
          this.exactAlerts.delete(a);
        }
      }
    }
    return true;
  }
}

export interface IndexFilesResult {
  readonly indexed: number;
  readonly skipped: number;
}

/**
 * Read and index `paths` with bounded concurrency, in path order. Files deleted meanwhile are dropped, not
 * reported. With a `pacer` the loop yields between files once a slice's budget is spent (the extension host);
 * without, it never does.
 */
export async function indexFiles(index: RunbookIndex, fs: FileSystem, paths: readonly string[], concurrency = 16, pacer: Pacer = UNPACED): Promise<IndexFilesResult> {
  let indexed = 0;
  let skipped = 0;
  if (!paths.length) {
    return { indexed, skipped };
  }
  await index.batch(async () => {
    for await (const read of readAhead(fs, paths, concurrency)) {
      const pause = pacer.check();
      if (pause) {
        await pause;
      }
      if ('bytes' in read) {
        if (index.set(read.path, read.bytes)) {
          indexed++;
        } else {
          skipped++;
        }
      } else {
        skipped++;
        if (isNotFound(read.error)) {
          index.delete(read.path);
        } else {
          index.setUnreadable(read.path, `could not read: ${(read.error as Error).message}`);
        }
      }
    }
  });
  return { indexed, skipped };
}

/**
 * A full (re)index: entries (and unreadable files) whose path is not in `paths` leave the index, then every path is
 * read again, in path order, all delivered as one change event. Paced as `indexFiles`.
 */
export async function reindexFiles(index: RunbookIndex, fs: FileSystem, paths: readonly string[], concurrency = 16, pacer: Pacer = UNPACED): Promise<IndexFilesResult> {
  const keep = new Set(paths);
  return index.batch(async () => {
    for (const path of [...index.paths(), ...index.unreadablePaths()]) {
      if (!keep.has(path)) {
        index.delete(path);
        const pause = pacer.check();
        if (pause) {
          await pause;
        }
      }
    }
    return indexFiles(index, fs, [...paths].sort(), concurrency, pacer);
  });
}

/** Two UTF-16 code units as one bucket key, apart from every single code unit's (which are below 0x10000). */
function pair(a: number, b: number): number {
  return 0x10000 + a * 0x10000 + b;
}

function matching(globs: readonly Glob[] | undefined, alert: string, out: AlertClaim[]): void {
  if (globs) {
    for (const g of globs) {
      if (alert.startsWith(g.prefix) && alert.endsWith(g.suffix) && g.re.test(alert)) {
        out.push(g);
      }
    }
  }
}

function specificity(glob: string): number {
  return glob.replace(/[*?]/g, '').length;
}

function wordScore(e: RunbookEntry, w: string): number {
  const title = e.title.toLowerCase();
  if (title.startsWith(w)) {
    return 100;
  }
  if (title.includes(w)) {
    return 60;
  }
  if (e.alerts.some((a) => a.toLowerCase().includes(w))) {
    return 50;
  }
  if (e.service?.toLowerCase().includes(w) || e.tags.some((t) => t.toLowerCase().includes(w))) {
    return 30;
  }
  if (e.path.slice(e.path.lastIndexOf('/') + 1).toLowerCase().includes(w)) {
    return 10;
  }
  return 0;
}

/**
 * Keep what lookups and views need, as strings that do not pin the file's text in memory. The vocabulary that
 * repeats across runbooks (services, owners, alerts, tags, headings, variable names) is interned in `pool`.
 */
function summarize(r: Runbook, pool: StringPool): RunbookEntry {
  const i = (s: string) => pool.intern(s);
  const opt = (s: string | undefined) => (s === undefined ? undefined : pool.intern(s));
  const variables: Record<string, VariableSpec> = {};
  for (const [name, v] of Object.entries(r.variables)) {
    variables[i(name)] = { description: opt(v.description), default: opt(v.default), secret: v.secret };
  }
  return {
    path: r.path,
    title: detach(r.title),
    alerts: r.alerts.map(i),
    service: opt(r.service),
    owner: opt(r.owner),
    severity: opt(r.severity),
    tags: r.tags.map(i),
    lastReviewed: opt(r.lastReviewed),
    reviewEvery: opt(r.reviewEvery),
    drill: drillOf(r, pool),
    variables,
    headings: r.headings.map((h) => ({ level: h.level, text: i(h.text), slug: i(h.slug), line: h.line, endLine: h.endLine })),
    steps: r.steps.map((s) => ({
      id: i(s.id),
      language: s.language,
      line: s.range.start.line,
      endLine: s.range.end.line,
      destructive: s.destructive,
      section: s.section,
      variables: [...new Set(s.variables.map((v) => v.name))].map(i),
    })),
    problems: r.problems.map((p) => ({ ...p, message: i(p.message) })),
  };
}

function drillOf(r: Runbook, pool: StringPool): DrillFront | undefined {
  const d = r.frontMatter ? drillFrontOf(r.frontMatter.data) : undefined;
  if (!d) {
    return undefined;
  }
  const last = d.lastVerified && { date: pool.intern(d.lastVerified.date), commit: pool.intern(d.lastVerified.commit), result: d.lastVerified.result };
  return { stamped: d.stamped, lastVerified: last, verifyEvery: d.verifyEvery === undefined ? undefined : pool.intern(d.verifyEvery) };
}
