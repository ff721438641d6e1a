// `runbook run <file> --step <id>`: run one step, with its placeholders filled in, quoted, and confirmed when it
// is dangerous.
import { spawn } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { commandText } from '../../core/run/commands';
import { DEFAULT_DANGEROUS_PATTERNS, needsConfirmation } from '../../core/run/danger';
import { QuoteError, displaySafe, shellKindFor, type ShellKind } from '../../core/run/quote';
import { findPlaceholders, labelsToEnv, mask, placeholderNames, resolveValues, substitute } from '../../core/run/variables';
import { EXIT, UsageError, type Io } from '../io';
import { readPayload } from './resolve';
import { cliTargetGuard } from './runTarget';
import { loadRunbookFile, usageFailure } from './steps';

export const RUN_USAGE = `Usage: runbook run <file> --step <id> [--var k=v…] [--label k=v…] [--payload F|-] [--dry-run] [--yes] [--target-ok] [--shell posix|powershell]
  Run one step of a runbook. {{name}}, {{ $labels.name }}, {{ .Labels.name }} and <name> placeholders are filled
  from --label, then --var, then the variable's default, each value quoted for the shell; labels and variables are
  also exported as upper-case environment variables (namespace -> NAMESPACE) for $NAMESPACE in commands.
  A destructive step, or one that runs a dangerous command (rm -rf, kubectl delete, terraform apply, …), asks for
  confirmation on the terminal; without a terminal it needs --yes.
  --dry-run   print exactly the command that would reach the shell (no trailing newline) and run nothing
  --yes       run without asking
  --payload   an Alertmanager/Grafana/Prometheus payload file (- for standard input): the first alert's labels bind
              (--label wins over them)
  --target-ok run even when the alert's target (labels cluster, namespace, region, project…) is not what kubectl,
              aws, gcloud or az point at here; without it such a step exits 3 and runs nothing (--yes never skips it)
  --shell     the shell language (default: powershell for powershell steps, otherwise posix: /bin/sh -c)
  Exit status: the command's own; 1 when it was not confirmed or cannot be quoted safely; 2 for a usage error or a
  variable without a value; 3 when the target does not match the alert's (nothing ran).
`;

