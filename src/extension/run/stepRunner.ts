// Running a runbook step: only on an explicit click or command, never in an untrusted workspace; variables filled
// from the bound alert, the session, defaults or an input box, passed as data (see prepareStep); dangerous steps confirmed;
// every run recorded in the incident session.
import * as vscode from 'vscode';
import type { Runbook, Step } from '../../core/model';
import { parseRunbook } from '../../core/parse';
import { prepareStep, shellForStep, valueProblem, type ConfirmMode, type PreparedStep, type RunShell } from '../../core/run/prepareStep';
import { displaySafe } from '../../core/run/quote';
import { statusFor, type RunEvent } from '../../core/run/session';
import { dirname } from '../../core/text';
import type { AlertService } from '../alerts/alertService';
import { Settings } from '../constants';
import type { TargetGuard } from '../target/targetGuard';
import type { Sessions } from './sessions';
import { shellPath } from './shells';
import type { Terminals } from './terminals';
import { forClipboard } from './capture';

export type { ConfirmMode } from '../../core/run/prepareStep';

/** What prepare hands to run: the text, what to show of it, and the shell (with its program) to run it in. */
interface Ready {
  readonly command: string;
  readonly display: string;
  readonly shell: RunShell;
  readonly secrets: readonly string[];
}

/** A step as it would run now, without asking anything (see StepRunner.preview). */
export interface StepPreview {
  readonly stepId: string;
  readonly shell: RunShell;
  /** Exactly the text the run shows and records (secrets masked). */
  readonly display: string;
  /** The step's risk with its values in (read, mutate, destructive). */
  readonly risk: 'read' | 'mutate' | 'destructive';
  /** The run will ask something anyway: a value to confirm, a dangerous command. */
  readonly asks: boolean;
}

export interface RunOptions {
  /** Show the command and ask, whatever the setting (a link from the preview, or from anywhere). */
  readonly alwaysConfirm?: boolean;
  /**
   * The person said yes to exactly this text (the alert link's offer): the usual "Run step?" question is skipped
   * only when the prepared text is identical and nothing else needs asking (values, danger, the target guard).
   */
  readonly confirmedDisplay?: string;
  /** Called when the terminal reports the command started (shell integration), or when it was sent. */
  readonly onStarted?: () => void;
}

export class StepRunner {
  constructor(private readonly alerts: AlertService, private readonly sessions: Sessions, private readonly terminals: Terminals, private readonly targetGuard?: TargetGuard) {}

  /**
   * Run one step of the runbook at `uri`; resolves with what was recorded, or undefined when nothing ran.
   * `alwaysConfirm`: show the command and ask, whatever the setting (a link from the preview, or from anywhere).
   */
  async run(uri: vscode.Uri, stepId: string, options: boolean | RunOptions = false): Promise<RunEvent | undefined> {
    const opts: RunOptions = typeof options === 'boolean' ? { alwaysConfirm: options } : options;
    const alwaysConfirm = opts.alwaysConfirm === true;
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
    const guard = await this.targetGuard?.beforeRun(uri, runbook, step, (command) => this.runInTerminal(uri, runbook, step, command));
    if (guard && !guard.proceed) {
      return undefined;
    }
    const prepared = await this.prepare(uri, runbook, step, alwaysConfirm || guard?.confirm ? 'always' : true, guard?.detail, guard?.typedMutate === true, guard?.confirm ? undefined : opts.confirmedDisplay);
    if (!prepared) {
      return undefined;
    }
    const program = await shellPath(prepared.shell, vscode.env.shell || undefined);
    if (!program) {
      void vscode.window.showErrorMessage(`Cannot run step ${step.id}: it is a ${prepared.shell} step, and ${prepared.shell} is not installed (not found on PATH).`);
      return undefined;
    }
    const bound = this.alerts.boundTo(uri.toString());
    const session = this.sessions.ensure(bound?.name ?? null, bound?.labels ?? {});
    prepared.secrets.forEach((v) => session.secrets.add(v)); // masked in the log, the output included
    const terminal = this.terminals.get(`${session.id}|${uri.toString()}|${prepared.shell}`, terminalName(runbook, prepared.shell), this.cwd(uri, runbook), program, `${uri.toString()}|${prepared.shell}`);
    const time = new Date().toISOString();
    const outcome = await this.terminals.run(terminal, prepared.command, prepared.shell !== 'sh', opts.onStarted);
    const event: RunEvent = {
      type: 'run',
      time,
      runbook: vscode.workspace.asRelativePath(uri, false),
      stepId: step.id,
      command: prepared.display,
      exitCode: outcome.exitCode,
      durationMs: outcome.durationMs,
      status: statusFor(outcome.exitCode),
      ...(outcome.output ? { output: outcome.output } : {}),
    };
    this.sessions.append(event);
    return event;
  }

