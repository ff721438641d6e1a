// The terminal's target next to the bound alert in the status bar: `$(server) prod-eu / default`, a warning when a
// step of the runbook (with its own -n/--context…) would run against another target than the alert's. Read when the active runbook or its alert changes, when a step is checked, and when a
// kubeconfig file changes.
import * as vscode from 'vscode';
import { parseRunbook } from '../../core/parse';
import { commandText } from '../../core/run/commands';
import { findInvocations } from '../../core/target/command';
import { kubeconfigPaths } from '../../core/target/kubeconfig';
import { checkTarget, type TargetCheck } from '../../core/target/guard';
import type { TargetKind } from '../../core/target/model';
import type { AlertService } from '../alerts/alertService';
import { Commands } from '../constants';
import { extensionTargetEnvironment } from './environment';
import type { TargetGuard } from './targetGuard';

/** Steps checked for the warning (the guard checks every step anyway when it runs). */
const MAX_STEPS_CHECKED = 20;

const PROBE: Readonly<Record<TargetKind, string>> = { kube: 'kubectl get pods', aws: 'aws sts get-caller-identity', gcloud: 'gcloud info', azure: 'az account show' };

export class TargetStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('runbooks.target', vscode.StatusBarAlignment.Left, 8.9);
  private readonly disposables: vscode.Disposable[] = [this.item];
  private watchers: vscode.Disposable[] = [];
  private generation = 0;
  /** What is shown (tests read it). */
  shown: { text: string; mismatch: boolean } | undefined;

  constructor(private readonly alerts: AlertService, private readonly guard: TargetGuard) {
    this.item.name = 'Runbook Target';
    this.item.command = Commands.editBoundLabels;
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => void this.update()),
      alerts.onDidChangeBound(() => void this.update()),
      guard.onDidCheck(() => void this.update()),
    );
    this.watch();
    void this.update();
  }

  /** Re-read when a kubeconfig file changes (kubectl config use-context in any terminal). */
  private watch(): void {
    this.watchers.forEach((w) => w.dispose());
    this.watchers = kubeconfigPaths(extensionTargetEnvironment()).slice(0, 8).map((p) => {
      const uri = vscode.Uri.file(p);
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(uri, '..'), uri.path.split('/').pop()!));
      const on = () => void this.update();
      w.onDidChange(on);
      w.onDidCreate(on);
      w.onDidDelete(on);
      return w;
    });
  }

  async update(): Promise<void> {
    const run = ++this.generation;
    const editor = vscode.window.activeTextEditor;
    const bound = editor && this.alerts.boundTo(editor.document.uri.toString());
    if (!editor || !bound) {
      this.item.hide();
      this.shown = undefined;
      return;
    }
    const runbook = parseRunbook(editor.document.uri.toString(), editor.document.getText(), { links: false });
    const kinds = new Set<TargetKind>();
    for (const s of runbook.steps) {
      for (const i of findInvocations(commandText(s))) {
        kinds.add(i.kind);
      }
    }
    const configs = this.guard.configs(editor.document.uri, runbook);
    const environment = extensionTargetEnvironment();
    // What the terminal points at, per kind of target the runbook talks to…
    const checks: TargetCheck[] = [];
    for (const kind of kinds) {
      checks.push(await checkTarget({ command: PROBE[kind], alertName: bound.name, labels: bound.labels, configs, environment }));
    }
    // …and whether the runbook's own steps (with their -n/--context…) would run against another target.
    const stepChecks: TargetCheck[] = [];
    for (const s of runbook.steps) {
      if (stepChecks.length >= MAX_STEPS_CHECKED) {
        break;
      }
      if (findInvocations(commandText(s)).some((i) => !i.switches)) {
        stepChecks.push(await checkTarget({ command: commandText(s), values: bound.labels, alertName: bound.name, labels: bound.labels, configs, environment }));
      }
    }
    if (run !== this.generation) {
      return; // a newer update is under way
    }
    if (!checks.length) {
      this.item.hide();
      this.shown = undefined;
      return;
    }
    const wrong = stepChecks.find((c) => c.verdict === 'mismatch');
    const mismatch = wrong !== undefined;
    const unknown = checks.some((c) => c.verdict === 'unknown');
    const text = checks.map((c) => c.currentText).join(' · ');
    this.item.text = `${mismatch ? '$(warning)' : '$(server)'} ${text}`;
    this.item.backgroundColor = mismatch ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const tip = new vscode.MarkdownString();
    tip.appendMarkdown(mismatch ? '**Not the alert\'s target**\n\n' : unknown ? '**Target partly unknown**\n\n' : '**The alert\'s target**\n\n');
    for (const c of wrong ? [wrong] : checks) {
      tip.appendText(`${c.message.charAt(0).toUpperCase()}${c.message.slice(1)}.\n\n`);
    }
    tip.appendMarkdown('Steps that talk to another target are blocked before they run.');
    this.item.tooltip = tip;
    this.item.show();
    this.shown = { text, mismatch };
  }

  dispose(): void {
    this.watchers.forEach((w) => w.dispose());
    this.disposables.forEach((d) => d.dispose());
  }
}
