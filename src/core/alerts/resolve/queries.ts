// The resolver's queries, over its tables (./lookup.ts) and its URL planner (./urls.ts): the runbooks of an alert,
// the runbook a runbook_url names, and how the rule files and the runbooks cover each other.
import type { Heading } from '../../model';
import { drain } from '../../pacer';
import type { AlertClaim, RunbookEntry } from '../../runbookIndex';
import { slugify } from '../../slug';
import { basename } from '../../paths';
import { append } from '../../text';
import type { AlertRule, Resolution, ResolutionVia } from '../model';
import { isTitle, loose, sectionSlug, stem, type Lookup, type Rec } from './lookup';
import type { Coverage, ResolveContext, ResolveOptions, UrlTarget } from './types';
import type { Found, UrlPlanner } from './urls';

/**
 * Every runbook for `alert`, strongest first, one per path and anchor: front matter (exact names, then globs, most
 * specific first), then the runbook_url of each rule defining the alert, then files named after the alert
 * (`KubePodCrashLooping.md`, `kubepodcrashlooping.md`, `kube-pod-crash-looping.md`, `kube_pod_crash_looping.md`).
 * `labels` fill `{{ $labels.x }}` templates in runbook_urls; a URL that needs a label not given does not match
 * (unless `options.anyLabelValue`).
 */
export function resolveAlert(ctx: ResolveContext, lk: Lookup, urls: UrlPlanner, alert: string, labels?: Readonly<Record<string, string>>, options?: ResolveOptions): Resolution[] {
  const slug = slugify(alert);
  const out = new Collector(lk);
  frontMatterResolutions(ctx, lk, alert, slug, out);
  for (const rule of ctx.rules.byAlert(alert)) {
    if (rule.runbookUrl) {
      const outcome = urls.analyze(ctx, lk, rule.runbookUrl, rule.path, () => templateLabels(rule, alert, labels), options?.anyLabelValue === true, rule);
      if (outcome.kind === 'found') {
        urlResolutions(lk, slug, rule, outcome, out);
      }
    }
  }
  fileNameResolutions(lk, alert, slug, out);
  return out.list;
}

/**
 * The runbook a runbook_url points to: a path relative to the rule file's folder (or, starting with `/`, to a
 * workspace folder), or an absolute URL under the prefix of the first matching URL mapping, looked for under
 * `<root>/<folder>` of every root. With or without `.md`, any case; a trailing slash means `<dir>.md`,
 * `<dir>/README.md` or `<dir>/index.md`. `{{ $labels.x }}` / `{{ .Labels.x }}` are filled from `labels` (give
 * `alertname` too); a URL that needs a label not given, or any other template, matches nothing. The anchor is the
 * slug of the heading named by the URL's `#fragment`, if the runbook has it. Never returns a path outside `roots`.
 */
export function resolveRunbookUrl(ctx: ResolveContext, lk: Lookup, urls: UrlPlanner, url: string, rulePath: string, labels?: Readonly<Record<string, string>>): UrlTarget | undefined {
  const outcome = urls.analyze(ctx, lk, url, rulePath, () => labels ?? {}, false);
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
export function coverage(ctx: ResolveContext, lk: Lookup, urls: UrlPlanner): Coverage {
  return drain(coverageSteps(ctx, lk, urls));
}

/**
 * `coverage` as steps (one per alert, and per runbook when listing alerts that no rule defines), for the extension
 * host to run in slices (`drainPaced`). The index may change between steps: the tables catch up before the next.
 */
export function* coverageSteps(ctx: ResolveContext, lk: Lookup, urls: UrlPlanner): Generator<void, Coverage> {
  const covered: Coverage['covered'] = [];
  const uncovered: AlertRule[] = [];
  const danglingUrls: Coverage['danglingUrls'] = [];
  const uncheckedUrls: Coverage['uncheckedUrls'] = [];
  const brokenAnchors: Coverage['brokenAnchors'] = [];
  const alerts = ctx.rules.alerts();
  for (const alert of alerts) {
    yield;
    lk.sync(); // the index may have moved during the yield
    const rules = ctx.rules.byAlert(alert);
    const slug = slugify(alert);
    const found = new Collector(lk);
    frontMatterResolutions(ctx, lk, alert, slug, found);
    for (const rule of rules) {
      if (!rule.runbookUrl) {
        continue;
      }
      const outcome = urls.analyze(ctx, lk, rule.runbookUrl, rule.path, () => templateLabels(rule, alert, undefined), true, rule);
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
  for (const claim of ctx.runbooks.claims(alert, lk.scratchClaims)) {
    const c = claimed(lk, claim);
    for (let i = 0; i < c.list.length; i++) {
      const r = c.list[i];
      const h = indexed ? sections?.get(r.path) : alertHeading(lk.recs.get(r.path)!.entry, slug);
      out.add(h ? resolution(r.path, h.slug, h.line, r.via, r.pattern, undefined) : r, c.ids[i]);
    }
  }
}

/** The resolutions of a front-matter claim, the same for every alert it matches: built once per change to it. */
export function claimed(lk: Lookup, claim: AlertClaim): { readonly list: readonly Resolution[]; readonly ids: Uint32Array } {
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

// ---------------------------------------------------------------------------------------------------------------
// Headings

/** A heading named after the alert (single-file runbooks with a section per alert); never the document's title. */
function sectionFor(lk: Lookup, entry: RunbookEntry, slug: string): Heading | undefined {
  return sectionSlug(slug) ? lk.sections.get(slug)?.get(entry.path) : alertHeading(entry, slug);
}

function alertHeading(entry: RunbookEntry, slug: string): Heading | undefined {
  return entry.headings.find((h, i) => h.slug === slug && !isTitle(h, i));
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
