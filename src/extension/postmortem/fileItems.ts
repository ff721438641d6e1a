// "Runbooks: File Action Items…": the review's action items become tracker issues, once each. A preview first;
// each created issue is written back as `[issue:: URL]` at once, by a small edit at the item (what the user types
// elsewhere meanwhile is kept). Tokens live in VS Code's GitHub authentication or in SecretStorage, nowhere else,
// and go only to the provider's own host or to an address in the USER's settings: never in Restricted Mode, never
// to an address a repository's settings name (those are ignored, with a warning naming the file).
import * as vscode from 'vscode';
import { intentFileName, intentFileStore } from '../../core/postmortem/filing';
import { fileReview } from '../../core/postmortem/fileReview';
import type { TrackerSpec } from '../../core/review/review';
import { createTracker, type TrackerCredentials } from '../../core/postmortem/trackers';
import { decideBaseUrl, isGitHubDotCom, URL_SETTING, type BaseUrlDecision } from '../../core/postmortem/trackers/hosts';
import { httpClientOverFetch } from '../../core/postmortem/trackers/http';
import { Settings } from '../constants';
import { toWorkspaceEdit } from '../util/edits';
import { redactOptions } from '../run/capture';
import { setting } from '../util/settings';

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
  const stateFile = vscode.Uri.joinPath(uri, '..', intentFileName(uri.path.split('/').pop() ?? 'review.md'));
  const warnings: string[] = [];
  const ignored: string[] = [];
  const outcome = await fileReview({
    name: vscode.workspace.asRelativePath(uri, false),
    read: async () => document.getText(),
    // Edits computed on the document as it is now, applied at once: what the user types meanwhile is kept.
    update: async (change) => {
      const edits = change(document.getText());
      if (edits?.length) {
        await vscode.workspace.applyEdit(toWorkspaceEdit(document.uri, edits));
      }
    },
    address: (kind) => baseUrl(kind, uri, warnings),
    confirm: async ({ plan, target }) => {
      if (options.yes) {
        return true;
      }
      const detail = [
        ...plan.toFile.map(({ item }) => `+ ${item.id}${item.newId ? ' (new id)' : ''}: ${item.text}`),
        ...plan.skipped.map(({ item, reason }) => `= ${item.id ?? '?'}: ${item.text} (${reason === 'done' ? 'done' : 'already linked'})`),
        ...plan.invalid.map(({ item, reason }) => `! ${item.text} (${reason})`),
      ].join('\n');
      const n = plan.toFile.length;
      return (await vscode.window.showInformationMessage(`File ${n} issue${n === 1 ? '' : 's'} in ${target}?`, { modal: true, detail }, 'File')) === 'File';
    },
    tracker: async (spec, url) => {
      const tracker = createTracker(spec, await credentials(secrets, spec, url, uri), httpClientOverFetch(fetch));
      if (!('error' in tracker)) {
        return tracker;
      }
      const needs = spec.kind !== 'jira' ? `${tracker.error.replace(/: set [A-Z_, ]+$/, '')}: run "Runbooks: Set Tracker Token…"${spec.kind === 'github' && isGitHubDotCom(url) ? ' or sign in to GitHub' : ''}`
        : /JIRA_(URL|EMAIL|API_TOKEN)/.test(tracker.error) ? 'Filing in Jira needs runbooks.trackers.jiraEmail and a token stored with "Runbooks: Set Tracker Token…"' : tracker.error;
      return { error: `${needs}.` };
    },
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
    reviewLink: vscode.workspace.asRelativePath(uri, false),
    labels: [...setting('trackerLabels', uri)],
    typeMapping: { ...setting('trackerTypeMapping', uri) },
    redaction: redactOptions(),
    onIgnored: (item, issue, me) => {
      ignored.push(`${issue.ref.key} (${issue.ref.url}) carries the marker of ${item.id} but was created by ${issue.author?.name ?? 'an unknown account'}, not ${me.name}`);
    },
  }, { withProgress: (target, work) => vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Filing action items in ${target}` }, work) });

  switch (outcome.kind) {
    case 'invalid':
      void vscode.window.showErrorMessage(outcome.message);
      return undefined;
    case 'refused':
      void vscode.window.showErrorMessage(outcome.message);
      return { created: 0, linked: 0, skipped: 0, failed: 0, refused: outcome.message, warnings };
    case 'nothing':
    case 'preview': {
      const { plan } = outcome.preview;
      void vscode.window.showInformationMessage(`Nothing to file: ${plan.skipped.length} action item(s) already linked or done${plan.invalid.length ? `, ${plan.invalid.length} invalid` : ''}.`);
      return { created: 0, linked: 0, skipped: plan.skipped.length, failed: plan.invalid.length, warnings };
    }
    case 'cancelled':
      return undefined;
    case 'filed':
      break;
  }
  const { result } = outcome;
  const summary = { created: result.created.length, linked: result.linked.length, skipped: result.skipped.length, failed: result.failed.length + result.notAttempted.length, ignored: ignored.length, warnings };
  if (ignored.length) {
    void vscode.window.showWarningMessage(`Not taken as filed (anyone can copy a marker): ${ignored.join('; ')}.`);
  }
  const text = `Filed ${summary.created}, linked ${summary.linked} found from an earlier run, skipped ${summary.skipped}`;
  if (result.failed.length) {
    void vscode.window.showErrorMessage(`${text}; failed: ${result.failed.map((f) => `${f.item.id ?? `line ${f.item.line + 1}`} (${f.error.message})`).join('; ')}${result.notAttempted.length ? `; not tried: ${result.notAttempted.length}` : ''}. Run it again to file the rest.`);
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
  return { jiraApiToken: stored, jiraUrl: url, jiraEmail: setting('jiraEmail', uri) || undefined };
}
