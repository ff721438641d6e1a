// `runbook drill [paths…]`: run the read-only diagnosis steps of each runbook against the current environment,
// non-interactively (never a mutate or destructive step), report pass/fail per step, and with --stamp record the
// result in each runbook's front matter as `last_verified: {date, commit, result}` (a minimal edit).
import { spawn, spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { constants as osConstants } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { parseAlertPayload } from '../../core/alerts/payload';
import { today } from '../../core/dates';
import { diagnosisSteps, drillJunit, drillResult, drillTable, riskOf, stampLastVerified, type DrillStepResult } from '../../core/drill';
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE } from '../../core/glob';
import { parseRunbook } from '../../core/parse';
import { captureText } from '../../core/run/capture';
import { commandText } from '../../core/run/commands';
import { QuoteError, shellKindFor } from '../../core/run/quote';
import { findPlaceholders, labelsToEnv, placeholderNames, resolveValues, substitute } from '../../core/run/variables';
import { redact } from '../../core/run/redact';
import { EXIT, UsageError, type Io } from '../io';
import { toCorePath } from '../nodeFileSystem';
import { loadWorkspace } from '../workspace';
import type { RunIo } from './run';
import { usageFailure } from './steps';

export const DRILL_USAGE = `Usage: runbook drill [paths…] [--label k=v…] [--payload F] [--stamp] [--format text|json|junit] [--timeout S]
  Run the read-only steps of each runbook's Diagnosis section, without asking, against the current environment
  (kubectl context, cloud credentials…). Steps that change or destroy something (marked destructive, or matching a
  dangerous-command pattern) are never run; steps whose variables have no value (--label, --payload, defaults)
  are skipped. A step passes when it exits 0 within --timeout seconds (default 60).
  --label k=v   a value for {{k}} (repeatable); --payload F: the labels of the first alert of an Alertmanager payload
  --stamp       write last_verified: {date, commit, result} into each drilled runbook's front matter (that line only)
  --format      text (a table, default), json, or junit (XML for CI test reports)
  Exit status: 0 all ran steps passed, 1 a step failed, 2 usage error.
`;

function pairs(args: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of args ?? []) {
    const eq = a.indexOf('=');
    if (eq <= 0) {
      throw new UsageError(`--label takes name=value, got '${a}'`);
    }
    out[a.slice(0, eq)] = a.slice(eq + 1);
  }
  return out;
}

export async function drillCommand(argv: readonly string[], io: Io, now: () => Date = () => new Date()): Promise<number> {
  try {
    return await drill(argv, io as RunIo, now);
  } catch (e) {
    return usageFailure(e, io);
  }
}

async function drill(argv: readonly string[], io: RunIo, now: () => Date): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      label: { type: 'string', multiple: true },
      payload: { type: 'string' },
      stamp: { type: 'boolean', default: false },
      format: { type: 'string', default: 'text' },
      timeout: { type: 'string', default: '60' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.out(DRILL_USAGE);
    return EXIT.ok;
  }
  if (!['text', 'json', 'junit'].includes(values.format)) {
    throw new UsageError(`--format is text, json or junit, not '${values.format}'`);
  }
  const timeoutS = Number(values.timeout);
  if (!(timeoutS > 0)) {
    throw new UsageError(`--timeout takes a number of seconds, got '${values.timeout}'`);
  }
  let labels: Record<string, string> = {};
  if (values.payload !== undefined) {
    const text = await fs.readFile(path.resolve(io.cwd, values.payload), 'utf8').catch((e: Error) => {
      throw new UsageError(`--payload ${values.payload}: ${e.message}`);
    });
    const parsed = parseAlertPayload(text);
    if ('error' in parsed) {
      throw new UsageError(`--payload ${values.payload}: ${parsed.error}`);
    }
    labels = { alertname: parsed.alerts[0].name, ...parsed.alerts[0].labels };
  }
  labels = { ...labels, ...pairs(values.label) };

  const loaded = await loadWorkspace({ cwd: io.cwd, paths: positionals, include: [...DEFAULT_INCLUDE], exclude: [...DEFAULT_EXCLUDE], rules: [], maps: [], root: undefined });
  const entries = loaded.index.all().filter((e) => e.steps.length > 0).sort((a, b) => a.path.localeCompare(b.path));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(io.env ?? process.env)) {
    if (v !== undefined) {
      env[k] = v;
    }
  }
  const commit = gitCommit(io.cwd, env);
  const date = today(now);
  const results: DrillStepResult[] = [];
  const stamped: string[] = [];
  for (const entry of entries) {
    const abs = entry.path.startsWith('file://') ? new URL(entry.path).pathname : entry.path;
    const text = await fs.readFile(abs, 'utf8');
    const runbook = parseRunbook(toCorePath(abs), text);
    const rel = loaded.rel(entry.path);
    const mine: DrillStepResult[] = [];
    for (const step of diagnosisSteps(runbook)) {
      mine.push(await drillStep(rel, runbook.variables, step, labels, env, path.dirname(abs), timeoutS * 1000));
    }
    results.push(...mine);
    const result = drillResult(mine);
    if (values.stamp && result) {
      await fs.writeFile(abs, stampLastVerified(text, { date, commit, result }));
      stamped.push(`${rel}: last_verified ${date} ${result}`);
    }
  }
  if (values.format === 'json') {
    io.out(`${JSON.stringify({ date, commit, results }, null, 2)}\n`);
  } else if (values.format === 'junit') {
    io.out(drillJunit(results));
  } else {
    io.out(drillTable(results));
  }
  for (const s of stamped) {
    io.err(`runbook: stamped ${s}\n`);
  }
  return results.some((r) => r.status === 'fail') ? EXIT.findings : EXIT.ok;
}

