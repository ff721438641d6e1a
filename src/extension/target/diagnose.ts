// Run diagnosis: one action that runs the `read` steps of a runbook's Diagnosis section in order, in the runbook's
// terminal, stopping at the first failure, and never runs a `mutate` or `destructive` step (it skips them and says
// so). Each step goes through StepRunner.run: trust, the target guard, validation and confirmations all apply.
import * as vscode from 'vscode';
import type { Runbook } from '../../core/model';
import { parseRunbook } from '../../core/parse';
import type { RunEvent } from '../../core/run/session';
import { diagnosisHeading, diagnosisPlan, isDiagnosisHeading } from '../../core/target/sections';
import { Commands } from '../constants';
import type { StepRunner } from '../run/stepRunner';
import type { TargetGuard } from './targetGuard';

export interface DiagnosisResult {
  readonly events: RunEvent[];
  /** Steps not run because they change things: `id (class)`. */
  readonly skipped: string[];
  /** Why it stopped early, if it did. */
  readonly stopped?: string;
}

export async function runDiagnosis(runner: StepRunner, guard: TargetGuard, uri: vscode.Uri | undefined, heading?: number): Promise<DiagnosisResult | undefined> {
  uri ??= vscode.window.activeTextEditor?.document.uri;
  if (!uri) {
    void vscode.window.showInformationMessage('Open a runbook to run its diagnosis.');
    return undefined;
  }
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Running runbook steps is disabled in Restricted Mode: this workspace is not trusted.');
    return undefined;
  }
  const document = await vscode.workspace.openTextDocument(uri);
  const runbook: Runbook = parseRunbook(uri.toString(), document.getText());
  const h = typeof heading === 'number' ? heading : diagnosisHeading(runbook);
  if (h < 0 || !runbook.headings[h]) {
    void vscode.window.showInformationMessage(`${vscode.workspace.asRelativePath(uri)} has no Diagnosis section (a heading named Diagnosis, Diagnose, Investigation or Triage).`);
    return undefined;
  }
  const plan = diagnosisPlan(runbook, h, (s) => guard.risk(uri!, s));
  const skipped = plan.steps.filter((p) => !p.run).map((p) => `${p.step.id} (${p.risk})`);
  const events: RunEvent[] = [];
  let stopped: string | undefined;
  for (const p of plan.steps) {
    if (!p.run) {
      continue;
    }
    const e = await runner.run(uri, p.step.id);
    if (!e) {
      stopped = `step ${p.step.id} was not run`;
      break;
    }
    events.push(e);
    if (e.status === 'failed') {
      stopped = `step ${p.step.id} failed with exit code ${e.exitCode}`;
      break;
    }
  }
  const title = runbook.headings[h].text;
  const parts = [`Diagnosis "${title}": ran ${events.length} read step${events.length === 1 ? '' : 's'}`];
  if (stopped) {
    parts.push(`stopped: ${stopped}`);
  }
  if (skipped.length) {
    parts.push(`not run, as they change things: ${skipped.join(', ')} — run them one by one if needed`);
  }
  const message = `${parts.join('; ')}.`;
  void (stopped ? vscode.window.showWarningMessage(message) : vscode.window.showInformationMessage(message));
  return { events, skipped, ...(stopped ? { stopped } : {}) };
}

/** "Run diagnosis" above a runbook's Diagnosis heading(s). Nothing runs from a lens being shown. */
export class DiagnosisLenses implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly isRunbook: (uri: vscode.Uri) => boolean, private readonly guard: TargetGuard) {}

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.isRunbook(document.uri) || !vscode.workspace.isTrusted) {
      return [];
    }
    const runbook = parseRunbook(document.uri.toString(), document.getText(), { links: false });
    const lenses: vscode.CodeLens[] = [];
    runbook.headings.forEach((h, i) => {
      if (!isDiagnosisHeading(h)) {
        return;
      }
      const plan = diagnosisPlan(runbook, i, (s) => this.guard.risk(document.uri, s));
      const read = plan.steps.filter((p) => p.run).length;
      if (!read) {
        return;
      }
      const skipped = plan.steps.length - read;
      lenses.push(new vscode.CodeLens(new vscode.Range(h.line, 0, h.line, 0), {
        title: `$(debug-start) Run diagnosis (${read} read step${read === 1 ? '' : 's'}${skipped ? `, ${skipped} skipped` : ''})`,
        command: Commands.runDiagnosis,
        arguments: [document.uri, i],
        tooltip: 'Run the read-only steps of this section in order, stopping at the first failure; steps that change things are never run from here',
      }));
    });
    return lenses;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
