// Running a runbook step: only on an explicit click or command, never in an untrusted workspace; variables filled
// from the bound alert, the session, defaults or an input box, always shell-quoted; dangerous steps confirmed;
// every run recorded in the incident session.
import * as vscode from 'vscode';
import type { Runbook, Step } from '../../core/model';
import { parseRunbook } from '../../core/parse';
import { commandText } from '../../core/run/commands';
import { DEFAULT_DANGEROUS_PATTERNS, needsConfirmation } from '../../core/run/danger';
import { assertTerminalSafe, displaySafe, QuoteError, shellKindFor } from '../../core/run/quote';
import { statusFor, type RunEvent } from '../../core/run/session';
import { findPlaceholders, labelsToEnv, mask, placeholderNames, resolveValues, substitute } from '../../core/run/variables';
import { dirname } from '../../core/text';
import type { AlertService } from '../alerts/alertService';
import { Settings } from '../constants';
import type { TargetGuard } from '../target/targetGuard';
import type { Sessions } from './sessions';
import type { Terminals } from './terminals';

export type ConfirmMode = 'withVariables' | 'always' | 'never';

export class StepRunner {
  constructor(private readonly alerts: AlertService, private readonly sessions: Sessions, private readonly terminals: Terminals, private readonly targetGuard?: TargetGuard) {}

