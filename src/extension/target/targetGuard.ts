// The target guard in the editor: before a step that talks to a cluster or cloud runs, compare the bound alert's
// target with the terminal's. A mismatch blocks and names both sides; the person can switch (a command run in the
// runbook's terminal, on their click) or run anyway — typing the target's name for a step that changes things.
import * as vscode from 'vscode';
import type { Runbook, Step } from '../../core/model';
import { commandText } from '../../core/run/commands';
import { quote } from '../../core/run/quote';
import { readTargetsConfig, type TargetsConfig } from '../../core/target/alertTarget';
import { findInvocations } from '../../core/target/command';
import { checkTarget, guardAction, switchCommand, validateTypedName, type TargetCheck } from '../../core/target/guard';
import { stepRisk, type Risk } from '../../core/target/risk';
import { rollbackFor } from '../../core/target/sections';
import type { AlertService } from '../alerts/alertService';
import type { Sessions } from '../run/sessions';
import { extensionTargetEnvironment } from './environment';
import { setting } from '../util/settings';

/** The questions the guard asks; replaceable (tests answer them, the test workbench refuses modal dialogs). */
export interface TargetPrompts {
  /** A blocking question with choices; resolves to the choice, or undefined when dismissed. */
  block(message: string, detail: string, choices: readonly string[]): Promise<string | undefined>;
  /** Ask to type `expected`; resolves to what was typed (validated), or undefined when cancelled. */
  typeName(expected: string, prompt: string): Promise<string | undefined>;
}

export const vscodePrompts: TargetPrompts = {
  block: async (message, detail, choices) => {
    try {
      return await vscode.window.showWarningMessage(message, { modal: true, detail }, ...choices);
    } catch {
      return undefined; // a workbench that refuses dialogs: nothing runs
    }
  },
  typeName: (expected, prompt) => Promise.resolve(vscode.window.showInputBox({
    title: `Type ${expected} to run against it`,
    prompt,
    placeHolder: expected,
    ignoreFocusOut: true,
    validateInput: (typed) => validateTypedName(typed, expected),
  })),
};

export interface GuardOutcome {
  /** False: nothing may run. */
  readonly proceed: boolean;
  /** Ask before running even when the step would not (an unknown target for a step that changes things). */
  readonly confirm: boolean;
  /** For the confirmation: the step's class, its target, and its rollback. */
  readonly detail: string;
  /**
   * The person typed the target's name to run this `mutate` step there anyway: a stronger yes than the usual
   * confirmation click, which it stands for (a destructive step is still confirmed as such).
   */
  readonly typedMutate?: boolean;
}

export const RUN_ANYWAY = 'Run Anyway…';
/** How long a switch may take to show in the kubeconfig. */
const SETTLE_MS = 15000;
const SWITCH = 'Switch to ';

/** Runs a command in the runbook's terminal and resolves to its exit code (null when unknown). */
export type RunInTerminal = (command: string) => Promise<number | null>;

export class TargetGuard {
  prompts: TargetPrompts = vscodePrompts;
  /** The last check made (tests and the status bar read it). */
  lastCheck: TargetCheck | undefined;
  private readonly changed = new vscode.EventEmitter<TargetCheck>();
  readonly onDidCheck = this.changed.event;

  constructor(private readonly alerts: AlertService, private readonly sessions: Sessions) {}

  /** `targets` from the runbook's front matter, then the `runbooks.targets` setting. */
  configs(uri: vscode.Uri, runbook: Runbook): TargetsConfig[] {
    const problems: string[] = [];
    const fromRunbook = readTargetsConfig(runbook.frontMatter?.data.targets, vscode.workspace.asRelativePath(uri), problems);
    const fromSetting = readTargetsConfig(setting('targets', uri), 'setting runbooks.targets', problems);
    return [fromRunbook, fromSetting];
  }

  risk(uri: vscode.Uri, step: Step): Risk {
    const patterns = setting('dangerousPatterns', uri);
    return stepRisk(step, commandText(step), patterns);
  }

