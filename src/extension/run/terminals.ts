// One reusable terminal per runbook and incident, and running a command in it: through shell integration when
// the shell reports back (exit code, duration), else by sending the text (status unknown).
import * as vscode from 'vscode';

/** How long to wait for a new terminal's shell integration before falling back to sendText. */
const SHELL_INTEGRATION_WAIT_MS = 4000;

export interface Outcome {
  readonly exitCode: number | null;
  readonly durationMs: number | null;
}

export class Terminals implements vscode.Disposable {
  private readonly terminals = new Map<string, vscode.Terminal>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    this.disposables.push(vscode.window.onDidCloseTerminal((t) => {
      for (const [k, v] of this.terminals) {
        if (v === t) {
          this.terminals.delete(k);
        }
      }
    }));
  }

  /** The terminal of this runbook in this incident, created when needed. */
  get(key: string, name: string, cwd: vscode.Uri | undefined, env: Record<string, string>): vscode.Terminal {
    const existing = this.terminals.get(key);
    if (existing && existing.exitStatus === undefined) {
      return existing;
    }
    const terminal = vscode.window.createTerminal({ name, cwd, env, iconPath: new vscode.ThemeIcon('book') });
    this.terminals.set(key, terminal);
    return terminal;
  }

  /**
   * Run `command`. Resolves when it has finished (shell integration) or as soon as it was sent (no integration:
   * exit code and duration unknown). Never waits on the UI thread: callers may leave it running.
   */
  async run(terminal: vscode.Terminal, command: string): Promise<Outcome> {
    terminal.show(true);
    const integration = terminal.shellIntegration ?? (await waitForShellIntegration(terminal));
    if (!integration) {
      terminal.sendText(command, true);
      return { exitCode: null, durationMs: null };
    }
    const started = Date.now();
    return new Promise<Outcome>((resolve) => {
      const execution = integration.executeCommand(command);
      const sub = vscode.window.onDidEndTerminalShellExecution((e) => {
        if (e.execution === execution) {
          sub.dispose();
          resolve({ exitCode: e.exitCode ?? null, durationMs: Date.now() - started });
        }
      });
      this.disposables.push(sub);
    });
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) {
      d.dispose();
    }
  }
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
