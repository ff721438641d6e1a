// "Runbooks: File Action Items…": the review's action items become tracker issues, once each. A preview first;
// each created issue is written back as `[issue:: URL]` at once, by a small edit at the item (what the user types
// elsewhere meanwhile is kept). Tokens live in VS Code's GitHub authentication or in SecretStorage, nowhere else.
import * as vscode from 'vscode';
import { nextIds, setField, type ActionItem } from '../../core/postmortem/actionItems';
import { fileItems, planFiling } from '../../core/postmortem/filing';
import { parseReview, parseTrackerSpec } from '../../core/postmortem/review';
import { createTracker, describeSpec, type TrackerCredentials } from '../../core/postmortem/trackers';
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
}

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
  // Items without an id get one first (the id is what finds an issue again).
  const ids = nextIds(review.actionItems);
  if (ids.length) {
    await applyEdits(document.uri, ids);
    review = parseReview(document.getText());
  }
  const plan = planFiling(review.actionItems, reviewId);
  if (plan.toFile.length === 0) {
    void vscode.window.showInformationMessage(`Nothing to file: ${plan.skipped.length} action item(s) already linked or done${plan.invalid.length ? `, ${plan.invalid.length} invalid` : ''}.`);
    return { created: 0, linked: 0, skipped: plan.skipped.length, failed: 0 };
  }
  if (!options.yes) {
    const detail = [
      ...plan.toFile.map(({ item }) => `+ ${item.id}: ${item.text}`),
      ...plan.skipped.map(({ item, reason }) => `= ${item.id ?? '?'}: ${item.text} (${reason === 'done' ? 'done' : 'already linked'})`),
      ...plan.invalid.map(({ item, reason }) => `! ${item.text} (${reason})`),
    ].join('\n');
    const choice = await vscode.window.showInformationMessage(`File ${plan.toFile.length} action item(s) in ${describeSpec(spec)}?`, { modal: true, detail }, 'File');
    if (choice !== 'File') {
      return undefined;
    }
  }
  const creds = await credentials(secrets, spec.kind, uri);
  const tracker = createTracker(spec, creds, httpClientOverFetch(fetch));
  if ('error' in tracker) {
    void vscode.window.showErrorMessage(`${tracker.error.replace(/: set [A-Z_, ]+$/, '')}: run "Runbooks: Set Tracker Token…"${spec.kind === 'github' ? ' or sign in to GitHub' : ''}.`);
    return undefined;
  }
  const config = vscode.workspace.getConfiguration(Settings.section, uri);
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Filing action items in ${describeSpec(spec)}` }, () => fileItems({
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
  const summary = { created: result.created.length, linked: result.linked.length, skipped: plan.skipped.length, failed: result.failed.length + result.notAttempted.length };
  const text = `Filed ${summary.created}, linked ${summary.linked} found from an earlier run, skipped ${summary.skipped}`;
  if (result.failed.length) {
    void vscode.window.showErrorMessage(`${text}; failed: ${result.failed.map((f) => `${f.item.id} (${f.error.message})`).join('; ')}${result.notAttempted.length ? `; not tried: ${result.notAttempted.length}` : ''}. Run it again to file the rest.`);
  } else {
    void vscode.window.showInformationMessage(`${text}.`);
  }
  return summary;
}

async function credentials(secrets: vscode.SecretStorage, kind: TrackerKind, uri: vscode.Uri): Promise<TrackerCredentials> {
  const config = vscode.workspace.getConfiguration(Settings.section, uri);
  const stored = await secrets.get(SECRET(kind));
  if (kind === 'github') {
    let token = stored;
    if (!token) {
      const session = await vscode.authentication.getSession('github', ['repo'], { createIfNone: true }).then((s) => s, () => undefined);
      token = session?.accessToken;
    }
    return { githubToken: token, githubApiUrl: config.get<string>(Settings.githubApiUrl) || undefined };
  }
  if (kind === 'gitlab') {
    return { gitlabToken: stored, gitlabUrl: config.get<string>(Settings.gitlabUrl) || undefined };
  }
  return { jiraApiToken: stored, jiraUrl: config.get<string>(Settings.jiraUrl) || undefined, jiraEmail: config.get<string>(Settings.jiraEmail) || undefined };
}

async function applyEdits(uri: vscode.Uri, edits: readonly TextEdit[]): Promise<void> {
  await vscode.workspace.applyEdit(toWorkspaceEdit(uri, edits));
}
