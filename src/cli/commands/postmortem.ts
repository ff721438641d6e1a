// `runbook postmortem new|lint|file`: draft a post-incident review (from an incident session log), lint one, and
// file its action items in the tracker (`file` lives in ./postmortemFile).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { today as todayOf } from '../../core/dates';
import { parseRunbook } from '../../core/parse';
import { draftDaysOption, lintReview } from '../../core/postmortem/lint';
import { parseTrackerSpec } from '../../core/review/review';
import { isCalendarDate } from '../../core/dates';
import { BUILT_IN_TEMPLATE, renderReview, reviewFileName, reviewFromSession } from '../../core/postmortem/scaffold';
import { parseSessionLog, type SessionEvent } from '../../core/run/session';
import { decodeText } from '../../core/text';
import { EXIT, UsageError, type Io } from '../io';
import { fileCommand } from './postmortemFile';
import { usageFailure } from './steps';
import { cliRedaction } from './redaction';

export const POSTMORTEM_USAGE = `Usage:
  runbook postmortem new [--session F] [--template T] [--title TEXT] [--owner O] [--tracker SPEC] [--severity S]
                         [--dir postmortems] [--date YYYY-MM-DD]
      Write a new post-incident review and print its path. Never overwrites: an existing name gets -2, -3…
      --session F    an incident session log (.jsonl): times, alerts, runbooks used and the timeline
      --template T   a template file, or the name of one in .runbooks/templates/ (default:
                     .runbooks/templates/postmortem.md when it exists, else the built-in template)
      --tracker SPEC github:owner/repo, gitlab:group/project or jira:PROJ
      --dir D        the folder of reviews (default: postmortems)
      --date D       the incident's date in the file name (default: the session's start, else today; UTC)
  runbook postmortem lint <review.md…> [--draft-days N] [--json]
      Action items without owner or type, unknown types, past due dates; a review still draft N days (default 14)
      after the incident. Exit 1 when there are findings.
  runbook postmortem file …
      File the action items in the tracker (runbook postmortem file --help).
See docs/postmortems.md.
`;

/** The subcommands besides `new` (which takes the clock); each gets what follows its name. */
const SUBCOMMANDS: Readonly<Record<string, (argv: readonly string[], io: Io) => Promise<number>>> = {
  lint: (argv, io) => guarded(lintReviews, argv, io),
  file: fileCommand,
};

async function guarded(f: (argv: readonly string[], io: Io) => Promise<number>, argv: readonly string[], io: Io): Promise<number> {
  try {
    return await f(argv, io);
  } catch (e) {
    return usageFailure(e, io);
  }
}

/** `argv` is what follows `postmortem` on the command line. */
export async function postmortemCommand(argv: readonly string[], io: Io, now: () => Date = () => new Date()): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    (sub === undefined ? io.err : io.out)(POSTMORTEM_USAGE);
    return sub === undefined ? EXIT.usage : EXIT.ok;
  }
  if (sub === 'new') {
    return guarded((a, i) => newReview(a, i, now), rest, io);
  }
  const f = Object.hasOwn(SUBCOMMANDS, sub) ? SUBCOMMANDS[sub] : undefined;
  if (!f) {
    io.err(`runbook: unknown postmortem command '${sub}' (new, lint, file)\nTry 'runbook postmortem --help'.\n`);
    return EXIT.usage;
  }
  return f(rest, io);
}

async function readText(abs: string, shown: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `no such file: ${shown}` : code === 'EISDIR' ? `${shown} is a directory` : `cannot read ${shown}: ${(e as Error).message}`);
  }
  const decoded = decodeText(bytes);
  if ('error' in decoded) {
    throw new UsageError(`${shown}: ${decoded.error}`);
  }
  return decoded.text.charCodeAt(0) === 0xfeff ? decoded.text.slice(1) : decoded.text;
}

const isFile = async (p: string) => fs.stat(p).then((s) => s.isFile(), () => false);
const posix = (p: string) => p.split(path.sep).join('/');

/** The template: `--template` as a file, else `.runbooks/templates/<T>[.md]`; without it the workspace's default or the built-in one. */
async function loadTemplate(name: string | undefined, io: Io): Promise<string> {
  const templates = path.join(io.cwd, '.runbooks', 'templates');
  if (name === undefined) {
    const workspaceDefault = path.join(templates, 'postmortem.md');
    return (await isFile(workspaceDefault)) ? readText(workspaceDefault, '.runbooks/templates/postmortem.md') : BUILT_IN_TEMPLATE;
  }
  for (const candidate of [path.resolve(io.cwd, name), path.join(templates, name), path.join(templates, `${name}.md`)]) {
    if (await isFile(candidate)) {
      return readText(candidate, posix(path.relative(io.cwd, candidate)));
    }
  }
  throw new UsageError(`no template ${name}: not a file, nor in .runbooks/templates/`);
}