  /**
   * Run one step of the runbook at `uri`; resolves with what was recorded, or undefined when nothing ran.
   * `alwaysConfirm`: show the command and ask, whatever the setting (a link from the preview, or from anywhere).
   */
  async run(uri: vscode.Uri, stepId: string, alwaysConfirm = false): Promise<RunEvent | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Running runbook steps is disabled in Restricted Mode: this workspace is not trusted.', 'Manage Workspace Trust')
        .then((c) => c && vscode.commands.executeCommand('workbench.trust.manage'));
      return undefined;
    }
    const { runbook, step } = await this.find(uri, stepId);
    if (!step) {
      void vscode.window.showErrorMessage(`No step "${stepId}" in ${vscode.workspace.asRelativePath(uri)}.`);
      return undefined;
    }
    // Target guard (src/extension/target): a step aimed at another cluster/account than the alert's does not run.
    const guard = await this.targetGuard?.beforeRun(uri, runbook, step, (command) => this.runInTerminal(uri, runbook, command));
    if (guard && !guard.proceed) {
      return undefined;
    }
    const prepared = await this.prepare(uri, runbook, step, alwaysConfirm || guard?.confirm ? 'always' : true, guard?.detail);
    if (!prepared) {
      return undefined;
    }
    const bound = this.alerts.boundTo(uri.toString());
    const session = this.sessions.ensure(bound?.name ?? null, bound?.labels ?? {});
    const terminal = this.terminals.get(`${session.id}|${uri.toString()}`, `Runbook: ${runbook.title}`, this.cwd(uri, runbook), labelsToEnv(bound?.labels ?? {}), uri.toString());
    const time = new Date().toISOString();
    const outcome = await this.terminals.run(terminal, prepared.command);
    const event: RunEvent = {
      type: 'run',
      time,
      runbook: vscode.workspace.asRelativePath(uri, false),
      stepId: step.id,
      command: prepared.display,
      exitCode: outcome.exitCode,
      durationMs: outcome.durationMs,
      status: statusFor(outcome.exitCode),
    };
    this.sessions.append(event);
    return event;
  }

  /** Target guard: run a switch command (`kubectl config use-context …`) in the runbook's terminal, recorded. */
  private async runInTerminal(uri: vscode.Uri, runbook: Runbook, command: string): Promise<number | null> {
    const bound = this.alerts.boundTo(uri.toString());
    const session = this.sessions.ensure(bound?.name ?? null, bound?.labels ?? {});
    const terminal = this.terminals.get(`${session.id}|${uri.toString()}`, `Runbook: ${runbook.title}`, this.cwd(uri, runbook), labelsToEnv(bound?.labels ?? {}), uri.toString());
    const time = new Date().toISOString();
    const outcome = await this.terminals.run(terminal, command);
    this.sessions.append({ type: 'run', time, runbook: vscode.workspace.asRelativePath(uri, false), stepId: 'switch-target', command: displaySafe(command), exitCode: outcome.exitCode, durationMs: outcome.durationMs, status: statusFor(outcome.exitCode) });
    return outcome.exitCode;
  }

  /**
   * Get a terminal ready for the runbook just opened from an alert (trusted workspaces, when the setting allows):
   * it starts a shell, nothing else; the first ▶ Run then finds it waiting.
   */
  async warm(uri: vscode.Uri): Promise<void> {
    if (!vscode.workspace.isTrusted || !vscode.workspace.getConfiguration(Settings.section, uri).get<boolean>(Settings.warmTerminal, true)) {
      return;
    }
    const bound = this.alerts.boundTo(uri.toString());
    if (!bound) {
      return;
    }
    const { runbook } = await this.find(uri, '');
    if (runbook.steps.length) {
      this.terminals.warm(uri.toString(), `Runbook: ${runbook.title}`, this.cwd(uri, runbook), labelsToEnv(bound.labels));
    }
  }

  /** Run the steps of a section in order, stopping at the first one that fails (when the exit code is known). */
  async runSection(uri: vscode.Uri, heading: number): Promise<RunEvent[]> {
    const { runbook } = await this.find(uri, '');
    const h = runbook.headings[heading];
    const steps = runbook.steps.filter((s) => h && s.range.start.line > h.line && s.range.start.line <= h.endLine);
    const events: RunEvent[] = [];
    for (const s of steps) {
      const e = await this.run(uri, s.id);
      if (!e) {
        break; // cancelled or refused
      }
      events.push(e);
      if (e.status === 'failed') {
        void vscode.window.showWarningMessage(`Step ${s.id} failed with exit code ${e.exitCode}: the remaining steps of "${h.text}" were not run.`);
        break;
      }
    }
    return events;
  }

  /** The final command, for the clipboard (same substitution and quoting, nothing runs). */
  async copy(uri: vscode.Uri, stepId: string): Promise<string | undefined> {
    const { runbook, step } = await this.find(uri, stepId);
    const prepared = step && (await this.prepare(uri, runbook, step, false));
    if (prepared) {
      await vscode.env.clipboard.writeText(prepared.command);
      vscode.window.setStatusBarMessage(`$(copy) Copied step ${step.id}`, 3000);
    }
    return prepared?.command;
  }

  private async find(uri: vscode.Uri, stepId: string): Promise<{ runbook: Runbook; step: Step | undefined }> {
    const document = await vscode.workspace.openTextDocument(uri);
    const runbook = parseRunbook(uri.toString(), document.getText());
    return { runbook, step: runbook.steps.find((s) => s.id === stepId) };
  }

  /** Fill the variables, quote them, and get the person's go-ahead where needed. */
  private async prepare(uri: vscode.Uri, runbook: Runbook, step: Step, confirm: boolean | 'always' = true, targetDetail?: string): Promise<{ command: string; display: string } | undefined> {
    const config = vscode.workspace.getConfiguration(Settings.section, uri);
    const shell = shellKindFor(step.language, vscode.env.shell);
    const text = commandText(step);
    if (!text.trim()) {
      void vscode.window.showInformationMessage(`Step ${step.id} has no command to run (a console block runs only its \`$ \` lines).`);
      return undefined;
    }
    const bound = this.alerts.boundTo(uri.toString());
    const session = this.sessions.active;
    const known = new Set([...Object.keys(runbook.variables), ...Object.keys(bound?.labels ?? {}), ...Object.keys(session?.values ?? {})]);
    const placeholders = findPlaceholders(text, known, shell).filter((p) => p.style !== 'env');
    const names = placeholderNames(placeholders);
    const defaults: Record<string, string> = {};
    for (const [name, spec] of Object.entries(runbook.variables)) {
      if (spec.default !== undefined) {
        defaults[name] = spec.default;
      }
    }
    const resolved = resolveValues(names, { labels: bound?.labels, session: session?.values, defaults });
    const secrets = new Set(Object.entries(runbook.variables).filter(([, v]) => v.secret).map(([k]) => k));
    for (const name of resolved.missing) {
      const spec = runbook.variables[name];
      const value = await vscode.window.showInputBox({
        title: `${step.id}: value of ${name}`,
        prompt: spec?.description ?? `Value for {{${name}}} (remembered for this incident)`,
        password: secrets.has(name),
        ignoreFocusOut: true,
      });
      if (value === undefined) {
        return undefined;
      }
      resolved.values[name] = value;
      if (session) {
        session.values[name] = value;
      }
    }
    let command: string;
    try {
      command = substitute(text, resolved.values, shell, known);
      // Quoting protects a value from the shell, not from the terminal: no control characters may be typed in.
      assertTerminalSafe(command);
    } catch (e) {
      void vscode.window.showErrorMessage(`Cannot run step ${step.id}: ${e instanceof QuoteError ? e.message : (e as Error).message}`);
      return undefined;
    }
    const secretValues = names.filter((n) => secrets.has(n)).map((n) => resolved.values[n]).filter((v) => v !== '');
    // What a person sees (dialogs, timeline, log): secrets masked, bidi and control characters made visible.
    const display = displaySafe(mask(command, secretValues));
    if (!confirm) {
      return { command, display };
    }
    // Judge the command as written in the runbook: filled-in values are quoted, inert data.
    const danger = needsConfirmation(step, text, config.get<string[]>(Settings.dangerousPatterns, [...DEFAULT_DANGEROUS_PATTERNS]));
    if (danger.confirm) {
      const choice = await vscode.window.showWarningMessage(
        `Run a destructive step? (${step.id})`,
        { modal: true, detail: `${display}\n\n${targetDetail ? `${targetDetail}\n\n` : ''}Why this asks: ${danger.reasons.join('; ')}.` },
        'Run',
      );
      return choice === 'Run' ? { command, display } : undefined;
    }
    const mode = confirm === 'always' ? 'always' : config.get<ConfirmMode>(Settings.confirmCommands, 'withVariables');
    if (mode === 'always' || (mode === 'withVariables' && names.length > 0)) {
      const choice = await vscode.window.showInformationMessage(`Run step ${step.id}?`, { modal: true, detail: targetDetail ? `${display}\n\n${targetDetail}` : display }, 'Run');
      return choice === 'Run' ? { command, display } : undefined;
    }
    return { command, display };
  }

  /** Front matter `cwd` (relative to the runbook), else the setting: the runbook's folder or the workspace root. */
  private cwd(uri: vscode.Uri, runbook: Runbook): vscode.Uri | undefined {
    if (uri.scheme !== 'file') {
      return undefined;
    }
    const folder = vscode.Uri.parse(dirname(uri.toString()));
    if (runbook.cwd) {
      return vscode.Uri.joinPath(folder, runbook.cwd);
    }
    const setting = vscode.workspace.getConfiguration(Settings.section, uri).get<string>(Settings.cwd, 'runbookFolder');
    return setting === 'workspaceRoot' ? vscode.workspace.getWorkspaceFolder(uri)?.uri ?? folder : folder;
  }
}