/** How a command is run: a program and its arguments. */
export interface ExecRequest {
  readonly file: string;
  readonly args: readonly string[];
  /** The whole environment of the child. */
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
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

async function run(argv: readonly string[], io: RunIo): Promise<number> {
  const { values: opts, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      step: { type: 'string' },
      var: { type: 'string', multiple: true },
      label: { type: 'string', multiple: true },
      'dry-run': { type: 'boolean', default: false },
      yes: { type: 'boolean', short: 'y', default: false },
      payload: { type: 'string' },
      'target-ok': { type: 'boolean', default: false },
      shell: { type: 'string' },
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
  if (opts.shell !== undefined && opts.shell !== 'posix' && opts.shell !== 'powershell') {
    throw new UsageError(`--shell is posix or powershell, not '${opts.shell}'`);
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
  const shell: ShellKind = (opts.shell as ShellKind | undefined) ?? shellKindFor(step.language);
  const command = commandText(step);
  if (!command.trim()) {
    io.err(`runbook: step '${step.id}' of ${rel} has nothing to run${step.language === 'console' ? ' (a console block runs the lines after its `$ ` prompts, and it has none)' : ''}\n`);
    return EXIT.findings;
  }

  const defaults: Record<string, string> = {};
  for (const [name, spec] of Object.entries(runbook.variables)) {
    if (spec.default !== undefined) {
      defaults[name] = spec.default;
    }
  }
  const known = new Set([...Object.keys(runbook.variables), ...Object.keys(labels), ...Object.keys(vars)]);
  const used = placeholderNames(findPlaceholders(command, known, shell));
  const sources = { labels, session: vars, defaults };
  const resolved = resolveValues(used, sources);
  if (resolved.missing.length > 0) {
    const list = resolved.missing.map((n) => {
      const d = runbook.variables[n]?.description;
      return `  ${n}${d ? `: ${d}` : ''}\n`;
    }).join('');
    io.err(`runbook: step '${step.id}' needs ${resolved.missing.length === 1 ? 'a value' : 'values'} for:\n${list}pass ${resolved.missing.map((n) => `--var ${n}=…`).join(' ')}\n`);
    return EXIT.usage;
  }
  const secrets = Object.entries(runbook.variables).filter(([n, s]) => s.secret && Object.hasOwn(resolved.values, n)).map(([n]) => resolved.values[n]);

  let final: string;
  try {
    final = substitute(command, resolved.values, shell, known);
  } catch (e) {
    if (e instanceof QuoteError) {
      io.err(`runbook: cannot run step '${step.id}' safely: ${displaySafe(mask(e.message, secrets))}\n`);
      return EXIT.findings;
    }
    throw e;
  }
  // What a person sees: secrets masked, and no control or bidi characters that could disguise the command.
  const shown = displaySafe(mask(final, secrets));
  const danger = needsConfirmation(step, final, DEFAULT_DANGEROUS_PATTERNS);
  const reasons = danger.reasons.map((r) => displaySafe(mask(r, secrets)));

  // Target guard (runTarget.ts): a step aimed at another cluster/account than the alert's exits 3, nothing runs.
  const refused = await cliTargetGuard({
    runbook, step, rel, alertName: alert?.name, labels: alert || Object.keys(given).length ? labels : undefined,
    values: resolveValues(Object.keys({ ...defaults, ...vars, ...labels }), sources).values, env: io.env ?? process.env,
    targetOk: opts['target-ok'], dryRun: opts['dry-run'],
  }, io);
  if (refused !== undefined) {
    return refused;
  }

  if (opts['dry-run']) {
    if (danger.confirm) {
      io.err(`runbook: note: running step '${step.id}' would need confirmation: ${reasons.join('; ')}\n`);
    }
    io.out(final);
    return EXIT.ok;
  }

  if (danger.confirm && !opts.yes) {
    const why = reasons.map((r) => `  - ${r}\n`).join('');
    if (!io.isTTY || !io.confirm) {
      io.err(`runbook: step '${step.id}' of ${rel} needs confirmation:\n${why}Not running it without a terminal to ask on: check the command with --dry-run, then pass --yes.\n`);
      return EXIT.findings;
    }
    const ok = await io.confirm(`Step '${step.id}' of ${rel} needs confirmation:\n${why}${indent(shown)}\nRun it? [y/N] `);
    if (!ok) {
      io.err(`runbook: step '${step.id}' not run\n`);
      return EXIT.findings;
    }
  }

  // Labels, variables given and values used, as environment variables, in the same order of precedence.
  const allNames = new Set([...Object.keys(labels), ...Object.keys(vars), ...used]);
  const exported = labelsToEnv(resolveValues(allNames, sources).values);
  const parentEnv = io.env ?? process.env;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(parentEnv)) {
    if (v !== undefined) {
      env[k] = v;
    }
  }
  Object.assign(env, exported);

  let cwd = io.cwd;
  if (runbook.cwd !== undefined) {
    cwd = path.resolve(path.dirname(file), runbook.cwd);
    if (!(await isDirectory(cwd))) {
      io.err(`runbook: the working directory of ${rel} (cwd: ${runbook.cwd}) is not a directory: ${cwd}\n`);
      return EXIT.findings;
    }
  }
  const request: ExecRequest = shell === 'posix'
    ? { file: process.platform === 'win32' ? 'sh' : '/bin/sh', args: ['-c', final], env, cwd }
    : { file: 'pwsh', args: ['-NoProfile', '-Command', final], env, cwd };
  io.err(`runbook: running step '${step.id}' of ${rel}:\n${indent(shown)}\n`);
  return io.exec ? io.exec(request) : defaultExec(request, (t) => io.err(t));
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
    const child = spawn(request.file, [...request.args], { stdio: 'inherit', env: request.env, cwd: request.cwd });
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