type Variables = ReturnType<typeof parseRunbook>['variables'];

async function drillStep(rel: string, variables: Variables, step: ReturnType<typeof diagnosisSteps>[number], labels: Record<string, string>, env: Record<string, string>, cwd: string, timeoutMs: number): Promise<DrillStepResult> {
  const base = { runbook: rel, stepId: step.id, exitCode: null, durationMs: null };
  const command = commandText(step);
  if (!command.trim()) {
    return { ...base, status: 'skipped', detail: 'nothing to run' };
  }
  const risk = riskOf(step, command);
  if (risk !== 'read') {
    return { ...base, status: 'skipped', detail: `${risk} step: drills never run it` };
  }
  const shell = shellKindFor(step.language);
  const defaults: Record<string, string> = {};
  for (const [name, spec] of Object.entries(variables)) {
    if (spec.default !== undefined) {
      defaults[name] = spec.default;
    }
  }
  const known = new Set([...Object.keys(variables), ...Object.keys(labels)]);
  const used = placeholderNames(findPlaceholders(command, known, shell));
  const resolved = resolveValues(used, { labels, defaults });
  if (resolved.missing.length) {
    return { ...base, status: 'skipped', detail: `needs ${resolved.missing.join(', ')} (--label)` };
  }
  let final: string;
  try {
    final = substitute(command, resolved.values, shell, known);
  } catch (e) {
    return { ...base, status: 'skipped', detail: e instanceof QuoteError ? e.message : (e as Error).message };
  }
  const started = Date.now();
  const run = await exec(shell === 'posix' ? '/bin/sh' : 'pwsh', shell === 'posix' ? ['-c', final] : ['-NoProfile', '-Command', final], { ...env, ...labelsToEnv(labels) }, cwd, timeoutMs);
  const durationMs = Date.now() - started;
  if (run.cannotStart) {
    return { ...base, status: 'skipped', detail: `cannot start ${shell === 'posix' ? '/bin/sh' : 'pwsh'}: ${run.output}` };
  }
  if (run.code === 0) {
    return { ...base, status: 'pass', detail: 'exit 0', exitCode: 0, durationMs };
  }
  const last = captureText(run.output, { headLines: 0, tailLines: 1, maxBytes: 400 }).text.replace(/^\[…[^\]]*\]\n?/, '');
  const why = run.timedOut ? `timed out after ${timeoutMs / 1000} s` : `exit ${run.code}`;
  return { ...base, status: 'fail', detail: redact(`${why}${last ? `: ${last}` : ''}`), exitCode: run.code, durationMs };
}

function exec(file: string, args: string[], env: Record<string, string>, cwd: string, timeoutMs: number): Promise<{ code: number; output: string; timedOut: boolean; cannotStart?: boolean }> {
  return new Promise((resolve) => {
    let output = '';
    let timedOut = false;
    const child = spawn(file, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (d: Buffer) => {
      output = (output + d.toString('utf8')).slice(-8192);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: 127, output: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : e.message, timedOut, cannotStart: true });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 + (osConstants.signals[signal] ?? 0) : 1), output, timedOut });
    });
  });
}

/** The short commit of the repository at `cwd`, or `unknown`. */
function gitCommit(cwd: string, env: Record<string, string>): string {
  const r = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd, env, encoding: 'utf8' });
  const out = r.status === 0 ? r.stdout.trim() : '';
  return /^[0-9a-f]{4,40}$/.test(out) ? out : 'unknown';
}
