// The resolver's tables over a runbook index: each runbook by its path's key, by its file name, and the headings
// that may be named after an alert. Kept in step with the index by entry identity; built in slices if need be.
import type { Heading } from '../../model';
import type { AlertClaim, RunbookEntry, RunbookIndex } from '../../runbookIndex';
import { basename } from '../../paths';
import { decodePercent } from '../../text';
import type { Resolution } from '../model';

// ---------------------------------------------------------------------------------------------------------------
// Paths: index keys as (head, decoded segments), so that `file:///w/a%20b.md` and `/w/a b.md` compare alike.

export interface Key {
  /** `scheme://authority` (lower-cased) for URI strings, `` for plain paths. */
  readonly head: string;
  readonly segs: readonly string[];
  /** `head/segs…`, lower-cased: what `byKey` is keyed by. */
  readonly lower: string;
  /** `segs…` joined by `/`, as written. */
  readonly joined: string;
}

const URI_HEAD = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)([^?#]*)/i;

export function keyOf(path: string): Key {
  const m = URI_HEAD.exec(path);
  const head = m ? m[1].toLowerCase() : '';
  const segs = m ? m[2].split('/').filter((s) => s !== '').map(decodePercent) : path.split('/').filter((s) => s !== '');
  const joined = segs.join('/');
  return { head, segs, lower: `${head}/${joined}`.toLowerCase(), joined };
}

export function keyString(head: string, segs: readonly string[]): string {
  return `${head}/${segs.join('/')}`.toLowerCase();
}

/** Is `key` a path below `root` (any case)? */
export function under(key: Key, root: Pick<Key, 'head' | 'segs'>): boolean {
  if (key.head !== root.head || key.segs.length <= root.segs.length) {
    return false;
  }
  return root.segs.every((s, i) => s.toLowerCase() === key.segs[i].toLowerCase());
}

export function stem(name: string): string {
  return name.replace(/\.(?:md|markdown)$/i, '').replace(/\.runbook$/i, '');
}

/** Case, `-`, `_`, `:` and spaces ignored: `KubePodCrashLooping` ~ `kube-pod-crash-looping` ~ `kube_pod_crash_looping`. */
const ALNUM = /^[A-Za-z0-9]*$/;

export function loose(name: string): string {
  return ALNUM.test(name) ? name.toLowerCase() : name.toLowerCase().replace(/[-_:\s]+/g, '');
}

// ---------------------------------------------------------------------------------------------------------------
// Headings

/**
 * Alert names are Prometheus metric names, whose slugs never hold `-`: only headings with such slugs are kept by
 * slug in the lookup. Any other slug (a front-matter name with spaces, say) is looked up in the runbook itself.
 */
export function sectionSlug(slug: string): boolean {
  return !slug.includes('-');
}

export function isTitle(h: Heading, i: number): boolean {
  return i === 0 && h.level === 1;
}

// ---------------------------------------------------------------------------------------------------------------
// Tables

/** What the lookup keeps of each indexed runbook. */
export interface Rec {
  readonly path: string;
  readonly key: Key;
  readonly entry: RunbookEntry;
  /** A small number, the path's while it is indexed (reused after), for `Collector`'s stamps. */
  readonly id: number;
  /** Where to open it when no heading is named: its first heading, else the top. */
  readonly line: number;
}

export const NO_RECS: readonly Rec[] = Object.freeze([]);

/** Index entries looked at between two yields of `Lookup.syncing` (a few microseconds each). */
const SYNC_CHUNK = 64;

/**
 * Tables over one runbook index for resolution, kept in step with it: each time the index's version moves, the
 * entries that were added, replaced or removed (found by identity: a change replaces the entry) update the tables.
 */
export class Lookup {
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
  /** Scratch list for `RunbookIndex.claims` in the query loops (which are not re-entered). */
  readonly scratchClaims: AlertClaim[] = [];
  private readonly freeIds: number[] = [];
  stamps = new Uint32Array(1024);
  private stampCount = 0;

  constructor(readonly index: RunbookIndex) {}

  nextStamp(): number {
    if (this.stampCount === 0xffffffff) {
      this.stamps.fill(0);
      this.stampCount = 0;
    }
    return ++this.stampCount;
  }

  /** Are the tables those of the index as it is now? */
  get upToDate(): boolean {
    return this.version === this.index.version;
  }

  /** Up to date with the index, at once. */
  sync(): this {
    if (this.version !== this.index.version) {
      this.syncing(Infinity).next(); // one step: no yield when the chunk is unbounded
    }
    return this;
  }

  /**
   * Bring the tables up to date with the index, yielding after every `chunk` entries looked at. Each step leaves the
   * tables consistent (a query in between syncs the rest itself). When the index changes between two steps, the
   * pass stops: the next `sync` or `syncing` starts over from what is already done.
   */
  *syncing(chunk = SYNC_CHUNK): Generator<void, void, void> {
    const index = this.index;
    const start = index.version;
    if (this.version === start) {
      return;
    }
    let n = 0;
    for (const e of index.values()) {
      const old = this.recs.get(e.path);
      if (old?.entry !== e) {
        if (old) {
          this.remove(old, true);
        }
        this.add(e, old);
      }
      if (++n % chunk === 0) {
        yield;
        if (index.version !== start) {
          return;
        }
      }
    }
    if (this.recs.size !== index.size) {
      for (const [path, r] of this.recs) {
        if (index.get(path) !== r.entry) {
          this.remove(r);
        }
        if (++n % chunk === 0) {
          yield;
          if (index.version !== start) {
            return;
          }
        }
      }
    }
    this.version = start;
  }

  /** Drop every table (the owner is done with them); the next `sync` builds them anew. */
  clear(): void {
    this.version = -1;
    this.recs.clear();
    this.byKey.clear();
    this.byStem.clear();
    this.sections.clear();
    this.claimed.clear();
    this.freeIds.length = 0;
    this.stamps = new Uint32Array(1024);
    this.stampCount = 0;
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
