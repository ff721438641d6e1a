// What the resolver works on and what it answers with (see ../resolver.ts for the AlertResolver itself).
import type { RunbookIndex } from '../../runbookIndex';
import type { AlertRule, Resolution, UrlMapping } from '../model';
import type { RuleIndex } from '../rules';

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

/** Where a runbook_url leads: a runbook (path) and the slug of the heading its `#fragment` names, if any. */
export interface UrlTarget {
  readonly path: string;
  readonly anchor: string | undefined;
}
