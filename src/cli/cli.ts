// The `runbook` command: the same core as the extension, over node:fs.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { discoverRunbooks } from '../core/discover';
import { createMatcher, DEFAULT_EXCLUDE, DEFAULT_INCLUDE, rootedAt, type PathMatcher } from '../core/glob';
import { indexFiles, RunbookIndex, type RunbookEntry } from '../core/runbookIndex';
import { nodeFileSystem, toCorePath } from './nodeFileSystem';
import { version } from '../../package.json';

export interface Io {
  readonly cwd: string;
  out(text: string): void;
  err(text: string): void;
}

export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

const HELP = `runbook ${version} — index, look up and lint incident runbooks

Usage:
  runbook index [paths…] [--json]         list the runbooks under paths (default: .)
  runbook show <alert> [paths…] [--json]  show the runbooks for an alert
  runbook --help | --version

Options:
  --json             machine-readable output
  --include <glob>   runbook files to index (repeatable; default: ${DEFAULT_INCLUDE.join(', ')})
  --exclude <glob>   files and folders to skip (repeatable; default: ${DEFAULT_EXCLUDE.join(', ')})

A file named on the command line is always indexed. Paths in the output are relative to the current directory.
Exit status: 0 ok, 1 findings (problems in runbooks, or no runbook for the alert), 2 usage error.
`;

class UsageError extends Error {}

export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`runbook: ${(e as Error).message}\nTry 'runbook --help'.\n`);
      return EXIT.usage;
    }
    throw e;
  }
}

async function dispatch(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      include: { type: 'string', multiple: true },
      exclude: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', short: 'v', default: false },
    },
  });
  if (values.help) {
    io.out(HELP);
    return EXIT.ok;
  }
  if (values.version) {
    io.out(`${version}\n`);
    return EXIT.ok;
  }
  const [command, ...rest] = positionals;
  const load = (paths: string[]) => loadIndex(paths.length ? paths : ['.'], io.cwd, values.include ?? [...DEFAULT_INCLUDE], values.exclude ?? [...DEFAULT_EXCLUDE]);
  switch (command) {
    case 'index':
      return commandIndex(await load(rest), io, values.json);
    case 'show': {
      const [alert, ...paths] = rest;
      if (!alert) {
        throw new UsageError('show needs an alert name');
      }
      return commandShow(alert, await load(paths), io, values.json);
    }
    case undefined:
      io.out(HELP);
      return EXIT.usage;
    default:
      throw new UsageError(`unknown command '${command}'`);
  }
}

interface Loaded {
  readonly index: RunbookIndex;
  readonly rel: (p: string) => string;
}

async function loadIndex(paths: readonly string[], cwd: string, include: string[], exclude: string[]): Promise<Loaded> {
  const matcher = createMatcher(include, exclude);
  const files = new Set<string>();
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    let stat;
    try {
      stat = await fs.stat(abs);
    } catch {
      throw new UsageError(`no such file or directory: ${p}`);
    }
    if (stat.isDirectory()) {
      for (const f of await discoverRunbooks(nodeFileSystem, toCorePath(abs), underDirectory(matcher, cwd, abs))) {
        files.add(f);
      }
    } else {
      files.add(toCorePath(abs));
    }
  }
  const index = new RunbookIndex();
  await indexFiles(index, nodeFileSystem, [...files].sort());
  const base = toCorePath(cwd);
  const rel = (p: string) => (p.startsWith(`${base}/`) ? p.slice(base.length + 1) : path.relative(cwd, p).split(path.sep).join('/'));
  return { index, rel };
}

/**
 * The globs match paths as the output shows them, relative to the current directory (without leading `../`), so
 * `runbook index runbooks` finds `runbooks/disk.md` with the default globs, as `runbook index .` does.
 */
function underDirectory(matcher: PathMatcher, cwd: string, dir: string): PathMatcher {
  const prefix = path.relative(cwd, dir).split(path.sep).join('/').replace(/^(\.\.(\/|$))+/, '');
  if (!prefix) {
    return rootedAt(matcher, path.basename(dir));
  }
  return {
    matches: (p) => matcher.matches(`${prefix}/${p}`),
    excludesDirectory: (p) => matcher.excludesDirectory(`${prefix}/${p}`),
  };
}

function sorted(index: RunbookIndex): RunbookEntry[] {
  return index.all().sort((a, b) => (a.path < b.path ? -1 : 1));
}

function commandIndex({ index, rel }: Loaded, io: Io, json: boolean): number {
  const problems = index.problems();
  if (json) {
    io.out(`${JSON.stringify({
      runbooks: sorted(index).map((e) => ({ path: rel(e.path), title: e.title, alerts: e.alerts, service: e.service ?? null, steps: e.steps.length })),
      errors: problems.map((p) => ({ path: rel(p.path), line: p.line + 1, message: p.message })),
    }, null, 2)}\n`);
  } else {
    const rows = sorted(index).map((e) => [rel(e.path), e.title, e.service ?? '-', e.alerts.join(',') || '-', String(e.steps.length)]);
    io.out(table([['PATH', 'TITLE', 'SERVICE', 'ALERTS', 'STEPS'], ...rows]));
    io.out(`${index.size} runbook${index.size === 1 ? '' : 's'}${problems.length ? `, ${problems.length} problem${problems.length === 1 ? '' : 's'}` : ''}\n`);
    for (const p of problems) {
      io.err(`${rel(p.path)}:${p.line + 1}:${p.character + 1}: ${p.severity}: ${p.message}\n`);
    }
  }
  return problems.some((p) => p.severity === 'error') ? EXIT.findings : EXIT.ok;
}

function commandShow(alert: string, { index, rel }: Loaded, io: Io, json: boolean): number {
  const matches = index.findByAlert(alert);
  if (json) {
    io.out(`${JSON.stringify({
      alert,
      runbooks: matches.map((m) => ({
        path: rel(m.runbook.path), title: m.runbook.title, matchedBy: m.pattern, exact: m.exact,
        line: (m.runbook.headings[0]?.line ?? 0) + 1,
        steps: m.runbook.steps.map((s) => ({ id: s.id, line: s.line + 1, language: s.language, destructive: s.destructive, variables: s.variables })),
      })),
    }, null, 2)}\n`);
  } else if (matches.length === 0) {
    io.err(`runbook: no runbook for alert '${alert}' (${index.size} runbooks indexed)\n`);
  } else {
    for (const m of matches) {
      const e = m.runbook;
      io.out(`${e.title}\n  ${rel(e.path)}:${(e.headings[0]?.line ?? 0) + 1}  (alerts: ${m.pattern}${m.exact ? '' : ' glob'})\n`);
      if (e.service || e.owner || e.severity) {
        io.out(`  service: ${e.service ?? '-'}  owner: ${e.owner ?? '-'}  severity: ${e.severity ?? '-'}\n`);
      }
      for (const s of e.steps) {
        const section = e.headings[s.section]?.text;
        io.out(`  ${s.destructive ? '!' : '▸'} ${s.id}  line ${s.line + 1}${section ? `  [${section}]` : ''}${s.variables.length ? `  vars: ${s.variables.join(', ')}` : ''}\n`);
      }
    }
  }
  return matches.length ? EXIT.ok : EXIT.findings;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')).join('\n') + '\n';
}
