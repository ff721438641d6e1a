// The first response to an alert link, without waiting for the editor or its CodeLens: right after the alert is
// resolved and bound, one modal question naming the alert, the runbook and its first diagnostic (`read`) step with
// the exact command; "Run <step>" runs it in the runbook's terminal (started before the question shows) while the
// runbook opens beside it at the step's section. Trusted workspaces only; the run keeps every other question
// (values to confirm, missing values, danger, the target guard: see StepRunner.run's confirmedDisplay).
import * as vscode from 'vscode';
import type { AlertInstance } from '../../core/alerts/model';
import type { Runbook, Step } from '../../core/model';
import { parseRunbook } from '../../core/parse';
import type { Risk } from '../../core/run/danger';
import type { RunEvent } from '../../core/run/session';
import { displaySafe } from '../../core/run/quote';
import { diagnosisHeading, stepsUnder } from '../../core/target/sections';
import { Commands } from '../constants';
import { showRunbook } from '../navigation/openRunbook';
import { runbookText, type StepPreview, type StepRunner } from '../run/stepRunner';
import { setting } from '../util/settings';

/** What the offer shows. */
export interface FirstStepQuestion {
  readonly alert: string;
  readonly runbook: string;
  readonly stepId: string;
  readonly shell: string;
  /** Exactly what the run will show and record. */
  readonly display: string;
  /** How many `read` steps the runbook's Diagnosis section has: more than one offers Run Diagnosis too. */
  readonly diagnosisSteps: number;
}

/**
 * The answer: run the step, run the Diagnosis section's read steps (Run Diagnosis: never a mutating one), open the
 * runbook only, or nothing (dismissed: the runbook opens all the same).
 */
export type FirstStepChoice = 'run' | 'diagnose' | 'open' | undefined;

/** The question; replaceable (tests answer it: the test workbench refuses modal dialogs). */
export type FirstStepPrompt = (q: FirstStepQuestion) => Promise<FirstStepChoice>;

const DIAGNOSE = 'Run Diagnosis';
/** After Run, the runbook opens when the command has started, or after this long (another question, a slow shell). */
const OPEN_ANYWAY_MS = 1000;

export const vscodeFirstStepPrompt: FirstStepPrompt = async (q) => {
  const run = `Run ${q.stepId}`;
  try {
    const choice = await vscode.window.showInformationMessage(
      `${q.alert}: run the first diagnostic step of "${q.runbook}"?`,
      { modal: true, detail: `Step ${q.stepId} (reads only, ${q.shell}):\n\n${q.display}\n\nIt runs in the runbook's terminal; the runbook opens at its section.` },
      ...(q.diagnosisSteps > 1 ? [run, DIAGNOSE, 'Open Runbook Only'] : [run, 'Open Runbook Only']),
    );
    return choice === run ? 'run' : choice === DIAGNOSE ? 'diagnose' : choice === 'Open Runbook Only' ? 'open' : undefined;
  } catch {
    return 'open'; // a workbench that refuses dialogs: nothing runs
  }
};

/**
 * One alert link's first response, for the log and the bench: `at` is when the link reached the extension (epoch ms),
 * the rest milliseconds since then (performance.now() based; undefined when it did not happen).
 */
export interface FirstStepTiming {
  readonly alert: string;
  readonly stepId: string;
  readonly at: number;
  readonly dialogShownMs: number;
  runClickedMs?: number;
  /** When the terminal's shell integration was ready (negative: before the link came). */
  shellReadyMs?: number;
  /** When the command was handed to the terminal. */
  sentMs?: number;
  commandStartedMs?: number;
}

export class FirstStepOffer {
  prompt: FirstStepPrompt = vscodeFirstStepPrompt;
  /** One per offer shown, newest last (at most 20). */
  readonly timings: FirstStepTiming[] = [];
  /** The run the last offer started (resolves when it has been recorded), if any. */
  lastRun: Promise<RunEvent | undefined> | undefined;

  constructor(private readonly runner: StepRunner, private readonly risk: (uri: vscode.Uri, step: Step) => Risk, private readonly log?: vscode.LogOutputChannel) {}

