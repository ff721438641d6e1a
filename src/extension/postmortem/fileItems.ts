// "Runbooks: File Action Items…": the review's action items become tracker issues, once each. A preview first;
// each created issue is written back as `[issue:: URL]` at once, by a small edit at the item (what the user types
// elsewhere meanwhile is kept). Tokens live in VS Code's GitHub authentication or in SecretStorage, nowhere else,
// and go only to the provider's own host or to an address in the USER's settings: never in Restricted Mode, never
// to an address a repository's settings name (those are ignored, with a warning naming the file).
import * as vscode from 'vscode';
import { nextIds, setField, type ActionItem } from '../../core/review/actionItems';
import { fileItems, intentFileName, intentFileStore, planFiling } from '../../core/postmortem/filing';
import { parseReview, parseTrackerSpec, type TrackerSpec } from '../../core/review/review';
import { createTracker, describeSpecTarget, type TrackerCredentials } from '../../core/postmortem/trackers';
import { decideBaseUrl, isGitHubDotCom, URL_SETTING, type BaseUrlDecision } from '../../core/postmortem/trackers/hosts';
import { httpClientOverFetch } from '../../core/postmortem/trackers/http';
import type { TextEdit } from '../../core/lint/types';
import { Settings } from '../constants';
import { toWorkspaceEdit } from '../util/edits';
import { redactOptions } from '../run/capture';

export type TrackerKind = 'github' | 'gitlab' | 'jira';
const SECRET = (kind: TrackerKind) => `runbooks.trackerToken.${kind}`;

export interface FilingSummary {
  readonly created: number;
  readonly linked: number;
  readonly skipped: number;
  readonly failed: number;
  /** Issues carrying a marker that another account created: not taken as filed. */
  readonly ignored?: number;
  /** Why nothing was filed (Restricted Mode, an address that cannot be used). */
  readonly refused?: string;
  /** Warnings shown for this run: workspace values of address settings that were ignored (each once a session). */
  readonly warnings?: readonly string[];
}

/** Workspace values of URL settings already warned about in this session (setting + value + file). */
const warned = new Set<string>();

/** "Runbooks: Set Tracker Token…": kept in SecretStorage. */
export async function setTrackerToken(secrets: vscode.SecretStorage, kind?: TrackerKind, token?: string): Promise<void> {
  const k = kind ?? ((await vscode.window.showQuickPick(['github', 'gitlab', 'jira'], { title: 'Tracker' })) as TrackerKind | undefined);
  if (!k) {
    return;
  }
  const t = token ?? (await vscode.window.showInputBox({ title: `${k} token`, password: true, ignoreFocusOut: true, prompt: 'Stored in VS Code\'s secret storage, never in settings' }));
  if (t === undefined) {
    return;
  }
  if (t === '') {
    await secrets.delete(SECRET(k));
  } else {
    await secrets.store(SECRET(k), t);
  }
}