async function newReview(argv: readonly string[], io: Io, now: () => Date): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      session: { type: 'string' },
      template: { type: 'string' },
      title: { type: 'string' },
      owner: { type: 'string' },
      tracker: { type: 'string' },
      severity: { type: 'string' },
      dir: { type: 'string', default: 'postmortems' },
      date: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.out(POSTMORTEM_USAGE);
    return EXIT.ok;
  }
  if (positionals.length) {
    throw new UsageError(`postmortem new takes no arguments, got ${positionals.join(' ')} (a title goes in --title)`);
  }
  if (values.date !== undefined && !isCalendarDate(values.date)) {
    throw new UsageError(`--date must be a date written YYYY-MM-DD, got ${values.date}${/^\d{4}-\d{2}-\d{2}$/.test(values.date) ? ' (no such day)' : ''}`);
  }
  if (values.tracker !== undefined) {
    const t = parseTrackerSpec(values.tracker);
    if ('error' in t) {
      throw new UsageError(t.error);
    }
  }
  let events: SessionEvent[] = [];
  if (values.session !== undefined) {
    const log = parseSessionLog(await readText(path.resolve(io.cwd, values.session), values.session));
    for (const p of log.problems) {
      io.err(`${values.session}:${p.line}: ${p.message}\n`);
    }
    events = log.events;
  }
  const template = await loadTemplate(values.template, io);
  const dirAbs = path.resolve(io.cwd, values.dir);
  const reviewDir = posix(path.relative(io.cwd, dirAbs)) || '.';

  // Titles of the runbooks used, read from the files when they are there.
  const runbookTitles: Record<string, string> = {};
  for (const e of events) {
    if (e.type === 'run' && !Object.hasOwn(runbookTitles, e.runbook)) {
      const abs = path.resolve(io.cwd, e.runbook);
      const text = await fs.readFile(abs, 'utf8').catch(() => undefined);
      runbookTitles[e.runbook] = text === undefined ? e.runbook : parseRunbook(posix(abs), text, { links: false }).title;
    }
  }
  const data = reviewFromSession(events, {
    title: values.title, runbookTitles, now: now(), owner: values.owner, tracker: values.tracker, severity: values.severity,
    date: values.date, reviewDir, redaction: await cliRedaction(io),
  });

  await fs.mkdir(dirAbs, { recursive: true });
  const taken = new Set<string>();
  for (;;) {
    const name = reviewFileName(data.date, data.title, (n) => taken.has(n), '');
    const abs = path.join(dirAbs, name);
    const text = renderReview(template, { ...data, id: name.replace(/\.md$/, '') });
    try {
      await fs.writeFile(abs, text, { flag: 'wx' }); // never over an existing file, even one written meanwhile
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
        taken.add(name);
        continue;
      }
      throw e;
    }
    io.out(`${posix(path.relative(io.cwd, abs))}\n`);
    return EXIT.ok;
  }
}

async function lintReviews(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      'draft-days': { type: 'string' },
      json: { type: 'boolean', default: false },
      today: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.out(POSTMORTEM_USAGE);
    return EXIT.ok;
  }
  if (!positionals.length) {
    throw new UsageError('postmortem lint needs a review file');
  }
  const draftDays = values['draft-days'] === undefined ? undefined : Number(values['draft-days']);
  if (draftDays !== undefined && !(Number.isInteger(draftDays) && draftDays >= 0)) {
    throw new UsageError(`--draft-days must be a whole number ≥ 0, got ${values['draft-days']}`);
  }
  if (values.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.today)) {
    throw new UsageError(`--today must be YYYY-MM-DD, got ${values.today}`);
  }
  const today = values.today ?? todayOf();
  const options = { draftDays: draftDaysOption({ draftDays }) };
  const all: { path: string; line: number; column: number; ruleId: string; severity: string; message: string }[] = [];
  for (const file of positionals) {
    const text = await readText(path.resolve(io.cwd, file), file);
    for (const f of lintReview(text, today, options)) {
      all.push({ path: file, line: f.line + 1, column: f.character + 1, ruleId: f.ruleId, severity: f.severity, message: f.message });
    }
  }
  if (values.json) {
    io.out(`${JSON.stringify(all, null, 2)}\n`);
  } else {
    for (const f of all) {
      io.out(`${f.path}:${f.line}:${f.column}: ${f.severity}: ${f.message} (${f.ruleId})\n`);
    }
    io.out(all.length ? `${all.length} problem${all.length === 1 ? '' : 's'}\n` : 'no problems\n');
  }
  return all.length ? EXIT.findings : EXIT.ok;
}
