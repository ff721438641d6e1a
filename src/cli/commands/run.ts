// `runbook run <file> --step <id>`: run one step, with its placeholders filled in, quoted, and confirmed when it
// is dangerous.
import { spawn } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { StringDecoder } from 'node:string_decoder';
import { parseArgs } from 'node:util';
import { prepareStep, shellForStep, type RunShell } from '../../core/run/prepareStep';
import { EXIT, UsageError, type Io } from '../io';
import { readWorkspaceSettings } from '../settings';
import { readPayload } from './resolve';
import { startCliRecord } from './runSession';
import { cliTargetGuard } from './runTarget';
import { loadRunbookFile, usageFailure } from './steps';

export const RUN_USAGE = `Usage: runbook run <file> --step <id> [--var k=v…] [--label k=v…] [--payload F|-] [--allow-value NAME…] [--dry-run] [--yes] [--target-ok] [--shell sh|bash|zsh|pwsh] [--session F]
  Run one step of a runbook, in the step's own shell: sh steps with sh, bash with bash, zsh with zsh, powershell
  with pwsh; console and shell blocks with $SHELL (when it is a POSIX shell). Values never become code: the text
  given to the shell starts with one line assigning them to RUNBOOK_V_* variables, and {{name}}, <name>,
  {{ $labels.name }} and {{ .Labels.name }} refer to those. Values come from --label, then --var, then the
  variable's default. A $NAME the step writes for a value is exported under that name (never PATH, LD_*, …).
  A --label value that fits neither the variable's pattern/enum nor plain label-like text is shown and needs a yes
  on the terminal, or --allow-value NAME. A destructive step, or one that runs a dangerous command (rm -rf,
  kubectl delete, terraform apply, … and runbooks.run.dangerousPatterns of .vscode/settings.json), asks for
  confirmation on the terminal; without a terminal it needs --yes. runbooks.run.confirmCommands "always" asks
  for every step.
  --dry-run      print exactly the text the shell would get (no trailing newline) and run nothing
  --yes          run without asking (does not accept unusual values: see --allow-value)
  --payload      an Alertmanager/Grafana/Prometheus payload file (- for standard input): the first alert's labels
                 bind (--label wins over them)
  --target-ok    run even when the alert's target (labels cluster, namespace, region, project…) is not what kubectl,
                 aws, gcloud or az point at here; without it such a step exits 3 and runs nothing (--yes never
                 skips it)
  --allow-value  accept the unusual --label value of NAME (repeatable)
  --shell        run in this shell instead (it must speak the step's language)
  --session F    append the run (command, exit code, duration, output: shown and recorded, redacted, first and
                 last lines) to the incident session log F (.jsonl, the editor's format; created with a start event)
  Exit status: the command's own; 1 when it was not confirmed or cannot be run safely; 2 for a usage error or a
  variable without a value; 3 when the target does not match the alert's (nothing ran).
`;

/** How a command is run: a program and its arguments. */
export interface ExecRequest {
  readonly file: string;
  readonly args: readonly string[];
  /** The whole environment of the child. */
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  /** Recording: the output goes through pipes, to the terminal and to this (runSession.ts). */
  readonly onOutput?: (chunk: string) => void;
}

/**
 * What `runbook run` needs beyond Io: whether a person can be asked, how to ask, and how to run. Everything is
 * optional, so a plain Io works: it is not a terminal (dangerous steps need --yes) and commands run with
 * defaultExec.
 */
export interface RunIo extends Io {
  /** A person is at a terminal to answer (standard input and standard error are TTYs). */
  readonly isTTY?: boolean;
  /** Ask a yes/no question; resolves true only for yes. Called only when isTTY. */
  confirm?(question: string): Promise<boolean>;
  /** Run the command and resolve to its exit status (default: defaultExec). */
  exec?(request: ExecRequest): Promise<number>;
  /** The environment the command inherits (default: process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** `argv` is what follows `run` on the command line. */
export async function runCommand(argv: readonly string[], io: RunIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (e) {
    return usageFailure(e, io);
  }
}

/** `k=v` arguments as a map; the value may be empty and may contain `=`. */
function pairs(args: readonly string[] | undefined, option: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of args ?? []) {
    const eq = a.indexOf('=');
    if (eq <= 0) {
      throw new UsageError(`--${option} takes name=value, got '${a}'`);
    }
    out[a.slice(0, eq)] = a.slice(eq + 1);
  }
  return out;
}

const SHELL_NAMES: Readonly<Record<string, RunShell>> = { sh: 'sh', bash: 'bash', zsh: 'zsh', pwsh: 'pwsh', powershell: 'pwsh', posix: 'sh' };

