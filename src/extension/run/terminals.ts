// One reusable terminal per runbook, incident and shell, and running a command in it: through shell integration when
// the shell reports back (exit code, duration), else by sending the text (status unknown). Terminals start with the
// user's environment only: values reach a command in the text it is given (see prepareStep), never as terminal
// environment, so no alert label can set PS0, PROMPT_COMMAND, LESSOPEN… for the shell.
import * as vscode from 'vscode';
import type { RunOutput } from '../../core/run/session';
import { quote } from '../../core/run/quote';
import { startCapture, withoutShellIntegration } from './capture';

/** How long to wait for a new terminal's shell integration before falling back to sendText. */
const SHELL_INTEGRATION_WAIT_MS = 4000;
const RESIZE_WAIT_MS = 300;
/** How long the pre-started shell's integration is waited for, to log when it was ready. */
const PRESTART_READY_WAIT_MS = 30000;
/** When to start the next pre-started shell after one was taken (after the first response, not during it). */
const REFILL_DELAY_MS = 10000;
/** How long a step waits for a pre-started shell to change to its runbook's folder. */
const SETTLE_WAIT_MS = 2000;
/** How long a pre-started terminal just shown may take to become the active one, to be renamed. */
const RENAME_WAIT_MS = 5000;

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
  /** Started by `warm` or `prestart` and not shown yet. */
  private readonly unshown = new WeakSet<vscode.Terminal>();
  /**
   * One shell started before any alert (`prestart`), hidden, for whichever runbook needs a terminal first in its
   * folder; `name`: what to call it once it is taken (renamed then: the pool does not know the runbook yet).
   */
  private pool: { readonly terminal: vscode.Terminal; readonly cwd: string | null; readonly shellPath: string } | undefined;
  private readonly renames = new WeakMap<vscode.Terminal, string>();
  /** A pre-started shell to change to its runbook's folder when first shown: the command. */
  private readonly moves = new WeakMap<vscode.Terminal, { readonly command: string; readonly folder: string }>();
  /** A pre-started shell changing to its runbook's folder: resolves when that is over. */
  private readonly settling = new WeakMap<vscode.Terminal, Promise<void>>();
  private poolArgs: { readonly cwd: vscode.Uri | undefined; readonly shellPath: string } | undefined;
  private refill: ReturnType<typeof setTimeout> | undefined;
  /** When each terminal's shell integration was first ready (performance.now()), for the first response's timings. */
  private readonly readyAt = new WeakMap<vscode.Terminal, number>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    this.disposables.push(vscode.window.onDidChangeTerminalShellIntegration((e) => {
      if (!this.readyAt.has(e.terminal)) {
        this.readyAt.set(e.terminal, performance.now());
      }
    }));
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
      if (this.pool?.terminal === t) {
        this.pool = undefined;
      }
    }));
  }

  /** The terminal started or in use for the runbook `uri` (a string), if any; for tests. */
  of(uri: string): vscode.Terminal | undefined {
    for (const [k, v] of this.spares) {
      if (k.startsWith(`${uri}|`) && v.terminal.exitStatus === undefined) {
        return v.terminal;
      }
    }
    return [...this.terminals].find(([k, t]) => k.includes(`|${uri}|`) && t.exitStatus === undefined)?.[1];
  }

  /** The shell started before any alert and not taken yet (see prestart). */
  get prestarted(): vscode.Terminal | undefined {
    return this.pool?.terminal.exitStatus === undefined ? this.pool?.terminal : undefined;
  }

  /**
   * Start one shell ahead of any alert, hidden from the terminal list, in `cwd` (where most runbooks run): the first
   * alert link's step then runs in a shell whose start-up and shell integration are over, instead of waiting a
   * second or more for a new one. It starts the user's shell and runs nothing; no environment of any alert's. Taken
   * by the first runbook whose terminal would have the same folder and shell (see `take`), then started again later.
   * `onReady`: when its shell integration is ready (or it is known never to be).
   */
  prestart(cwd: vscode.Uri | undefined, shellPath: string, onReady?: (ms: number | undefined) => void): void {
    this.poolArgs = { cwd, shellPath };
    if (this.pool && this.pool.terminal.exitStatus === undefined) {
      return;
    }
    const t0 = performance.now();
    const terminal = vscode.window.createTerminal({ name: 'Runbook', cwd, ...shellOption(shellPath), iconPath: new vscode.ThemeIcon('book'), hideFromUser: true });
    this.pool = { terminal, cwd: cwd?.toString() ?? null, shellPath };
    this.unshown.add(terminal);
    if (onReady) {
      void waitForShellIntegration(terminal, PRESTART_READY_WAIT_MS).then((si) => onReady(si ? (this.readyAt.get(terminal) ?? performance.now()) - t0 : undefined));
    }
  }

  /**
   * The pre-started shell, if it runs `shellPath`; it is renamed `name` when first shown. In another folder than
   * `cwd`, its shell integration (ready by then, else it is not taken) changes to `cwd` first — `builtin cd -- '<folder>'`,
   * quoted, shown in the terminal — as the terminal would have been started there; a step waits for that to end.
   */
  private take(name: string, cwd: vscode.Uri | undefined, shellPath: string): vscode.Terminal | undefined {
    const pool = this.pool;
    if (!pool || pool.terminal.exitStatus !== undefined || pool.shellPath !== shellPath) {
      return undefined;
    }
    let move: { command: string; folder: string } | undefined;
    const integration = pool.terminal.shellIntegration;
    if (pool.cwd !== (cwd?.toString() ?? null)) {
      if (!integration || !cwd || cwd.scheme !== 'file') {
        return undefined;
      }
      try {
        move = { command: `builtin cd -- ${quote(cwd.fsPath, 'posix')}`, folder: cwd.fsPath };
      } catch {
        return undefined; // a folder name no shell word can hold
      }
    }
    this.pool = undefined;
    this.renames.set(pool.terminal, name);
    if (move) {
      this.moves.set(pool.terminal, move); // when shown: typed into a terminal of the panel's width
    }
    // Another one for the next alert, once this one's first response is over.
    clearTimeout(this.refill);
    this.refill = setTimeout(() => this.poolArgs && this.prestart(this.poolArgs.cwd, this.poolArgs.shellPath), REFILL_DELAY_MS);
    return pool.terminal;
  }

  /**
   * Show a terminal; the first time, a pre-started one changes to the folder and takes the name of the runbook it
   * was taken for.
   */
  private show(terminal: vscode.Terminal): void {
    terminal.show(true);
    const move = this.moves.get(terminal);
    if (move !== undefined && terminal.shellIntegration) {
      this.moves.delete(terminal);
      this.settling.set(terminal, moved(terminal, terminal.shellIntegration.executeCommand(move.command), move.folder, SETTLE_WAIT_MS));
    }
    const name = this.renames.get(terminal);
    if (name !== undefined) {
      this.renames.delete(terminal);
      // Once the terminal just shown is the active one, rename it (no API names a terminal after its creation; the
      // command renames the active one).
      void becomesActive(terminal, RENAME_WAIT_MS).then((active) => active && vscode.commands.executeCommand('workbench.action.terminal.renameWithArg', { name }))
        .then(undefined, () => undefined);
    }
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
    const terminal = this.take(name, cwd, shellPath) ?? vscode.window.createTerminal({ name, cwd, ...shellOption(shellPath), iconPath: new vscode.ThemeIcon('book') });
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
        this.show(spare.terminal); // takes the panel's size now, not when the step runs
      }
      return;
    }
    spare?.terminal.dispose();
    const taken = this.take(name, cwd, shellPath);
    // Listed with the other terminals, not shown: the runbook keeps the whole window until a step runs.
    const terminal = taken ?? vscode.window.createTerminal({ name, cwd, ...shellOption(shellPath), iconPath: new vscode.ThemeIcon('book') });
    this.spares.set(spareKey, { terminal, shape });
    if (show) {
      this.unshown.delete(terminal);
      this.show(terminal);
    } else if (!taken) {
      this.unshown.add(terminal);
    }
  }

  /**
   * Run `command`. Resolves when it has finished (shell integration) or as soon as it was sent (no integration:
   * exit code and duration unknown). Never waits on the UI thread: callers may leave it running.
   */
  async run(terminal: vscode.Terminal, command: string, integrates = true, onStarted?: () => void, onSent?: (shellReadyAt: number | undefined) => void): Promise<Outcome> {
    this.show(terminal);
    if (this.unshown.delete(terminal)) {
      // Started without a view: let it take the panel's size (the shell redraws its prompt) before typing into it.
      await resized(terminal);
    }
    const settling = this.settling.get(terminal);
    if (settling) {
      this.settling.delete(terminal);
      await settling;
    }
    // (sh has no shell integration: do not wait for it.)
    const integration = terminal.shellIntegration ?? (integrates ? await waitForShellIntegration(terminal) : undefined);
    if (!integration) {
      terminal.sendText(command, true);
      onSent?.(undefined);
      onStarted?.();
      return { exitCode: null, durationMs: null, output: withoutShellIntegration() };
    }
    const started = Date.now();
    return new Promise<Outcome>((resolve) => {
      const execution = integration.executeCommand(command);
      onSent?.(this.readyAt.get(terminal));
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
    clearTimeout(this.refill);
    this.poolArgs = undefined;
    this.pool?.terminal.dispose();
    this.pool = undefined;
    for (const { terminal } of this.spares.values()) {
      terminal.dispose();
    }
    this.spares.clear();
    for (const d of this.disposables.splice(0)) {
      d.dispose();
    }
  }
}

/** Resolves true when `terminal` is the active terminal (at once if it is), false after `ms`. */
function becomesActive(terminal: vscode.Terminal, ms: number): Promise<boolean> {
  if (vscode.window.activeTerminal === terminal) {
    return Promise.resolve(true);
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      sub.dispose();
      resolve(vscode.window.activeTerminal === terminal);
    }, ms);
    const sub = vscode.window.onDidChangeActiveTerminal((t) => {
      if (t === terminal) {
        clearTimeout(timer);
        sub.dispose();
        resolve(true);
      }
    });
  });
}

