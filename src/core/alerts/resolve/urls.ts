// runbook_urls: what a URL names (planned from the URL, the rule file's folder, the workspace folders and the URL
// mappings alone), and which indexed runbooks that is. A UrlPlanner keeps the plans and the keys it derived, for
// the AlertResolver that owns it.
import { dirname } from '../../paths';
import { append, decodePercent } from '../../text';
import type { AlertRule, UrlMapping } from '../model';
import { keyOf, keyString, loose, NO_RECS, stem, under, type Key, type Lookup, type Rec } from './lookup';
import type { ResolveContext } from './types';

export interface Found {
  readonly kind: 'found';
  readonly recs: readonly Rec[];
  /** Decoded `#fragment`, if any. */
  readonly fragment: string | undefined;
}

export type Outcome =
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

export type Plan =
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

/** What a plan depends on besides the URL and the rule file: the roots and the mappings, by value. */
interface Signature {
  readonly roots: string;
  readonly mappings: string;
}

/** The workspace folders as keys, with the `lower/` prefix of paths under them. */
interface Roots {
  readonly source: string;
  readonly keys: readonly Key[];
  readonly prefixes: readonly string[];
}

interface Prefix {
  readonly mapping: UrlMapping;
  /** Lower-cased, without trailing `/`. */
  readonly prefix: string;
  /** Written without a scheme (`runbooks.example.com/runbooks`): matches http and https. */
  readonly anyScheme: boolean;
}

/** Keys of rule files' folders kept at most (few in a workspace: one per rule file). */
const MAX_DIR_KEYS = 4096;

/**
 * What a runbook_url names, with what was derived on the way kept for the next query: the plan of each rule's URL
 * (while the URL, the roots and the mappings stay the same), the workspace folders' keys, the rule files' folders'
 * keys and the mappings' prefixes.
 */
export class UrlPlanner {
  private plans = new WeakMap<AlertRule, { readonly url: string; readonly signature: Signature; readonly plan: Plan }>();
  private lastSignature: { roots: readonly string[]; mappings: readonly UrlMapping[]; signature: Signature } | undefined;
  private rootKeys: (Roots & { roots: readonly string[] }) | undefined;
  private readonly dirKeys = new Map<string, Key>();
  private prefixesOf = new WeakMap<readonly UrlMapping[], readonly Prefix[]>();

  /** Forget everything derived. */
  clear(): void {
    this.plans = new WeakMap();
    this.lastSignature = undefined;
    this.rootKeys = undefined;
    this.dirKeys.clear();
    this.prefixesOf = new WeakMap();
  }

  /**
   * What a runbook_url names. A URL without templates is planned once per rule (and workspace folders and
   * mappings): the plan holds no index data, so only the index lookups run per query.
   */
  analyze(ctx: ResolveContext, lk: Lookup, url: string, rulePath: string, labelsFor: () => Readonly<Record<string, string>>, wildcard: boolean, rule?: AlertRule): Outcome {
    if (!url.includes('{{')) {
      return this.run(ctx, lk, rule ? this.planFor(ctx, lk, rule, url) : this.plan(ctx, url, rulePath), wildcard);
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
    return this.run(ctx, lk, this.plan(ctx, s, rulePath), wildcard);
  }

  /** The plan of a rule's (untemplated) runbook_url: made once, while the URL, the roots and the mappings stay. */
  planFor(ctx: ResolveContext, lk: Lookup, rule: AlertRule, url: string): Plan {
    const signature = this.signatureOf(ctx);
    const cached = this.plans.get(rule);
    if (cached && cached.url === url && (cached.signature === signature || (cached.signature.roots === signature.roots && cached.signature.mappings === signature.mappings))) {
      return cached.plan;
    }
    const plan = this.plan(ctx, url, rule.path, lk);
    this.plans.set(rule, { url, signature, plan });
    return plan;
  }

  private signatureOf(ctx: ResolveContext): Signature {
    const last = this.lastSignature;
    if (last?.roots !== ctx.roots || last.mappings !== ctx.mappings) {
      const signature = { roots: this.rootsOf(ctx.roots).source, mappings: JSON.stringify(ctx.mappings) };
      const same = last && last.signature.roots === signature.roots && last.signature.mappings === signature.mappings;
      this.lastSignature = { roots: ctx.roots, mappings: ctx.mappings, signature: same ? last.signature : signature };
    }
    return this.lastSignature!.signature;
  }

  /** The workspace folders as keys; kept while the roots stay the same. */
  private rootsOf(roots: readonly string[]): Roots {
    if (this.rootKeys?.roots === roots) {
      return this.rootKeys;
    }
    const source = roots.join('\0');
    if (this.rootKeys?.source !== source) {
      const keys = roots.map(keyOf);
      this.rootKeys = { roots, source, keys, prefixes: keys.map((k) => (k.lower.endsWith('/') ? k.lower : `${k.lower}/`)) };
    } else {
      this.rootKeys = { ...this.rootKeys, roots };
    }
    return this.rootKeys;
  }

  /** Keys of rule files' folders (few, and asked for once per rule). */
  private dirKeyOf(path: string): Key {
    let key = this.dirKeys.get(path);
    if (!key) {
      if (this.dirKeys.size > MAX_DIR_KEYS) {
        this.dirKeys.clear();
      }
      key = keyOf(dirname(path));
      this.dirKeys.set(path, key);
    }
    return key;
  }

  private matchMapping(mappings: readonly UrlMapping[], url: string): { mapping: UrlMapping; rest: string } | undefined {
    let prefixes = this.prefixesOf.get(mappings);
    if (!prefixes) {
      prefixes = mappings.flatMap((mapping): Prefix[] => {
        const prefix = (mapping.prefix ?? '').trim().replace(/\/+$/, '');
        return prefix && typeof mapping.folder === 'string' ? [{ mapping, prefix: prefix.toLowerCase(), anyScheme: !SCHEME.test(prefix) }] : [];
      });
      this.prefixesOf.set(mappings, prefixes);
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

  /**
   * The files a (filled-in) runbook_url may name, from the URL, the rule file's path, the roots and the mappings
   * alone. `lk` only lends its own key strings to the plan's, so that looking them up compares pointers, not text.
   */
  private plan(ctx: ResolveContext, url: string, rulePath: string, lk?: Lookup): Plan {
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

    const { keys: roots } = this.rootsOf(ctx.roots);
    /** Where the path starts, and how far `..` may climb (the root, for mapped and root-relative URLs). */
    const bases: { segs: readonly string[]; floor: number; head: string }[] = [];
    let rest: string;
    let mapped: { folder: readonly string[] } | undefined;
    let soft = false;
    if (SCHEME.test(s) && !this.matchMapping(ctx.mappings, s)) {
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
      const m = this.matchMapping(ctx.mappings, s)!;
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
      const dir = this.dirKeyOf(rulePath);
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

  /** The indexed runbooks inside the workspace folders that a plan names. */
  private run(ctx: ResolveContext, lk: Lookup, plan: Plan, wildcard: boolean): Outcome {
    if (plan.kind !== 'lookup') {
      return plan;
    }
    const { keys: roots, prefixes } = this.rootsOf(ctx.roots);
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
