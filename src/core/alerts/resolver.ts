// From an alert name (and its labels) to the runbooks that serve it: front matter, the rules' runbook_url, file
// names. Works on the indexes alone: runbook_urls are matched against indexed paths, never read from disk.
//
// An AlertResolver holds what resolution derives from the indexes (tables over the runbooks, the plan of each
// runbook_url, keys of folders): its owner (the extension's alert service, a CLI command, a lint pass) creates it
// over its indexes and disposes of it. Split by concern: ./resolve/lookup.ts (tables), ./resolve/urls.ts
// (runbook_url planning and URL mappings), ./resolve/queries.ts (the queries).
import type { Resolution } from './model';
import { Lookup } from './resolve/lookup';
import { claimed, coverage, coverageSteps, resolveAlert, resolveRunbookUrl } from './resolve/queries';
import type { Coverage, ResolveContext, ResolveOptions, UrlTarget } from './resolve/types';
import { UrlPlanner } from './resolve/urls';

export type { Coverage, ResolveContext, ResolveOptions, UrlTarget } from './resolve/types';

/** Front-matter claims or rules prepared between two yields of `AlertResolver.preparing` (microseconds each). */
const PREPARE_CHUNK = 64;

export class AlertResolver {
  private readonly source: () => ResolveContext;
  private lookup: Lookup | undefined;
  private readonly urls = new UrlPlanner();

  /**
   * `context`: the indexes, URL mappings and workspace folders to resolve over; a function when they change over
   * the resolver's life (asked once per query: keep it cheap). A different runbook index than last time starts the
   * tables over.
   */
  constructor(context: ResolveContext | (() => ResolveContext)) {
    this.source = typeof context === 'function' ? context : () => context;
  }

  get context(): ResolveContext {
    return this.source();
  }

  /**
   * Every runbook for `alert`, strongest first, one per path and anchor: front matter (exact names, then globs, most
   * specific first), then the runbook_url of each rule defining the alert, then files named after the alert
   * (`KubePodCrashLooping.md`, `kubepodcrashlooping.md`, `kube-pod-crash-looping.md`, `kube_pod_crash_looping.md`).
   * `labels` fill `{{ $labels.x }}` templates in runbook_urls; a URL that needs a label not given does not match
   * (unless `options.anyLabelValue`).
   */
  resolve(alert: string, labels?: Readonly<Record<string, string>>, options?: ResolveOptions): Resolution[] {
    const ctx = this.source();
    return resolveAlert(ctx, this.tables(ctx).sync(), this.urls, alert, labels, options);
  }

  /**
   * The runbook a runbook_url points to: a path relative to the rule file's folder (or, starting with `/`, to a
   * workspace folder), or an absolute URL under the prefix of the first matching URL mapping, looked for under
   * `<root>/<folder>` of every root. With or without `.md`, any case; a trailing slash means `<dir>.md`,
   * `<dir>/README.md` or `<dir>/index.md`. `{{ $labels.x }}` / `{{ .Labels.x }}` are filled from `labels` (give
   * `alertname` too); a URL that needs a label not given, or any other template, matches nothing. The anchor is the
   * slug of the heading named by the URL's `#fragment`, if the runbook has it. Never returns a path outside `roots`.
   */
  resolveUrl(url: string, rulePath: string, labels?: Readonly<Record<string, string>>): UrlTarget | undefined {
    const ctx = this.source();
    return resolveRunbookUrl(ctx, this.tables(ctx).sync(), this.urls, url, rulePath, labels);
  }

  /**
   * How well the rule files and the runbooks cover each other. runbook_urls templated with labels other than
   * `alertname` are checked against every runbook the template could name (`{{ $labels.namespace }}` matches any
   * folder), so a URL is dangling only when no label values could make it resolve. Computed anew on each call: a
   * caller that needs it several times over the same indexes (a lint pass) keeps the answer.
   */
  coverage(): Coverage {
    const ctx = this.source();
    return coverage(ctx, this.tables(ctx).sync(), this.urls);
  }

  /** `coverage` in steps of one alert (or runbook) each, for a caller that yields to its event loop between them. */
  *coverageSteps(): Generator<void, Coverage> {
    const ctx = this.source();
    return yield* coverageSteps(ctx, this.tables(ctx).sync(), this.urls);
  }

  /**
   * Bring the tables up to date with the index, list the runbooks of every front-matter claim and plan every rule's
   * runbook_url now (e.g. right after indexing), so that the next query pays for none of it. Queries do this
   * themselves, lazily, when needed.
   */
  prepare(): void {
    const steps = this.preparing();
    while (!steps.next().done) {
      // each step does a bounded amount of work; here they run back to back
    }
  }

  /**
   * `prepare` in steps of bounded work (a few hundred index entries, claims or rules each): the caller runs a step,
   * and may yield to its event loop between steps (`for (const _ of r.preparing()) if (sliceOver()) await idle();`).
   * Queries may run between steps (they bring the tables up to date themselves). When the runbook index changes
   * between steps, the preparation stops: the work done stays, and the next `prepare` (or query) does the rest.
   */
  *preparing(): Generator<void, void, void> {
    let ctx = this.source();
    const lk = this.tables(ctx);
    yield* lk.syncing();
    if (!lk.upToDate) {
      return;
    }
    const version = lk.index.version;
    let n = 0;
    const step = (): boolean => ++n % PREPARE_CHUNK === 0;
    for (const claim of ctx.runbooks.allClaims()) {
      claimed(lk, claim);
      if (step()) {
        yield;
        if (lk.index.version !== version) {
          return;
        }
      }
    }
    for (const rule of ctx.rules.rules()) {
      if (rule.runbookUrl && !rule.runbookUrl.includes('{{')) {
        this.urls.planFor(ctx, lk, rule, rule.runbookUrl);
        if (step()) {
          yield;
          // The roots or mappings may have changed meanwhile: plan against the current ones (a stale plan is
          // merely made again by the query that needs it).
          ctx = this.source();
          if (ctx.runbooks !== lk.index || lk.index.version !== version) {
            return;
          }
        }
      }
    }
  }

  /** Let go of every table and plan. The resolver stays usable: the next query builds what it needs again. */
  dispose(): void {
    this.lookup?.clear();
    this.lookup = undefined;
    this.urls.clear();
  }

  /** The tables of the context's runbook index (not brought up to date). */
  private tables(ctx: ResolveContext): Lookup {
    if (this.lookup?.index !== ctx.runbooks) {
      this.lookup?.clear();
      this.lookup = new Lookup(ctx.runbooks);
    }
    return this.lookup;
  }
}