  /**
   * What `run` would run for this step now, asking nothing: undefined when it cannot say without asking (missing
   * values, an error, no such step) or in an untrusted workspace.
   */
  async preview(uri: vscode.Uri, stepId: string): Promise<StepPreview | undefined> {
    if (!vscode.workspace.isTrusted) {
      return undefined;
    }
    const { runbook, step } = await this.find(uri, stepId);
    if (!step) {
      return undefined;
    }
    let shell: RunShell;
    try {
      shell = await editorShell(step);
    } catch {
      return undefined;
    }
    const p = prepareStep(this.prepareInput(uri, runbook, step, shell, this.sessions.active?.values ?? {}, new Set(), true));
    if (p.error !== undefined || p.missing.length > 0) {
      return undefined;
    }
    return { stepId: step.id, shell, display: p.display, risk: p.danger.risk, asks: p.toConfirm.length > 0 || p.danger.confirm };
  }

  private prepareInput(uri: vscode.Uri, runbook: Runbook, step: Step, shell: RunShell, typed: Record<string, string>, confirmed: Set<string>, confirm: boolean | 'always') {
    const config = vscode.workspace.getConfiguration(Settings.section, uri);
    const bound = this.alerts.boundTo(uri.toString());
    return {
      runbook, step, shell, labels: bound?.labels, labelOrigin: `the alert ${bound?.name ?? ''}`.trim(), typed, confirmed,
      dangerousPatterns: config.get<string[]>(Settings.dangerousPatterns),
      confirmMode: confirm === 'always' ? 'always' as const : config.get<ConfirmMode>(Settings.confirmCommands, 'withVariables'),
      forTerminal: true,
    };
  }

  /** Target guard: run a switch command (`kubectl config use-context …`) in the runbook's terminal, recorded. */
  private async runInTerminal(uri: vscode.Uri, runbook: Runbook, step: Step, command: string): Promise<number | null> {
    const bound = this.alerts.boundTo(uri.toString());
    const session = this.sessions.ensure(bound?.name ?? null, bound?.labels ?? {});
    // The terminal the step will run in (its shell), started with no environment from the alert.
    const shell = await editorShell(step);
    const program = await shellPath(shell, vscode.env.shell || undefined);
    if (!program) {
      return null;
    }
    const terminal = this.terminals.get(`${session.id}|${uri.toString()}|${shell}`, terminalName(runbook, shell), this.cwd(uri, runbook), program, `${uri.toString()}|${shell}`);
    const time = new Date().toISOString();
    const outcome = await this.terminals.run(terminal, command);
    this.sessions.append({ type: 'run', time, runbook: vscode.workspace.asRelativePath(uri, false), stepId: 'switch-target', command: displaySafe(command), exitCode: outcome.exitCode, durationMs: outcome.durationMs, status: statusFor(outcome.exitCode) });
    return outcome.exitCode;
  }