export async function fileActionItems(secrets: vscode.SecretStorage, uri = vscode.window.activeTextEditor?.document.uri, options: { yes?: boolean } = {}): Promise<FilingSummary | undefined> {
  if (!vscode.workspace.isTrusted) {
    // A token leaves the machine only from a workspace the user trusts.
    const refused = 'Filing action items is disabled in Restricted Mode: trust this workspace first (Workspaces: Manage Workspace Trust). No token was read or sent.';
    void vscode.window.showErrorMessage(refused);
    return { created: 0, linked: 0, skipped: 0, failed: 0, refused };
  }
  if (!uri) {
    void vscode.window.showInformationMessage('Open a post-incident review first.');
    return undefined;
  }
  const document = await vscode.workspace.openTextDocument(uri);
  let review = parseReview(document.getText());
  if (!review.tracker) {
    void vscode.window.showErrorMessage('This review names no tracker: add `tracker: github:owner/repo` (or `gitlab:group/project`, `jira:PROJ`) to its front matter.');
    return undefined;
  }
  const spec = parseTrackerSpec(review.tracker);
  if ('error' in spec) {
    void vscode.window.showErrorMessage(`tracker: ${spec.error}`);
    return undefined;
  }
  if (!review.id) {
    void vscode.window.showErrorMessage('This review has no `id` in its front matter: it names the review in every issue, so a re-run files nothing twice.');
    return undefined;
  }
  const reviewId = review.id;
  const warnings: string[] = [];
  const base = baseUrl(spec.kind, uri, warnings);
  if (!base.url) {
    void vscode.window.showErrorMessage(base.error ?? 'No tracker address.');
    return { created: 0, linked: 0, skipped: 0, failed: 0, refused: base.error, warnings };
  }
  const target = describeSpecTarget(spec, base.url);
  // Items without an id get one first (the id is what finds an issue again).
  const ids = nextIds(review.actionItems);
  if (ids.length) {
    await applyEdits(document.uri, ids);
    review = parseReview(document.getText());
  }
  const plan = planFiling(review.actionItems, reviewId);
  if (plan.toFile.length === 0) {
    void vscode.window.showInformationMessage(`Nothing to file: ${plan.skipped.length} action item(s) already linked or done${plan.invalid.length ? `, ${plan.invalid.length} invalid` : ''}.`);
    return { created: 0, linked: 0, skipped: plan.skipped.length, failed: 0, warnings };
  }
  if (!options.yes) {
    const detail = [
      ...plan.toFile.map(({ item }) => `+ ${item.id}: ${item.text}`),
      ...plan.skipped.map(({ item, reason }) => `= ${item.id ?? '?'}: ${item.text} (${reason === 'done' ? 'done' : 'already linked'})`),
      ...plan.invalid.map(({ item, reason }) => `! ${item.text} (${reason})`),
    ].join('\n');
    const n = plan.toFile.length;
    const choice = await vscode.window.showInformationMessage(`File ${n} issue${n === 1 ? '' : 's'} in ${target}?`, { modal: true, detail }, 'File');
    if (choice !== 'File') {
      return undefined;
    }
  }
  const creds = await credentials(secrets, spec, base.url, uri);
  const tracker = createTracker(spec, creds, httpClientOverFetch(fetch));
  if ('error' in tracker) {
    const needs = spec.kind !== 'jira' ? `${tracker.error.replace(/: set [A-Z_, ]+$/, '')}: run "Runbooks: Set Tracker Token…"${spec.kind === 'github' && isGitHubDotCom(base.url) ? ' or sign in to GitHub' : ''}`
      : /JIRA_(URL|EMAIL|API_TOKEN)/.test(tracker.error) ? 'Filing in Jira needs runbooks.trackers.jiraEmail and a token stored with "Runbooks: Set Tracker Token…"' : tracker.error;
    void vscode.window.showErrorMessage(`${needs}.`);
    return undefined;
  }
  const config = vscode.workspace.getConfiguration(Settings.section, uri);
  const stateFile = vscode.Uri.joinPath(uri, '..', intentFileName(uri.path.split('/').pop() ?? 'review.md'));
  const ignored: string[] = [];
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Filing action items in ${target}` }, () => fileItems({
    intents: intentFileStore(
      () => Promise.resolve(vscode.workspace.fs.readFile(stateFile)).then((b) => new TextDecoder().decode(b), () => undefined),
      async (text) => {
        if (text === undefined) {
          await Promise.resolve(vscode.workspace.fs.delete(stateFile)).catch(() => undefined);
        } else {
          await vscode.workspace.fs.writeFile(stateFile, new TextEncoder().encode(text));
        }
      },
    ),
    onIgnored: (item, issue, me) => {
      ignored.push(`${issue.ref.key} (${issue.ref.url}) carries the marker of ${item.id} but was created by ${issue.author?.name ?? 'an unknown account'}, not ${me.name}`);
    },
    items: plan.toFile.map((t) => t.item),
    reviewId,
    reviewLink: vscode.workspace.asRelativePath(uri, false),
    tracker,
    labels: config.get<string[]>(Settings.trackerLabels, ['postmortem']),
    typeMapping: config.get<Record<string, string>>(Settings.trackerTypeMapping, {}),
    redaction: redactOptions(),
    onCreated: async (item: ActionItem, ref) => {
      // Find the item again in the document as it is now (the user may have edited it) and write its link.
      const current = parseReview(document.getText()).actionItems.find((i) => i.id === item.id);
      if (current && !current.issue) {
        await applyEdits(document.uri, [setField(current, 'issue', ref.url)]);
      }
    },
  }));
  const summary = { created: result.created.length, linked: result.linked.length, skipped: plan.skipped.length, failed: result.failed.length + result.notAttempted.length, ignored: ignored.length, warnings };
  if (ignored.length) {
    void vscode.window.showWarningMessage(`Not taken as filed (anyone can copy a marker): ${ignored.join('; ')}.`);
  }
  const text = `Filed ${summary.created}, linked ${summary.linked} found from an earlier run, skipped ${summary.skipped}`;
  if (result.failed.length) {
    void vscode.window.showErrorMessage(`${text}; failed: ${result.failed.map((f) => `${f.item.id} (${f.error.message})`).join('; ')}${result.notAttempted.length ? `; not tried: ${result.notAttempted.length}` : ''}. Run it again to file the rest.`);
  } else {
    void vscode.window.showInformationMessage(`${text}.`);
  }
  return summary;
}

/**
 * The tracker's address from the USER's settings (inspect().globalValue) or the provider's default. A workspace or
 * folder value is never used: a cloned repository could name its own server and receive the token. It is reported
 * once per session, naming the file it came from.
 */
function baseUrl(kind: TrackerSpec['kind'], uri: vscode.Uri, warnings: string[]): BaseUrlDecision {
  const name = URL_SETTING[kind].setting;
  const decision = decideBaseUrl(kind, vscode.workspace.getConfiguration(Settings.section, uri).inspect<string>(name));
  for (const { scope, value } of decision.ignored) {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const file = scope === 'workspace' && vscode.workspace.workspaceFile && vscode.workspace.workspaceFile.scheme !== 'untitled'
      ? vscode.workspace.workspaceFile
      : folder ? vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json') : undefined;
    const where = file ? vscode.workspace.asRelativePath(file) : 'the workspace settings';
    const key = `${name}\n${value}\n${where}`;
    if (!warned.has(key)) {
      warned.add(key);
      const to = decision.source === 'default' ? `the provider's own host (${decision.url}) or to an address in your User settings`
        : decision.source === 'user' ? `the address in your User settings (${decision.url})` : 'an address in your User settings';
      const text = `Ignoring runbooks.${name} = ${value} from ${where}: a tracker token goes only to ${to}, never to one a workspace names.`;
      warnings.push(text);
      void vscode.window.showWarningMessage(text);
    }
  }
  return decision;
}

async function credentials(secrets: vscode.SecretStorage, spec: TrackerSpec, url: string, uri: vscode.Uri): Promise<TrackerCredentials> {
  const config = vscode.workspace.getConfiguration(Settings.section, uri);
  const stored = await secrets.get(SECRET(spec.kind));
  if (spec.kind === 'github') {
    let token = stored;
    // VS Code's GitHub sign-in is a github.com token: it goes to api.github.com only.
    if (!token && isGitHubDotCom(url)) {
      const session = await vscode.authentication.getSession('github', ['repo'], { createIfNone: true }).then((s) => s, () => undefined);
      token = session?.accessToken;
    }
    return { githubToken: token, githubApiUrl: url };
  }
  if (spec.kind === 'gitlab') {
    return { gitlabToken: stored, gitlabUrl: url };
  }
  return { jiraApiToken: stored, jiraUrl: url, jiraEmail: config.get<string>(Settings.jiraEmail) || undefined };
}

async function applyEdits(uri: vscode.Uri, edits: readonly TextEdit[]): Promise<void> {
  await vscode.workspace.applyEdit(toWorkspaceEdit(uri, edits));
}
