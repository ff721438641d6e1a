// One reusable terminal per runbook, incident and shell, and running a command in it: through shell integration when
// the shell reports back (exit code, duration), else by sending the text (status unknown). Terminals start with the
// user's environment only: values reach a command in the text it is given (see prepareStep), never as terminal
// environment, so no alert label can set PS0, PROMPT_COMMAND, LESSOPEN… for the shell.
import * as vscode from 'vscode';
import type { RunOutput } from '../../core/run/session';
import { startCapture, withoutShellIntegration } from './capture';

/** How long to wait for a new terminal's shell integration before falling back to sendText. */
const SHELL_INTEGRATION_WAIT_MS = 4000;
const RESIZE_WAIT_MS = 300;

export interface Outcome {
  readonly exitCode: number | null;
  readonly durationMs: number | null;
  /** What the command printed (capture.ts); undefined when capture is off. */
  readonly output?: RunOutput;
}

export class Terminals implements vscode.Disposable {
  private readonly terminals = new Map<string, vscode.Terminal>();
  /** Terminals started ahead of a runbook's first run, by runbook; `shape`: what they were started with. */
  private readonly spares = new Map<string, { readonly terminal: vscode.Terminal; readonly shape: string }>();
  /** Started by `warm` and not shown yet. */
  private readonly unshown = new WeakSet<vscode.Terminal>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    this.disposables.push(vscode.window.onDidCloseTerminal((t) => {
      for (const [k, v] of this.terminals) {
        if (v === t) {
          this.terminals.delete(k);
        }
      }
      for (const [k, v] of this.spares) {
        if (v.terminal === t) {
          this.spares.delete(k);
        }
      }
    }));
  }

  /**
   * The terminal of this runbook in this incident, created when needed, or the one `warm` started for the runbook
   * (`spareKey`) if it has the same folder and environment.
   */
  get(key: string, name: string, cwd: vscode.Uri | undefined, shellPath: string, spareKey?: string): vscode.Terminal {
    const existing = this.terminals.get(key);
    if (existing && existing.exitStatus === undefined) {
      return existing;
    }
    const spare = spareKey === undefined ? undefined : this.spares.get(spareKey);
    if (spare) {
      this.spares.delete(spareKey!);
      if (spare.terminal.exitStatus === undefined && spare.shape === shapeOf(name, cwd, shellPath)) {
        this.terminals.set(key, spare.terminal);
        return spare.terminal;
      }
      spare.terminal.dispose();
    }
    const terminal = vscode.window.createTerminal({ name, cwd, ...shellOption(shellPath), iconPath: new vscode.ThemeIcon('book') });
    this.terminals.set(key, terminal);
    return terminal;
  }

  /**
   * Start a terminal for a runbook before its first step runs, beside the editor: a new shell and its shell
   * integration take a second or more, which the on-call engineer would otherwise wait for after clicking ▶ Run.
   * One per runbook and shell (keys: `<session>|<runbook>|<shell>` for terminals in use, `<runbook>|<shell>` for
   * spares); a changed folder replaces it; none when the runbook has a terminal for that shell already. No
   * environment of the alert's: a label never reaches a shell's start-up (PS0, PROMPT_COMMAND, BASH_ENV…).
   */
  warm(spareKey: string, name: string, cwd: vscode.Uri | undefined, shellPath: string, show = false): void {
    if ([...this.terminals].some(([k, t]) => k.endsWith(`|${spareKey}`) && t.exitStatus === undefined)) {
      return; // the runbook has its terminal in this incident already
    }
    const shape = shapeOf(name, cwd, shellPath);
    const spare = this.spares.get(spareKey);
    if (spare && spare.terminal.exitStatus === undefined && spare.shape === shape) {
      if (show && this.unshown.delete(spare.terminal)) {
        spare.terminal.show(true); // takes the panel's size now, not when the step runs
      }
      return;
    }
    spare?.terminal.dispose();
    // Listed with the other terminals, not shown: the runbook keeps the whole window until a step runs.
    const terminal = vscode.window.createTerminal({ name, cwd, ...shellOption(shellPath), iconPath: new vscode.ThemeIcon('book') });
    this.spares.set(spareKey, { terminal, shape });
    if (show) {
      terminal.show(true);
    } else {
      this.unshown.add(terminal);
    }
  }

  /**
   * Run `command`. Resolves when it has finished (shell integration) or as soon as it was sent (no integration:
   * exit code and duration unknown). Never waits on the UI thread: callers may leave it running.
   */
  async run(terminal: vscode.Terminal, command: string, integrates = true, onStarted?: () => void): Promise<Outcome> {
    terminal.show(true);
    if (this.unshown.delete(terminal)) {
      // Started without a view: let it take the panel's size (the shell redraws its prompt) before typing into it.
      await resized(terminal);
    }
    // (sh has no shell integration: do not wait for it.)
    const integration = terminal.shellIntegration ?? (integrates ? await waitForShellIntegration(terminal) : undefined);
    if (!integration) {
      terminal.sendText(command, true);
      onStarted?.();
      return { exitCode: null, durationMs: null, output: withoutShellIntegration() };
    }
    const started = Date.now();
    return new Promise<Outcome>((resolve) => {
      const execution = integration.executeCommand(command);
      // (Events reach the extension host later than this tick: subscribing now misses none.)
      const start = onStarted && vscode.window.onDidStartTerminalShellExecution((e) => {
        if (e.execution === execution) {
          start?.dispose();
          onStarted();
        }
      });
      if (start) {
        this.disposables.push(start);
      }
      const capture = startCapture(execution); // reads the output alongside, never holding the run up (capture.ts)
      const sub = vscode.window.onDidEndTerminalShellExecution((e) => {
        if (e.execution === execution) {
          sub.dispose();
          const outcome = { exitCode: e.exitCode ?? null, durationMs: Date.now() - started };
          void capture.finish().then((output) => resolve({ ...outcome, output }), () => resolve(outcome));
        }
      });
      this.disposables.push(sub);
    });
  }

  dispose(): void {
    for (const { terminal } of this.spares.values()) {
      terminal.dispose();
    }
    this.spares.clear();
    for (const d of this.disposables.splice(0)) {
      d.dispose();
    }
  }
}

/** A moment for a terminal shown for the first time to take the panel's size and its shell to redraw. */
function resized(_terminal: vscode.Terminal): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, RESIZE_WAIT_MS));
}

function shapeOf(name: string, cwd: vscode.Uri | undefined, shellPath: string): string {
  return JSON.stringify([name, cwd?.toString() ?? null, shellPath]);
}

function waitForShellIntegration(terminal: vscode.Terminal): Promise<vscode.TerminalShellIntegration | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      sub.dispose();
      resolve(terminal.shellIntegration);
    }, SHELL_INTEGRATION_WAIT_MS);
    const sub = vscode.window.onDidChangeTerminalShellIntegration((e) => {
      if (e.terminal === terminal) {
        clearTimeout(timer);
        sub.dispose();
        resolve(e.shellIntegration);
      }
    });
  });
}

/**
 * The default shell is started as VS Code starts it (its own profile: no `shellPath`), so its shell integration is
 * the one VS Code sets up for its default terminal; VS Code 1.93 reported an interrupted first command (exit 130)
 * for a bash started through an explicit `shellPath`. Another shell is named.
 */
function shellOption(shellPath: string | undefined): { shellPath?: string } {
  return shellPath === undefined || shellPath === vscode.env.shell ? {} : { shellPath };
}