  /**
   * Offer the first diagnostic step of the runbook at `uri` (already bound to `alert`), opening the runbook at its
   * section alongside. Resolves with the editor once the question is answered, or undefined when there is nothing
   * to offer (setting off, untrusted workspace, no `read` step, a step that would ask anyway): open as usual then.
   * `since`: performance.now() when the link was handled.
   */
  async offer(uri: vscode.Uri, alert: AlertInstance, since: number): Promise<vscode.TextEditor | undefined> {
    const at = Date.now() - (performance.now() - since);
    if (!vscode.workspace.isTrusted || !setting('offerFirstStep', uri)) {
      return undefined;
    }
    const runbook = parseRunbook(uri.toString(), await runbookText(uri));
    const step = firstDiagnosticStep(runbook, (s) => this.risk(uri, s));
    const preview: StepPreview | undefined = step && (await this.runner.preview(uri, step.id));
    if (!step || !preview || preview.risk !== 'read' || preview.asks) {
      return undefined;
    }
    const h = diagnosisHeading(runbook);
    const diagnosisSteps = h >= 0 ? stepsUnder(runbook, h).filter((s) => this.risk(uri, s) === 'read').length : 0;
    // The question first (the window draws it before anything else), then, while it shows, the runbook's terminal
    // (a shell started before the alert when there is one: Terminals.prestart). The runbook opens at the step's
    // section once the answer's command has started (the window is busy opening an editor for a while: a click and
    // the command would wait behind it), or at once for any other answer.
    const answer = this.prompt({ alert: displaySafe(alert.name), runbook: displaySafe(runbook.title), stepId: step.id, shell: preview.shell, display: preview.display, diagnosisSteps });
    const timing: FirstStepTiming = { alert: alert.name, stepId: step.id, at, dialogShownMs: performance.now() - since };
    const ms = (n: number | undefined) => (n === undefined ? '?' : `${Math.round(n)} ms`);
    this.log?.info(`alert link ${displaySafe(alert.name)}: offering step ${step.id}, question ${ms(timing.dialogShownMs)} after the link`);
    this.timings.push(timing);
    this.timings.splice(0, Math.max(0, this.timings.length - 20));
    await this.runner.warm(uri, true); // shown: sized before the click
    const choice = await answer;
    const open = () => showRunbook(uri, sectionLine(runbook, step));
    if (choice === 'diagnose') {
      timing.runClickedMs = performance.now() - since;
      void vscode.commands.executeCommand(Commands.runDiagnosis, uri, h);
    }
    if (choice === 'run') {
      timing.runClickedMs = performance.now() - since;
      this.log?.info(`alert link ${displaySafe(alert.name)}: Run ${step.id} ${ms(timing.runClickedMs)} after the link`);
      let sent!: () => void;
      // Started, or not (cancelled, refused), or still asking something (the target guard): open the runbook then.
      const opening = new Promise<void>((resolve) => {
        sent = resolve;
        setTimeout(resolve, OPEN_ANYWAY_MS);
      });
      this.lastRun = this.runner.run(uri, step.id, {
        confirmedDisplay: preview.display,
        onSent: (readyAt) => {
          timing.sentMs = performance.now() - since;
          timing.shellReadyMs = readyAt === undefined ? undefined : readyAt - since;
          this.log?.info(`alert link ${displaySafe(alert.name)}: ${step.id} sent to the terminal ${ms(timing.sentMs)} after the link (shell integration ${readyAt === undefined ? 'none' : `ready ${timing.shellReadyMs! < 0 ? `${ms(-timing.shellReadyMs!)} before` : `${ms(timing.shellReadyMs)} after`} it`})`);
        },
        onStarted: () => {
          sent();
          timing.commandStartedMs = performance.now() - since;
          this.log?.info(`alert link ${displaySafe(alert.name)}: ${step.id} started ${ms(timing.commandStartedMs)} after the link`);
        },
      });
      void this.lastRun.then(sent, sent);
      await opening;
    }
    return open();
  }
}

/** The first `read` step of the Diagnosis section, else the first `read` step of the runbook. */
export function firstDiagnosticStep(runbook: Runbook, risk: (s: Step) => Risk): Step | undefined {
  const h = diagnosisHeading(runbook);
  const under = h >= 0 ? stepsUnder(runbook, h).find((s) => risk(s) === 'read') : undefined;
  return under ?? runbook.steps.find((s) => risk(s) === 'read');
}

/** The line of the innermost heading whose section holds `step` (0 when none). */
function sectionLine(runbook: Runbook, step: Step): number {
  const line = step.range.start.line;
  let best: number | undefined;
  for (const h of runbook.headings) {
    if (h.line < line && line <= h.endLine && (best === undefined || h.line > best)) {
      best = h.line;
    }
  }
  return best ?? 0;
}