async function run(argv: readonly string[], io: RunIo): Promise<number> {
  const { values: opts, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      step: { type: 'string' },
      var: { type: 'string', multiple: true },
      label: { type: 'string', multiple: true },
      'allow-value': { type: 'string', multiple: true },
      'dry-run': { type: 'boolean', default: false },
      yes: { type: 'boolean', short: 'y', default: false },
      payload: { type: 'string' },
      'target-ok': { type: 'boolean', default: false },
      shell: { type: 'string' },
      session: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (opts.help) {
    io.out(RUN_USAGE);
    return EXIT.ok;
  }
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length ? `run takes one runbook file, got ${positionals.length}` : 'run needs a runbook file');
  }
  if (opts.step === undefined || opts.step === '') {
    throw new UsageError('run needs --step <id> (list them with: runbook steps <file>)');
  }
  if (opts.shell !== undefined && !Object.hasOwn(SHELL_NAMES, opts.shell)) {
    throw new UsageError(`--shell is sh, bash, zsh or pwsh, not '${opts.shell}'`);
  }
  const vars = pairs(opts.var, 'var');
  const given = pairs(opts.label, 'label');
  const alert = opts.payload === undefined ? undefined : (await readPayload(opts.payload, io))[0];
  const labels = { ...(alert?.labels ?? {}), ...given };
  const { runbook, file, rel } = await loadRunbookFile(positionals[0], io);
  const step = runbook.steps.find((s) => s.id === opts.step);
  if (!step) {
    const ids = runbook.steps.map((s) => s.id);
    throw new UsageError(`${rel} has no step '${opts.step}'${ids.length ? ` (steps: ${ids.join(', ')})` : ' (it has no runnable steps)'}`);
  }
  const parentEnv = io.env ?? process.env;
  let shell: RunShell;
  try {
    shell = shellForStep(step, parentEnv.SHELL, opts.shell === undefined ? undefined : SHELL_NAMES[opts.shell]);
  } catch (e) {
    io.err(`runbook: cannot run step '${step.id}' of ${rel}: ${(e as Error).message}\n`);
    return EXIT.findings;
  }
  const settings = await readWorkspaceSettings(io.cwd);
  const confirmed = new Set(opts['allow-value'] ?? []);
  const prepare = () => prepareStep({
    runbook, step, shell, labels, labelOrigin: '--label', typed: vars, confirmed,
    dangerousPatterns: settings.dangerousPatterns, confirmMode: settings.confirmCommands,
  });
  let prepared = prepare();
  if (prepared.missing.length > 0) {
    const list = prepared.missing.map((n) => {
      const d = runbook.variables[n]?.description;
      return `  ${n}${d ? `: ${d}` : ''}\n`;
    }).join('');
    io.err(`runbook: step '${step.id}' needs ${prepared.missing.length === 1 ? 'a value' : 'values'} for:\n${list}pass ${prepared.missing.map((n) => `--var ${n}=…`).join(' ')}\n`);
    return EXIT.usage;
  }
  if (prepared.error !== undefined && prepared.toConfirm.length === 0) {
    io.err(`runbook: ${prepared.error.replace(/^cannot run step (\S+) safely/, "cannot run step '$1' safely")}\n`);
    return EXIT.findings;
  }
  if (prepared.toConfirm.length > 0) {
    const list = prepared.toConfirm.map((v) => `  ${v.name} = ${JSON.stringify(v.shown).slice(1, -1)}\n    (from ${v.origin}: ${v.why})\n`).join('');
    if (opts['dry-run'] || !io.isTTY || !io.confirm) {
      io.err(`runbook: step '${step.id}' of ${rel} would use ${prepared.toConfirm.length === 1 ? 'a value' : 'values'} that need${prepared.toConfirm.length === 1 ? 's' : ''} a yes:\n${list}Check ${prepared.toConfirm.length === 1 ? 'it' : 'them'}, then pass ${prepared.toConfirm.map((v) => `--allow-value ${v.name}`).join(' ')}.\n`);
      return EXIT.findings;
    }
    if (!(await io.confirm(`Step '${step.id}' of ${rel} would use:\n${list}Use ${prepared.toConfirm.length === 1 ? 'this value' : 'these values'}? [y/N] `))) {
      io.err(`runbook: step '${step.id}' not run\n`);
      return EXIT.findings;
    }
    for (const v of prepared.toConfirm) {
      confirmed.add(v.name);
    }
    prepared = prepare();
    if (prepared.error !== undefined) {
      io.err(`runbook: ${prepared.error}\n`);
      return EXIT.findings;
    }
  }
  const final = prepared.text;
  const shown = prepared.display;
  const reasons = prepared.danger.reasons;

  // Target guard (runTarget.ts): a step aimed at another cluster/account than the alert's exits 3, nothing runs.
  const refused = await cliTargetGuard({
    runbook, step, rel, alertName: alert?.name, labels: alert || Object.keys(given).length ? labels : undefined,
    values: prepared.values, env: io.env ?? process.env,
    targetOk: opts['target-ok'], dryRun: opts['dry-run'],
  }, io);
  if (refused !== undefined) {
    return refused;
  }

  if (opts['dry-run']) {
    if (prepared.danger.confirm) {
      io.err(`runbook: note: running step '${step.id}' would need confirmation: ${reasons.join('; ')}\n`);
    }
    io.out(final);
    return EXIT.ok;
  }

  // Danger always asks; confirmCommands "always" asks for every step. ("withVariables" is met by the command line
  // itself: the person typed the values there, and unusual --label values were confirmed above.)
  const why = prepared.danger.confirm ? reasons : settings.confirmCommands === 'always' ? ['runbooks.run.confirmCommands is "always"'] : [];
  if (why.length > 0 && !opts.yes) {
    const list = why.map((r) => `  - ${r}\n`).join('');
    if (!io.isTTY || !io.confirm) {
      io.err(`runbook: step '${step.id}' of ${rel} needs confirmation:\n${list}Not running it without a terminal to ask on: check the command with --dry-run, then pass --yes.\n`);
      return EXIT.findings;
    }
    const ok = await io.confirm(`Step '${step.id}' of ${rel} needs confirmation:\n${list}${indent(shown)}\nRun it? [y/N] `);
    if (!ok) {
      io.err(`runbook: step '${step.id}' not run\n`);
      return EXIT.findings;
    }
  }

  // The environment is the caller's: values travel in the text, exported only where the step writes $NAME.
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(parentEnv)) {
    if (v !== undefined) {
      env[k] = v;
    }
  }

  let cwd = io.cwd;
  if (runbook.cwd !== undefined) {
    cwd = path.resolve(path.dirname(file), runbook.cwd);
    if (!(await isDirectory(cwd))) {
      io.err(`runbook: the working directory of ${rel} (cwd: ${runbook.cwd}) is not a directory: ${cwd}\n`);
      return EXIT.findings;
    }
  }
  const request: ExecRequest = shell === 'pwsh'
    ? { file: 'pwsh', args: ['-NoProfile', '-NonInteractive', '-Command', final], env, cwd }
    : { file: shell === 'sh' && process.platform !== 'win32' ? '/bin/sh' : shell, args: ['-c', final], env, cwd };
  // --session: record the run like the editor does (runSession.ts).
  const recorder = opts.session === undefined ? undefined : await startCliRecord({ file: opts.session, runbook: rel, stepId: step.id, command: shown, labels, secrets: prepared.secrets }, io);
  const exec = recorder ? { ...request, onOutput: recorder.write } : request;
  io.err(`runbook: running step '${step.id}' of ${rel} with ${shell}:\n${indent(shown)}\n`);
  const code = await (io.exec ? io.exec(exec) : defaultExec(exec, (t) => io.err(t)));
  await recorder?.finish(code);
  return code;
}

