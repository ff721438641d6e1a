// Alerts: rules found in Prometheus rule files, alert instances from payloads and links, and how an alert name
// resolves to runbooks. Plain data, shared by the extension, the CLI and the tests.

/** One alerting rule from a Prometheus rule file or a PrometheusRule resource. */
export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string | undefined;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** The runbook link (first of the configured annotation keys present), as written. */
  readonly runbookUrl: string | undefined;
  /** File (opaque `/`-separated key, like runbook paths), 0-based line of the `alert:` value, and of the URL. */
  readonly path: string;
  readonly line: number;
  readonly character: number;
  readonly urlLine: number | undefined;
  readonly group: string | undefined;
}

export interface RuleFileProblem {
  readonly path: string;
  readonly line: number;
  readonly message: string;
}

/** An alert as it arrives: from an alert link, a pasted payload or the command line. */
export interface AlertInstance {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly startsAt?: string;
  readonly status?: string;
}

/** Maps runbook URLs onto a workspace folder: `https://runbooks.example.com/runbooks/` → `runbooks`. */
export interface UrlMapping {
  readonly prefix: string;
  /** Folder relative to the workspace root. */
  readonly folder: string;
}

/** Why an alert resolved to a runbook, strongest first. */
export type ResolutionVia = 'front-matter' | 'front-matter-glob' | 'runbook_url' | 'file-name';

export interface Resolution {
  /** Runbook path (index key). */
  readonly path: string;
  /** Heading slug when the target is one section, e.g. from `#anchor` or a heading named after the alert. */
  readonly anchor: string | undefined;
  /** 0-based line to open at: the anchored heading, else the first heading, else 0. */
  readonly line: number;
  readonly via: ResolutionVia;
  /** The front-matter entry (name or glob) for front-matter matches. */
  readonly pattern?: string;
  /** The rule whose runbook_url produced it. */
  readonly rule?: { readonly path: string; readonly line: number };
}
