// Alert resolution for the editor: the core resolver over the workspace's runbooks, rule files and URL mappings,
// plus the labels bound to runbooks opened from an alert.
import * as vscode from 'vscode';
import type { AlertInstance, AlertRule, Resolution, UrlMapping } from '../../core/alerts/model';
import { AlertResolver, type Coverage, type ResolveContext, type ResolveOptions } from '../../core/alerts/resolver';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import { affectsSettings, setting } from '../util/settings';
import { drainPaced } from '../../core/pacer';
import { hostPacer } from '../util/pace';

/** An alert bound to a runbook: its labels fill the runbook's step variables. */
export interface BoundAlert extends AlertInstance {
  /** When it was bound (ISO time). */
  readonly boundAt: string;
}

const BOUND_STATE = 'runbooks.boundAlerts';

export class AlertService implements vscode.Disposable {
  private readonly boundChanged = new vscode.EventEmitter<string>();
  /** Fires with the runbook path whose bound alert changed. */
  readonly onDidChangeBound = this.boundChanged.event;
  private readonly bound: Map<string, BoundAlert>;
  private readonly subscriptions: vscode.Disposable[];
  /** The URL mappings and workspace folders, read once per change to them, not once per alert resolved. */
  private settings: Pick<ResolveContext, 'mappings' | 'roots'> | undefined;
  /** The resolver over the workspace's indexes and settings: its tables and plans live as long as this service. */
  readonly resolver = new AlertResolver(() => this.context());

  constructor(private readonly workspace: WorkspaceIndex, private readonly state: vscode.Memento) {
    // Bindings survive a window reload: an incident does not stop because VS Code restarted.
    this.bound = new Map(Object.entries(state.get<Record<string, BoundAlert>>(BOUND_STATE, {})));
    // The resolver's tables are built when the index is ready, not by the first alert link or CodeLens; in slices,
    // so that the host answers meanwhile (a query that comes first finishes them itself).
    this.subscriptions = [
      workspace.onDidIndex(() => void drainPaced(this.resolver.preparing(), hostPacer())),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsSettings(e, 'urlMappings')) {
          this.settings = undefined;
        }
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => (this.settings = undefined)),
    ];
  }

  context(): ResolveContext {
    this.settings ??= { mappings: urlMappings(), roots: (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString()) };
    // The rule index is replaced when its settings change: always the current one.
    return { runbooks: this.workspace.index, rules: this.workspace.rules, ...this.settings };
  }

  resolve(alert: string, labels?: Readonly<Record<string, string>>, options?: ResolveOptions): Resolution[] {
    return this.resolver.resolve(alert, labels, options);
  }

  resolveUrl(url: string, rulePath: string, labels?: Readonly<Record<string, string>>): { path: string; anchor: string | undefined } | undefined {
    return this.resolver.resolveUrl(url, rulePath, labels);
  }

  coverage(): Coverage {
    return this.resolver.coverage();
  }

  rulesFor(alert: string): readonly AlertRule[] {
    return this.workspace.rules.byAlert(alert);
  }

  /** Every alert the workspace knows: defined by rules or named (exactly) in a runbook's front matter. */
  knownAlerts(): string[] {
    const names = new Set(this.workspace.rules.alerts());
    for (const a of this.workspace.index.alerts()) {
      if (!a.includes('*') && !a.includes('?')) {
        names.add(a);
      }
    }
    return [...names].sort();
  }

  boundTo(runbookPath: string): BoundAlert | undefined {
    return this.bound.get(runbookPath);
  }

  async bind(runbookPath: string, alert: AlertInstance): Promise<void> {
    this.bound.set(runbookPath, { ...alert, labels: { ...alert.labels }, boundAt: new Date().toISOString() });
    await this.save(runbookPath);
  }

  async unbind(runbookPath: string): Promise<void> {
    if (this.bound.delete(runbookPath)) {
      await this.save(runbookPath);
    }
  }

  /** Listeners hear of the change at once; it is written to workspace state after. */
  private async save(runbookPath: string): Promise<void> {
    this.boundChanged.fire(runbookPath);
    await this.state.update(BOUND_STATE, Object.fromEntries(this.bound));
  }

  dispose(): void {
    this.subscriptions.forEach((d) => d.dispose());
    this.boundChanged.dispose();
    this.resolver.dispose();
  }
}

function urlMappings(): readonly UrlMapping[] {
  return setting('urlMappings');
}
