// Lint in the editor: diagnostics per runbook (debounced, never on the typing path, dropped when the document has
// moved on), cross-file results refreshed when the index changes, quick fixes and "Fix all", "Lint Workspace".
import * as vscode from 'vscode';
import { insideFolder } from '../index/confine';
import { today } from '../../core/dates';
import { lintDocument, lintWorkspacePaced, type LintEnvironment } from '../../core/lint/engine';
import { resolveConfig, resolveConfigFrom } from '../../core/lint/config';
import { ruleHelpUri } from '../../core/lint/format';
import { chooseFixes } from '../../core/lint/fixes';
import type { Finding } from '../../core/lint/types';
import type { TextEdit } from '../../core/text';
import { dirname } from '../../core/paths';
import type { AlertService } from '../alerts/alertService';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import { toWorkspaceEdit } from '../util/edits';
import { exists } from '../util/files';
import { hostPacer } from '../util/pace';

const DEBOUNCE_MS = 300;
const SEVERITY = { error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning, info: vscode.DiagnosticSeverity.Information };
export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('runbooks');

export class LintController implements vscode.Disposable, vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND] };
  private readonly collection = vscode.languages.createDiagnosticCollection('runbooks');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Findings of each linted document, with the version they belong to. */
  private readonly results = new Map<string, { version: number; findings: Finding[]; fixAll?: TextEdit[] }>();
  private readonly disposables: vscode.Disposable[] = [this.collection];
  private crossFileTimer: ReturnType<typeof setTimeout> | undefined;
  private workspaceTimer: ReturnType<typeof setTimeout> | undefined;
  /** Rule files that carry workspace-level findings now (cleared when they have none). */
  private ruleFilesWithFindings = new Set<string>();

  constructor(private readonly workspace: WorkspaceIndex, private readonly alerts: AlertService) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, DEBOUNCE_MS)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.cancel(d.uri);
        this.results.delete(d.uri.toString());
        this.collection.delete(d.uri);
      }),
      // Other files changed: cross-file rules (alerts claimed twice, links into other runbooks) may see it differently.
      workspace.onDidChange(() => this.refreshOpenSoon()),
      workspace.onDidChangeRules(() => this.refreshOpenSoon()),
      workspace.onDidIndex(() => this.refreshOpenSoon()),
    );
  }

  refreshOpen(): void {
    for (const d of vscode.workspace.textDocuments) {
      this.schedule(d, 0);
    }
  }

  private refreshOpenSoon(): void {
    clearTimeout(this.crossFileTimer);
    this.crossFileTimer = setTimeout(() => this.refreshOpen(), 500);
    clearTimeout(this.workspaceTimer);
    this.workspaceTimer = setTimeout(() => void this.lintRuleFiles(), 1000);
  }

  /** Workspace-level findings (e.g. an alert no runbook serves), shown on the rule files. */
  async lintRuleFiles(): Promise<number> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) {
      return 0;
    }
    const config = await resolveConfigFrom(folder.uri.toString(), folder.uri.toString(), readConfigText);
    if ('error' in config) {
      return 0; // reported on each runbook already
    }
    const ctx = this.alerts.context();
    // In slices: over thousands of runbooks and rules the coverage alone would hold the host for a while.
    const findings = await lintWorkspacePaced({ runbooks: ctx.runbooks, rules: ctx.rules, config, today: today(), mappings: ctx.mappings, roots: ctx.roots, resolver: this.alerts.resolver }, hostPacer());
    const byPath = new Map<string, Finding[]>();
    for (const f of findings) {
      (byPath.get(f.path) ?? byPath.set(f.path, []).get(f.path)!).push(f);
    }
    for (const path of this.ruleFilesWithFindings) {
      if (!byPath.has(path)) {
        this.collection.delete(vscode.Uri.parse(path));
      }
    }
    for (const [path, list] of byPath) {
      this.collection.set(vscode.Uri.parse(path), list.map(toDiagnostic));
    }
    this.ruleFilesWithFindings = new Set(byPath.keys());
    return findings.length;
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    if (document.languageId !== 'markdown' || document.uri.scheme === 'git') {
      return;
    }
    const key = document.uri.toString();
    this.cancel(document.uri);
    const version = document.version;
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      if (document.isClosed || document.version !== version) {
        return; // a newer change has its own timer
      }
      if (!this.workspace.isRunbook(document.uri)) {
        this.results.delete(key);
        this.collection.delete(document.uri);
        return;
      }
      void this.lint(document.uri, document.getText()).then((findings) => {
        if (!document.isClosed && document.version === version) {
          this.publish(document.uri, version, findings);
        }
      });
    }, delay));
  }

  /** Lint a runbook's text with the configuration that applies to it. */
  async lint(uri: vscode.Uri, text: string): Promise<Finding[]> {
    const env = await this.environment(uri);
    if ('error' in env) {
      return [{ ruleId: 'RB000', ruleName: 'config', severity: 'error', message: env.error, line: 0, character: 0, endLine: 0, endCharacter: 0 }];
    }
    return lintDocument({ path: uri.toString(), text }, env);
  }

  private async environment(uri: vscode.Uri): Promise<LintEnvironment | { error: string }> {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const root = folder ? folder.uri.toString() : dirname(uri.toString());
    const config = await resolveConfig(uri.toString(), root, readConfigText);
    if ('error' in config) {
      return { error: `lint configuration: ${config.error}` };
    }
    return {
      runbooks: this.workspace.index,
      rules: this.workspace.rules,
      config,
      today: today(),
      fileExists: (path: string) => exists(vscode.Uri.parse(path)),
      pacer: hostPacer(), // over thousands of alerting rules one runbook's rules together can hold the host too long
    };
  }

  private publish(uri: vscode.Uri, version: number, findings: Finding[]): void {
    this.results.set(uri.toString(), { version, findings });
    this.collection.set(uri, findings.map(toDiagnostic));
  }

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const result = this.results.get(document.uri.toString());
    if (!result || result.version !== document.version) {
      return [];
    }
    const actions: vscode.CodeAction[] = [];
    const wantsFixAll = !context.only || context.only.contains(FIX_ALL_KIND) || FIX_ALL_KIND.contains(context.only);
    if (!context.only || context.only.contains(vscode.CodeActionKind.QuickFix)) {
      for (const f of result.findings) {
        if (f.fix && toRange(f).intersection(range)) {
          const action = new vscode.CodeAction(f.fix.title, vscode.CodeActionKind.QuickFix);
          action.edit = toWorkspaceEdit(document.uri, f.fix.edits);
          action.diagnostics = context.diagnostics.filter((d) => codeOf(d) === f.ruleId && d.range.start.line === f.line);
          action.isPreferred = true;
          actions.push(action);
        }
      }
    }
    // The fixes `runbook lint --fix` would apply (core/lint/fixes), chosen once per version of the document.
    const fixes = wantsFixAll ? (result.fixAll ??= chooseFixes(document.getText(), result.findings).edits) : [];
    if (fixes.length) {
      // Small edits, not a whole-document replace: what the user typed elsewhere meanwhile stays.
      const action = new vscode.CodeAction('Fix all auto-fixable runbook problems', FIX_ALL_KIND);
      action.edit = toWorkspaceEdit(document.uri, fixes);
      actions.push(action);
    }
    return actions;
  }

  /** "Runbooks: Lint Workspace" — every indexed runbook, with progress; returns the number of findings. */
  async lintWorkspace(): Promise<number> {
    const entries = this.workspace.index.all();
    let total = 0;
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Linting runbooks', cancellable: true }, async (progress, token) => {
      const pacer = hostPacer();
      for (let i = 0; i < entries.length && !token.isCancellationRequested; i++) {
        await pacer.check(); // open documents are linted without a read in between: give the host a turn now and then
        const uri = vscode.Uri.parse(entries[i].path);
        const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === entries[i].path);
        const text = open ? open.getText() : await readText(entries[i].path);
        if (text === undefined) {
          continue;
        }
        const findings = await this.lint(uri, text);
        total += findings.length;
        this.publish(uri, open ? open.version : -1, findings);
        progress.report({ increment: 100 / entries.length, message: `${i + 1}/${entries.length}` });
      }
    });
    return total + (await this.lintRuleFiles());
  }

  private cancel(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  dispose(): void {
    clearTimeout(this.crossFileTimer);
    clearTimeout(this.workspaceTimer);
    for (const t of this.timers.values()) {
      clearTimeout(t);
    }
    for (const d of this.disposables.splice(0)) {
      d.dispose();
    }
  }
}

/**
 * A lint configuration file, read only when its real path is inside its workspace folder: a `.runbooklint.yaml`
 * that is a link out of the workspace (to `~/.aws/credentials`…) is treated as absent, as the CLI does.
 */
async function readConfigText(path: string): Promise<string | undefined> {
  const uri = vscode.Uri.parse(path);
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (folder && (await insideFolder(folder.uri, [uri])).length === 0) {
    return undefined;
  }
  return readText(path);
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.parse(path)));
  } catch {
    return undefined;
  }
}


function toRange(f: Finding): vscode.Range {
  return new vscode.Range(f.line, f.character, f.endLine, f.endCharacter);
}

function codeOf(d: vscode.Diagnostic): string | undefined {
  return typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code);
}

function toDiagnostic(f: Finding): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(f), f.message, SEVERITY[f.severity]);
  d.source = 'runbooks';
  d.code = { value: f.ruleId, target: vscode.Uri.parse(ruleHelpUri({ id: f.ruleId, name: f.ruleName })) };
  return d;
}
