// The `runbook` command: the same core as the extension, over node:fs.
import { statSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE, DEFAULT_RULES_INCLUDE } from '../core/glob';
import type { RunIo } from './commands/run';
import { EXIT, UsageError, type Io } from './io';
import { version } from '../../package.json';

export { EXIT, type Io } from './io';

function exists(cwd: string, p: string): boolean {
  try {
    return statSync(resolvePath(cwd, p), { throwIfNoEntry: false }) !== undefined;
  } catch {
    return false;
  }
}

const HELP = `runbook ${version} — index, look up and lint incident runbooks

Usage:
  runbook index [paths…] [--json]         list the runbooks under paths (default: .)
  runbook show <alert> [paths…] [--json]  show the runbooks for an alert
  runbook alerts [paths…] [--json] [--strict]
                                          which alerts of the rule files have a runbook, which runbook_urls
                                          lead nowhere, which alerts in runbooks no rule defines
  runbook resolve [<alert>] [paths…] [--url <runbook_url>] [--payload <file>|-] [--label k=v…] [--json]
                                          the runbooks for an alert, a runbook_url, or each alert of an
                                          Alertmanager/Grafana/Prometheus payload or Name{label="value"}
  runbook lint [paths…|globs…] [--format text|json|sarif|github] [--config F] [--fix] [--max-warnings N] [--quiet]
                                          lint runbooks and rule files (runbook lint --help, docs/lint.md)
  runbook steps <file> [--json]           the steps of a runbook
  runbook run <file> --step <id> [--var k=v…] [--dry-run] [--yes]
                                          run one step, with the editor's substitution, quoting and confirmations
  runbook postmortem new [--session F] [--template T] [--title T] [--owner O] [--tracker SPEC] [--dir D] [--date D]
                                          write a new post-incident review, from an incident session log
  runbook postmortem lint <review.md…>    lint post-incident reviews' action items (docs/postmortems.md)
  runbook postmortem file …               file a review's action items in its tracker
  runbook drill [paths…] [--label k=v…] [--payload F] [--stamp] [--format text|json|junit]
                                          run the read-only Diagnosis steps; --stamp records last_verified
  runbook --help | --version

Options:
  --json                   machine-readable output
  --verbose                index: every problem (default: the first 20)
  --include <glob>         runbook files to index (repeatable; default: ${DEFAULT_INCLUDE.join(', ')})
  --exclude <glob>         files and folders to skip (repeatable; default: ${DEFAULT_EXCLUDE.join(', ')})
  --rules <glob>           Prometheus rule files (repeatable; default: ${DEFAULT_RULES_INCLUDE.join(', ')}; only files that
                           define alerts are read: plain rule files and PrometheusRule resources)
  --map <prefix>=<folder>  runbook_urls under the URL prefix are files under the folder of the root (repeatable),
                           e.g. --map https://runbooks.example.com/runbooks/=runbooks
  --root <dir>             the workspace root: mapped folders and .vscode/settings.json (runbooks.urlMappings,
                           runbooks.rules.annotationKeys, runbooks.rules.include) are read there (default: .)
  --label <k=v>            resolve: a label of the alert (repeatable); fills {{ $labels.k }} in runbook_urls
  --url <runbook_url>      resolve: the runbook a runbook_url points to (relative to the current directory)
  --payload <file>|-       resolve: the alerts of a payload file, or of standard input
  --strict                 alerts: exit 1 when an alert has no runbook, a runbook_url leads nowhere, or a runbook
                           names an alert no rule defines

Runbooks are the files the include globs match, the markdown files rule files point at (runbook_url, runbook),
and every markdown file of a folder named on the command line; when nothing else is found, markdown files with
fenced shell steps or \`alerts:\` front matter (and the output says so). runbooks.include / runbooks.exclude in
.vscode/settings.json apply as in the editor. A file named on the command line is always indexed (.yml/.yaml/.json
as a rule file). Paths in the output are
relative to the current directory; lines are 1-based.
Exit status: 0 ok, 1 findings (no runbook for the alert, or --strict findings), 2 usage error. \`index\` lists what
it could not read but does not fail over it: \`runbook lint\` does (RB101 and the other rules).
`;

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

