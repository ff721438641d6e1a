// `runbook postmortem file <review.md>`: file the review's action items as issues in its tracker, once each, and
// write `[issue:: URL]` back to each item as soon as its issue exists.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { replaceIfUnchanged, writeAtomically } from '../atomicWrite';
import { readWorkspaceSettings } from '../settings';
import { intentFileName, intentFileStore } from '../../core/postmortem/filing';
import { applyEdits } from '../../core/text';
import { fileReview, type FilingPreview } from '../../core/postmortem/fileReview';
import { decideCliBaseUrl, URL_SETTING } from '../../core/postmortem/trackers/hosts';
import { createTracker } from '../../core/postmortem/trackers/index';
import { httpClientOverFetch, scrub, type HttpClient } from '../../core/postmortem/trackers/http';
import { EXIT, UsageError, type Io } from '../io';
import type { RunIo } from './run';
import { usageFailure } from './steps';
import { cliRedaction } from './redaction';

export const FILE_USAGE = `Usage: runbook postmortem file <review.md> [--dry-run] [--yes] [--keep-going] [--label L…] [--type-map T=I…] [--link URL] [--url URL]
  File the action items of a post-incident review as issues in the tracker its front matter names
  (tracker: github:owner/repo, gitlab:group/project or jira:PROJ), and write [issue:: URL] back to each item.
  Items already linked ([issue:: …]) and done items are skipped; items without an [id:: …] get one first. Each
  issue carries a hidden marker of the review and item; only issues your account created count as filed. Before
  each create an intent is kept in .<review>.filing.json beside the review, so after a lost answer or a killed
  run the next run looks the item up among your own issues before filing again.
  Credentials: GITHUB_TOKEN (GITHUB_API_URL for GitHub Enterprise Server), GITLAB_TOKEN (GITLAB_URL),
  JIRA_URL with JIRA_EMAIL and JIRA_API_TOKEN. Addresses come from these variables or --url only, never from the
  repository's .vscode/settings.json: the token goes to api.github.com, gitlab.com or the address you give.
  --dry-run     show what would be filed and stop
  --yes         file without asking (needed without a terminal)
  --keep-going  go on after an item fails (default: stop at the first failure)
  --label L     a label for each issue (repeatable; default: runbooks.trackers.labels in .vscode/settings.json,
                else postmortem)
  --type-map T=I  action item type T is filed as issue type I (repeatable; \`*\` for the rest; default:
                runbooks.trackers.typeMapping in .vscode/settings.json)
  --link URL    where the review can be read, linked from each issue
  --url URL     the tracker's API address (instead of GITHUB_API_URL, GITLAB_URL or JIRA_URL)
  Exit status: 0 all filed, 1 some failed or not confirmed, 2 usage or configuration error.
`;