  async check(uri: vscode.Uri, runbook: Runbook, step: Step): Promise<TargetCheck> {
    const bound = this.alerts.boundTo(uri.toString());
    const defaults: Record<string, string> = {};
    for (const [name, spec] of Object.entries(runbook.variables)) {
      if (spec.default !== undefined) {
        defaults[name] = spec.default;
      }
    }
    const values = { ...defaults, ...(this.sessions.active?.values ?? {}), ...(bound?.labels ?? {}) };
    const check = await checkTarget({
      command: commandText(step),
      values,
      ...(bound ? { alertName: bound.name, labels: bound.labels } : {}),
      configs: this.configs(uri, runbook),
      environment: extensionTargetEnvironment(),
    });
    this.lastCheck = check;
    this.changed.fire(check);
    return check;
  }

  /** Before `step` runs: check, and on a mismatch block until the person switches or says to run anyway. */
  async beforeRun(uri: vscode.Uri, runbook: Runbook, step: Step, runInTerminal: RunInTerminal): Promise<GuardOutcome> {
    const risk = this.risk(uri, step);
    for (let attempt = 0; attempt < 3; attempt++) {
      const check = await this.check(uri, runbook, step);
      const detail = this.detail(runbook, step, risk, check);
      const action = guardAction(check, risk);
      if (action.action !== 'block') {
        return { proceed: true, confirm: action.action === 'confirm', detail };
      }
      const tool = findInvocations(commandText(step)).some((i) => i.tool === 'oc') ? 'oc' : 'kubectl';
      const switches = (check.switchTo?.contexts.length ? check.switchTo.contexts.slice(0, 3).map((c) => ({ context: c, namespace: check.switchTo?.namespace }))
        : check.switchTo?.namespace ? [{ context: undefined, namespace: check.switchTo.namespace }] : [])
        .map((to) => ({ to, label: `${SWITCH}${[to.context, to.namespace].filter(Boolean).join(' / ')}` }));
      const choice = await this.prompts.block(
        `Target mismatch: step ${step.id} would run against the wrong target`,
        `${capitalize(check.message)}.\n\n${this.detail(runbook, step, risk, undefined)}\n\n${switches.length ? `"Switch" runs \`${tool} config use-context …\` in the runbook's terminal, then this step.` : 'No context in your kubeconfig matches the alert: switch by hand, or run anyway.'}`,
        [...switches.map((s) => s.label), RUN_ANYWAY],
      );
      const picked = switches.find((s) => s.label === choice);
      if (picked) {
        const command = switchCommand(tool, picked.to, (v) => quote(v, 'posix'))!;
        const code = await runInTerminal(command);
        if (code !== null && code !== 0) {
          void vscode.window.showErrorMessage(`Switching the target failed (exit code ${code}): step ${step.id} was not run.`);
          return { proceed: false, confirm: false, detail };
        }
        await this.settle(uri, runbook, step);
        continue; // check again: the switch must have worked
      }
      if (choice !== RUN_ANYWAY) {
        return { proceed: false, confirm: false, detail };
      }
      if (action.nameToType) {
        const typed = await this.prompts.typeName(action.nameToType, `Step ${step.id} is ${risk}: ${check.message}. Type ${action.nameToType} to run it there anyway.`);
        if (typed === undefined || validateTypedName(typed, action.nameToType) !== undefined) {
          return { proceed: false, confirm: false, detail };
        }
      }
      return { proceed: true, confirm: false, detail, typedMutate: action.nameToType !== undefined && risk === 'mutate' };
    }
    void vscode.window.showErrorMessage(`The target still does not match after switching: step ${step.id} was not run.`);
    return { proceed: false, confirm: false, detail: '' };
  }

  /**
   * After a switch sent without shell integration (exit code unknown), the command may still be on its way: wait
   * until the target is no longer a mismatch, at most SETTLE_MS.
   */
  private async settle(uri: vscode.Uri, runbook: Runbook, step: Step): Promise<void> {
    const end = Date.now() + SETTLE_MS;
    while (Date.now() < end && (await this.check(uri, runbook, step)).verdict === 'mismatch') {
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** "Class: destructive · Target: … · Rollback: step undo" for confirmations. */
  detail(runbook: Runbook, step: Step, risk: Risk, check: TargetCheck | undefined): string {
    const lines = [`Class: ${risk}`];
    if (check && check.verdict !== 'none') {
      lines.push(`Target: ${check.verdict === 'match' ? `${check.currentText} (matches the alert)` : check.message}`);
    }
    if (risk === 'destructive') {
      const rollback = rollbackFor(runbook, step);
      lines.push(rollback ? `Rollback: step ${rollback.id} (line ${rollback.range.start.line + 1})` : 'Rollback: none marked');
    }
    return lines.join('\n');
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