function indent(text: string): string {
  return text.split('\n').map((l) => `    ${l}`).join('\n');
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Spawn with the terminal inherited, and resolve to the exit status as a shell reports it: the code, or 128 + the
 * signal number when the command was killed; 127 when the shell itself cannot be started. Ctrl-C reaches the
 * command (same process group); this process ignores it meanwhile and reports what the command did.
 */
export function defaultExec(request: ExecRequest, err: (text: string) => void = (t) => process.stderr.write(t)): Promise<number> {
  return new Promise((resolve) => {
    const ignore = () => undefined;
    process.on('SIGINT', ignore);
    process.on('SIGQUIT', ignore);
    let settled = false;
    const done = (code: number) => {
      if (settled) {
        return;
      }
      settled = true;
      process.off('SIGINT', ignore);
      process.off('SIGQUIT', ignore);
      resolve(code);
    };
    const onOutput = request.onOutput;
    const child = spawn(request.file, [...request.args], { stdio: onOutput ? ['inherit', 'pipe', 'pipe'] : 'inherit', env: request.env, cwd: request.cwd });
    if (onOutput) {
      // Passed through as it comes, and recorded (split UTF-8 sequences joined by a decoder per stream).
      for (const [from, to] of [[child.stdout, process.stdout], [child.stderr, process.stderr]] as const) {
        const decoder = new StringDecoder('utf8');
        from?.on('data', (d: Buffer) => {
          to.write(d);
          onOutput(decoder.write(d));
        });
      }
    }
    child.on('error', (e: NodeJS.ErrnoException) => {
      err(`runbook: cannot start ${request.file}: ${e.code === 'ENOENT' ? 'not found' : e.message}\n`);
      done(127);
    });
    child.on('close', (code, signal) => {
      done(code ?? (signal ? 128 + (osConstants.signals[signal] ?? 0) : 1));
    });
  });
}

/** A yes/no question on the terminal (standard error, so standard output stays the command's). */
export async function terminalConfirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^\s*y(es)?\s*$/i.test(await rl.question(question));
  } finally {
    rl.close();
  }
}