/** What the command needs beyond Io; all optional (defaults: process.env, no terminal, global fetch). */
export interface FileIo extends RunIo {
  readonly http?: HttpClient;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** `argv` is what follows `postmortem file`. */
export async function fileCommand(argv: readonly string[], io: Io): Promise<number> {
  const fio = io as FileIo;
  const env = fio.env ?? process.env;
  const secrets = [env.GITHUB_TOKEN, env.GITLAB_TOKEN, env.JIRA_API_TOKEN].filter((s): s is string => !!s);
  // Nothing the trackers say reaches the terminal with a token in it, whatever path it took.
  const safe: FileIo & { env: Env } = { ...fio, env, out: (t) => io.out(scrub(t, secrets)), err: (t) => io.err(scrub(t, secrets)) };
  try {
    return await file(argv, safe);
  } catch (e) {
    return usageFailure(e, safe);
  }
}

interface Env {
  readonly [name: string]: string | undefined;
}

async function file(argv: readonly string[], io: FileIo & { env: Env }): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean', default: false },
      yes: { type: 'boolean', short: 'y', default: false },
      'keep-going': { type: 'boolean', default: false },
      label: { type: 'string', multiple: true },
      'type-map': { type: 'string', multiple: true },
      link: { type: 'string' },
      url: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.out(FILE_USAGE);
    return EXIT.ok;
  }
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length ? `postmortem file takes one review file, got ${positionals.length}` : 'postmortem file needs a review file');
  }
  const abs = path.resolve(io.cwd, positionals[0]);
  const rel = path.relative(io.cwd, abs).split(path.sep).join('/') || path.basename(abs);
  await readText(abs, positionals[0]); // a missing file or a directory is a usage error, named as given

  // Labels and the type mapping: flags, else the workspace's settings (as the extension reads them).
  const ws = await readWorkspaceSettings(io.cwd);
  const typeMapping: Record<string, string> = { ...(ws.trackerTypeMapping ?? {}) };
  for (const pair of values['type-map'] ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || eq === pair.length - 1) {
      throw new UsageError(`--type-map takes type=IssueType, got '${pair}'`);
    }
    typeMapping[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const stateFile = path.join(path.dirname(abs), intentFileName(path.basename(abs)));
  const outcome = await fileReview({
    name: rel,
    read: () => readText(abs, positionals[0]),
    update: (change) => updateFile(abs, (text) => {
      const edits = change(text);
      return edits ? applyEdits(text, edits) : undefined;
    }),
    // The address the token goes to: a flag or the environment (the user's own), else the provider's; never a
    // setting of the repository.
    address: (kind) => decideCliBaseUrl(kind, values.url ?? io.env[URL_SETTING[kind].env], values.url !== undefined ? '--url' : URL_SETTING[kind].env),
    show: (preview) => showPreview(io, rel, preview),
    confirm: async ({ plan, target }) => {
      const n = plan.toFile.length;
      if (values.yes) {
        return true;
      }
      if (!io.isTTY || !io.confirm) {
        io.err(`runbook: not filing ${n} issue${n === 1 ? '' : 's'} without a terminal to ask on: check with --dry-run, then pass --yes.\n`);
        return false;
      }
      if (!(await io.confirm(`File ${n} issue${n === 1 ? '' : 's'} in ${target}? [y/N] `))) {
        io.err('runbook: nothing filed.\n');
        return false;
      }
      return true;
    },
    tracker: async (spec, baseUrl) => createTracker(spec, {
      githubToken: io.env.GITHUB_TOKEN,
      githubApiUrl: spec.kind === 'github' ? baseUrl : undefined,
      gitlabToken: io.env.GITLAB_TOKEN,
      gitlabUrl: spec.kind === 'gitlab' ? baseUrl : undefined,
      jiraUrl: spec.kind === 'jira' ? baseUrl : undefined,
      jiraEmail: io.env.JIRA_EMAIL,
      jiraApiToken: io.env.JIRA_API_TOKEN,
    }, io.http ?? httpClientOverFetch(fetch), io.sleep ? { sleep: io.sleep } : {}),
    intents: intentFileStore(
      () => fs.readFile(stateFile, 'utf8').catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? undefined : Promise.reject(e))),
      (text) => (text === undefined ? fs.rm(stateFile, { force: true }) : writeAtomically(stateFile, text)),
    ),
    reviewLink: values.link,
    labels: values.label ?? ws.trackerLabels ?? ['postmortem'],
    typeMapping,
    keepGoing: values['keep-going'],
    redaction: await cliRedaction(io),
    onIgnored: (item, issue, me) => {
      io.err(`runbook: ignored ${issue.ref.key} ${issue.ref.url}: it carries the marker of ${item.id} but ${issue.author ? `was created by ${issue.author.name}` : 'has no known author'}, not by ${me.name} (the token's account); not taken as filed\n`);
    },
    onFiled: (item, ref, how, note) => {
      const found = how === 'linked' ? ' (found: filed before)' : how === 'recovered' ? ' (found among your issues: an earlier create\'s answer was lost)' : '';
      io.out(`${how === 'created' ? 'filed ' : 'linked'} ${item.id}  ${ref.key}  ${ref.url}${found}${note ? ` (${note})` : ''}\n`);
    },
  }, { dryRun: values['dry-run'] });

  switch (outcome.kind) {
    case 'invalid':
      throw new UsageError(outcome.message);
    case 'preview':
      return outcome.preview.plan.invalid.length ? EXIT.findings : EXIT.ok;
    case 'nothing':
      io.out('Nothing to file.\n');
      return outcome.preview.plan.invalid.length ? EXIT.findings : EXIT.ok;
    case 'refused':
      io.err(`runbook: ${outcome.message}\n`);
      return EXIT.usage;
    case 'cancelled':
      return EXIT.findings;
    case 'filed':
      break;
  }
  const { result, preview } = outcome;
  for (const { item, error } of result.failed) {
    io.err(`runbook: ${label(item)} failed: ${error.message}\n`);
  }
  if (result.notAttempted.length) {
    io.err(`runbook: stopped at the first failure; not tried: ${result.notAttempted.map(label).join(', ')} (re-run to go on, or pass --keep-going)\n`);
  }
  const done = result.created.length + result.linked.length;
  io.out(`${result.created.length} filed, ${result.linked.length} linked to existing issues, ${result.skipped.length} skipped${result.failed.length ? `, ${result.failed.length} failed` : ''}${result.notAttempted.length ? `, ${result.notAttempted.length} not tried` : ''}.\n`);
  return result.failed.length || result.notAttempted.length || done < preview.plan.toFile.length ? EXIT.findings : EXIT.ok;
}

/** The preview: what is filed, skipped, and why an item cannot be. */
function showPreview(io: Io, rel: string, { reviewId, target, plan, items }: FilingPreview): void {
  io.out(`${rel} (review ${reviewId}) → ${target}\n`);
  for (const { item } of plan.toFile) {
    io.out(`  file   ${label(item)}${item.newId ? ' (new id)' : ''}  ${item.text}\n`);
  }
  for (const { item, reason, issue } of plan.skipped) {
    io.out(`  skip   ${label(item)}  ${reason === 'linked' ? `already linked: ${issue}` : 'done'}\n`);
  }
  for (const { item, reason } of plan.invalid) {
    io.out(`  cannot ${label(item)}  ${reason}\n`);
  }
  if (!items.length) {
    io.out('  no action items (task-list items under an "Action items" heading)\n');
  }
}

function label(item: { id?: string; line: number }): string {
  return `${item.id ?? '(no id)'} (line ${item.line + 1})`;
}

async function readText(abs: string, shown: string): Promise<string> {
  try {
    // Buffer's decoding keeps a byte order mark, so writing back keeps it too.
    return (await fs.readFile(abs)).toString('utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `no such file: ${shown}` : code === 'EISDIR' ? `${shown} is a directory, not a review` : `cannot read ${shown}: ${(e as Error).message}`);
  }
}

/**
 * Change a file without losing anyone's edit: read it, compute the change on what was read, write a temporary file
 * beside it, and rename it over the file only if the file is still what was read (else start again).
 * `change` returns undefined for "nothing to change".
 */
export async function updateFile(abs: string, change: (text: string) => string | undefined, attempts = 5): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    const before = await fs.readFile(abs);
    const next = change(before.toString('utf8'));
    if (next === undefined) {
      return;
    }
    if (await replaceIfUnchanged(abs, before, next)) {
      return;
    }
  }
  throw new Error(`${path.basename(abs)} kept changing while it was being updated`);
}
