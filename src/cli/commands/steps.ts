// `runbook steps <file> [--json]`: the runnable steps of one runbook.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { Runbook, Step } from '../../core/model';
import { parseRunbook } from '../../core/parse';
import { commandText } from '../../core/run/commands';
import { needsConfirmation } from '../../core/run/danger';
import { shellKindFor } from '../../core/run/quote';
import { findPlaceholders, placeholderNames } from '../../core/run/variables';
import { decodeText } from '../../core/text';
import { table } from '../format';
import { EXIT, UsageError, type Io } from '../io';
import { toCorePath } from '../nodeFileSystem';

export const STEPS_USAGE = `Usage: runbook steps <file> [--json]
  The runnable steps of a runbook: id, line, language, whether it is destructive (yes: marked so; confirm: runs a
  dangerous command such as kubectl delete; either way \`runbook run\` asks first) and the variables it uses.
`;

export interface LoadedRunbook {
  readonly runbook: Runbook;
  /** The file's absolute path. */
  readonly file: string;
  /** The path as output shows it: relative to the current directory. */
  readonly rel: string;
}

/** Read and parse one runbook file named on the command line. Throws a UsageError when it cannot be read. */
export async function loadRunbookFile(file: string, io: Io): Promise<LoadedRunbook> {
  const abs = path.resolve(io.cwd, file);
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `no such file: ${file}` : code === 'EISDIR' ? `${file} is a directory, not a runbook` : `cannot read ${file}: ${(e as Error).message}`);
  }
  const decoded = decodeText(bytes);
  if ('error' in decoded) {
    throw new UsageError(`${file}: ${decoded.error}`);
  }
  const rel = path.relative(io.cwd, abs).split(path.sep).join('/') || path.basename(abs);
  return { runbook: parseRunbook(toCorePath(abs), decoded.text), file: abs, rel };
}

/** The names a step's command uses: `{{…}}` placeholders, `<name>` and `$NAME` for the runbook's variables and `extra` names. */
export function stepVariables(runbook: Runbook, step: Step, extra: Iterable<string> = []): string[] {
  const known = new Set([...Object.keys(runbook.variables), ...extra]);
  return placeholderNames(findPlaceholders(commandText(step), known, shellKindFor(step.language)));
}

/** Report a usage mistake the way runCli does, for commands called on their own. */
export function usageFailure(e: unknown, io: Io): number {
  if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    io.err(`runbook: ${(e as Error).message}\nTry 'runbook --help'.\n`);
    return EXIT.usage;
  }
  throw e;
}

/** `argv` is what follows `steps` on the command line. */
export async function stepsCommand(argv: readonly string[], io: Io): Promise<number> {
  try {
    return await steps(argv, io);
  } catch (e) {
    return usageFailure(e, io);
  }
}

async function steps(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.out(STEPS_USAGE);
    return EXIT.ok;
  }
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length ? `steps takes one runbook file, got ${positionals.length}` : 'steps needs a runbook file');
  }
  const { runbook, rel } = await loadRunbookFile(positionals[0], io);
  const rows = runbook.steps.map((s) => {
    const danger = needsConfirmation(s, commandText(s));
    return {
      id: s.id,
      line: s.range.start.line + 1,
      language: s.language,
      destructive: s.destructive,
      variables: stepVariables(runbook, s),
      section: runbook.headings[s.section]?.text ?? null,
      confirm: danger.confirm,
      reasons: danger.reasons,
    };
  });
  if (values.json) {
    io.out(`${JSON.stringify({ path: rel, title: runbook.title, steps: rows }, null, 2)}\n`);
    return EXIT.ok;
  }
  if (rows.length === 0) {
    io.err(`runbook: ${rel} has no runnable steps (fenced sh, bash, zsh, console or powershell blocks)\n`);
    return EXIT.ok;
  }
  io.out(table([
    ['ID', 'LINE', 'LANGUAGE', 'DESTRUCTIVE', 'VARIABLES'],
    ...rows.map((r) => [r.id, String(r.line), r.language, r.destructive ? 'yes' : r.confirm ? 'confirm' : 'no', r.variables.join(', ') || '-']),
  ]));
  return EXIT.ok;
}