/** Resolves when `execution` has ended, or after `ms`. */
/**
 * The `cd` of a pre-started shell has ended: its execution's end was reported, or the shell reported the folder as its
 * working directory (the next prompt does, even when the end of a command typed while the terminal was first being
 * sized is lost), or `ms` passed.
 */
function moved(terminal: vscode.Terminal, execution: vscode.TerminalShellExecution, folder: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      end.dispose();
      change.dispose();
      resolve();
    };
    const timer = setTimeout(done, ms);
    const end = vscode.window.onDidEndTerminalShellExecution((e) => {
      if (e.execution === execution) {
        done();
      }
    });
    const change = vscode.window.onDidChangeTerminalShellIntegration((e) => {
      if (e.terminal === terminal && e.shellIntegration.cwd?.fsPath === folder) {
        done();
      }
    });
  });
}

/** A moment for a terminal shown for the first time to take the panel's size and its shell to redraw. */
function resized(_terminal: vscode.Terminal): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, RESIZE_WAIT_MS));
}

function shapeOf(name: string, cwd: vscode.Uri | undefined, shellPath: string): string {
  return JSON.stringify([name, cwd?.toString() ?? null, shellPath]);
}

function waitForShellIntegration(terminal: vscode.Terminal, ms = SHELL_INTEGRATION_WAIT_MS): Promise<vscode.TerminalShellIntegration | undefined> {
  if (terminal.shellIntegration) {
    return Promise.resolve(terminal.shellIntegration);
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      sub.dispose();
      resolve(terminal.shellIntegration);
    }, ms);
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