  /**
   * Get a terminal ready for the runbook just opened from an alert (trusted workspaces, when the setting allows):
   * it starts a shell, nothing else; the first ▶ Run then finds it waiting. `show`: in the panel at once (the alert
   * link's offer of a first step: the terminal is sized while the question shows).
   */
  async warm(uri: vscode.Uri, show = false): Promise<void> {
    if (!vscode.workspace.isTrusted || !vscode.workspace.getConfiguration(Settings.section, uri).get<boolean>(Settings.warmTerminal, true)) {
      return;
    }
    const bound = this.alerts.boundTo(uri.toString());
    if (!bound) {
      return;
    }
    const { runbook } = await this.find(uri, '');
    if (runbook.steps.length) {
      // The shell of the first step; no environment from the alert (see Terminals.warm).
      let shell: RunShell;
      try {
        shell = await editorShell(runbook.steps[0]);
      } catch {
        return;
      }
      const program = await shellPath(shell, vscode.env.shell || undefined);
      if (program) {
        this.terminals.warm(`${uri.toString()}|${shell}`, terminalName(runbook, shell), this.cwd(uri, runbook), program, show);
      }
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
    // The same self-contained text the terminal would get (values in the leading assignment line).
    const { runbook, step } = await this.find(uri, stepId);
    const prepared = step && (await this.prepare(uri, runbook, step, false));
    if (prepared) {
      const copied = forClipboard(prepared.command, prepared.secrets); // redacted like all that leaves (capture.ts)
      await vscode.env.clipboard.writeText(copied.text);
      vscode.window.setStatusBarMessage(`$(copy) Copied step ${step.id}${copied.masked ? ' (secrets masked: fill them in where you paste it)' : ''}`, 5000);
      return copied.text;
    }
    return undefined;
  }

  private async find(uri: vscode.Uri, stepId: string): Promise<{ runbook: Runbook; step: Step | undefined }> {
    const document = await vscode.workspace.openTextDocument(uri);
    const runbook = parseRunbook(uri.toString(), document.getText());
    return { runbook, step: runbook.steps.find((s) => s.id === stepId) };
  }

  /**
   * Fill the variables (asking for the missing ones), have unusual values from the alert confirmed, and get the
   * person's go-ahead where needed. prepareStep does the rest; this keeps only the dialogs.
   */
  private async prepare(uri: vscode.Uri, runbook: Runbook, step: Step, confirm: boolean | 'always' = true, targetDetail?: string, typedMutate = false, confirmedDisplay?: string): Promise<Ready | undefined> {
    let shell: RunShell;
    try {
      shell = await editorShell(step);
    } catch (e) {
      void vscode.window.showErrorMessage(`Cannot run step ${step.id}: ${(e as Error).message}.`);
      return undefined;
    }
    const session = this.sessions.active;
    const typed: Record<string, string> = { ...(session?.values ?? {}) };
    const confirmed = new Set<string>();
    const input = () => this.prepareInput(uri, runbook, step, shell, typed, confirmed, confirm);
    let prepared: PreparedStep = prepareStep(input());
    // The alert link's offer counts as the go-ahead only if nothing had to be asked since and the text is the same.
    let offerHolds = confirmedDisplay !== undefined && prepared.missing.length === 0 && prepared.toConfirm.length === 0;
    for (let round = 0; round < 3 && (prepared.missing.length > 0 || prepared.toConfirm.length > 0); round++) {
      for (const name of prepared.missing) {
        const spec = runbook.variables[name];
        const value = await vscode.window.showInputBox({
          title: `${step.id}: value of ${name}`,
          prompt: spec?.description ?? `Value for {{${name}}} (remembered for this incident)`,
          password: spec?.secret === true,
          ignoreFocusOut: true,
          // A declared pattern or enum holds for typed values too (they need no other confirmation).
          validateInput: (v) => (spec?.pattern !== undefined || spec?.enum !== undefined ? valueProblem(v, spec) : undefined),
        });
        if (value === undefined) {
          return undefined;
        }
        typed[name] = value;
        if (session) {
          session.values[name] = value;
        }
      }
      offerHolds = false;
      if (prepared.toConfirm.length > 0) {
        const detail = prepared.toConfirm.map((v) => `${v.name} = ${v.shown}\n(from ${v.origin}: ${v.why})`).join('\n\n');
        const choice = await vscode.window.showWarningMessage(
          `Step ${step.id} would use ${prepared.toConfirm.length === 1 ? 'a value' : 'values'} from the alert that ${prepared.toConfirm.length === 1 ? 'is' : 'are'} not what the runbook expects`,
          { modal: true, detail: `${detail}\n\nValues are passed as data, never as commands; check that ${prepared.toConfirm.length === 1 ? 'it is' : 'they are'} what you mean.` },
          'Use as shown',
        );
        if (choice !== 'Use as shown') {
          return undefined;
        }
        for (const v of prepared.toConfirm) {
          confirmed.add(v.name);
        }
      }
      prepared = prepareStep(input());
    }
    if (prepared.error !== undefined || prepared.missing.length > 0 || prepared.toConfirm.length > 0) {
      void vscode.window.showErrorMessage(`Cannot run step ${step.id}: ${prepared.error ?? 'values are still missing or unconfirmed'}`);
      return undefined;
    }
    const ready: Ready = { command: prepared.text, display: prepared.display, shell, secrets: prepared.secrets };
    if (!confirm) {
      return ready;
    }
    // A mutating step whose target's name was just typed to run it (target guard) has been confirmed by that.
    if (typedMutate && confirm !== 'always' && prepared.danger.risk === 'mutate') {
      return ready;
    }
    if (prepared.danger.confirm) {
      const choice = await vscode.window.showWarningMessage(
        `${prepared.danger.risk === 'mutate' ? 'Run a step that changes things?' : 'Run a destructive step?'} (${step.id})`,
        { modal: true, detail: `${prepared.display}\n\n${targetDetail ? `${targetDetail}\n\n` : ''}Why this asks: ${prepared.danger.reasons.join('; ')}.` },
        'Run',
      );
      return choice === 'Run' ? ready : undefined;
    }
    if (prepared.confirm.needed && !(offerHolds && prepared.display === confirmedDisplay && prepared.danger.risk === 'read')) {
      const choice = await vscode.window.showInformationMessage(`Run step ${step.id} in ${shell}?`, { modal: true, detail: targetDetail ? `${prepared.display}\n\n${targetDetail}` : prepared.display }, 'Run');
      return choice === 'Run' ? ready : undefined;
    }
    return ready;
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

/** `Runbook: <title>`, with the shell when it is not the usual bash. */
function terminalName(runbook: Runbook, shell: RunShell): string {
  return `Runbook: ${displaySafe(runbook.title)}${shell === 'bash' ? '' : ` (${shell})`}`;
}

/**
 * The shell a step runs in, in the editor: its own (shellForStep), except that `sh` steps run in bash where bash is
 * installed. bash reads POSIX sh, and VS Code's shell integration knows bash, not sh: without it no exit code, no
 * duration and no output would be recorded. The step is then scanned and quoted as bash — the shell that runs is
 * the one quoted for. (`runbook run` runs sh steps with sh.)
 */
async function editorShell(step: Step): Promise<RunShell> {
  const shell = shellForStep(step, vscode.env.shell || undefined);
  return shell === 'sh' && (await shellPath('bash', vscode.env.shell || undefined)) ? 'bash' : shell;
}