// Each command's code is loaded when it runs (a dynamic import, which the bundle initialises lazily): `runbook lint`
// does not pay for parsing and initialising the code of `run`, `postmortem` or `drill` (and the Node modules they use).
const OWN_COMMANDS: Readonly<Record<string, (argv: readonly string[], io: Io) => Promise<number>>> = {
  lint: async (argv, io) => (await import('./commands/lint')).lintCommand(argv, io),
  steps: async (argv, io) => (await import('./commands/steps')).stepsCommand(argv, io),
  run: async (argv, io) => (await import('./commands/run')).runCommand(argv, io as RunIo),
  postmortem: async (argv, io) => (await import('./commands/postmortem')).postmortemCommand(argv, io),
  drill: async (argv, io) => (await import('./commands/drill')).drillCommand(argv, io),
};

async function dispatch(argv: readonly string[], io: Io): Promise<number> {
  // Commands with options of their own parse them themselves.
  const own = OWN_COMMANDS[argv[0]];
  if (own) {
    return own(argv.slice(1), io);
  }
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      include: { type: 'string', multiple: true },
      exclude: { type: 'string', multiple: true },
      rules: { type: 'string', multiple: true },
      map: { type: 'string', multiple: true },
      root: { type: 'string' },
      label: { type: 'string', multiple: true },
      url: { type: 'string' },
      payload: { type: 'string' },
      strict: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
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
  const onlyFor = (option: string, given: boolean, commands: readonly string[]) => {
    if (given && !commands.includes(command)) {
      throw new UsageError(`--${option} only applies to ${commands.join(', ')}`);
    }
  };
  onlyFor('strict', values.strict, ['alerts']);
  onlyFor('url', values.url !== undefined, ['resolve']);
  onlyFor('payload', values.payload !== undefined, ['resolve']);
  onlyFor('label', values.label !== undefined, ['resolve']);
  const load = async (paths: readonly string[]) => (await import('./workspace')).loadWorkspace({
    cwd: io.cwd,
    paths,
    include: values.include,
    exclude: values.exclude,
    rules: values.rules,
    maps: values.map ?? [],
    root: values.root,
  });
  switch (command) {
    case 'index':
      return (await import('./commands/index')).indexCommand(await load(rest), io, values.json, values.verbose);
    case 'show': {
      const [alert, ...paths] = rest;
      if (!alert) {
        throw new UsageError('show needs an alert name');
      }
      return (await import('./commands/show')).showCommand(alert, await load(paths), io, values.json);
    }
    case 'alerts':
      return (await import('./commands/alerts')).alertsCommand(await load(rest), io, values.json, values.strict);
    case 'resolve': {
      // `resolve <alert> [paths…]`, or `resolve --payload F [paths…]` / `resolve --url U [paths…]`: the same paths
      // as `show` and `alerts` take.
      const alertGiven = rest.length > 0 && !((values.url !== undefined || values.payload !== undefined) && exists(io.cwd, rest[0]));
      const [alert, paths] = alertGiven ? [rest[0], rest.slice(1)] : [undefined, rest];
      for (const p of paths) {
        if (!exists(io.cwd, p)) {
          throw new UsageError(`resolve takes one alert name, then paths; no such file or directory: ${p} (labels go in --label k=v)`);
        }
      }
      const args = { alert, url: values.url, payload: values.payload, labels: values.label ?? [], json: values.json };
      const { checkResolveArgs, resolveCommand } = await import('./commands/resolve');
      const labels = checkResolveArgs(args);
      return resolveCommand(args, labels, await load(paths), io);
    }
    case undefined:
      io.out(HELP);
      return EXIT.usage;
    default:
      throw new UsageError(`unknown command '${command}'`);
  }
}
