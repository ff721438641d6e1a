// "Runbooks: New Post-Incident Review": a template, pre-filled from the incident session, as a new file that never
// overwrites anything.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseSessionLog, type SessionEvent } from '../../core/run/session';
import { BUILT_IN_TEMPLATE, renderReview, reviewFileName, reviewFromSession } from '../../core/postmortem/scaffold';
import type { RunbookIndex } from '../../core/runbookIndex';
import type { Sessions } from '../run/sessions';
import { redactOptions } from '../run/capture';
import { setting } from '../util/settings';

export async function newReview(sessions: Sessions, index: RunbookIndex, options: { title?: string; template?: string; session?: 'active' | 'none' } = {}): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder || folder.uri.scheme !== 'file') {
    void vscode.window.showErrorMessage('Open a folder first: the review is created in the workspace.');
    return undefined;
  }
  const root = folder.uri.fsPath;
  const template = options.template ?? (await pickTemplate(root));
  if (template === undefined) {
    return undefined;
  }
  const events = options.session === 'none' ? [] : options.session === 'active' ? sessions.active?.events ?? [] : await pickSession(sessions, root);
  if (events === undefined) {
    return undefined;
  }
  const start = events.find((e) => e.type === 'start');
  const title = options.title ?? (await vscode.window.showInputBox({
    title: 'New Post-Incident Review',
    prompt: 'Title of the incident',
    value: start && start.type === 'start' && start.alert ? `${start.alert} incident` : '',
  }));
  if (title === undefined) {
    return undefined;
  }
  const dir = setting('reviewsFolder', folder).replace(/\\/g, '/').replace(/^\/+|\/+$/g, '');
  if (dir.split('/').includes('..')) {
    void vscode.window.showErrorMessage(`runbooks.postmortems.folder ("${dir}") must be a folder inside the workspace.`);
    return undefined;
  }
  const titles = Object.fromEntries(index.all().map((e) => [vscode.workspace.asRelativePath(vscode.Uri.parse(e.path), false), e.title]));
  const data = reviewFromSession(events, {
    title, now: new Date(), runbookTitles: titles, reviewDir: dir,
    owner: setting('reviewOwner', folder) || undefined,
    tracker: setting('reviewTracker', folder) || undefined,
    redaction: redactOptions(sessions.active?.secrets),
  });
  const name = reviewFileName(data.date, data.title, (n) => fs.existsSync(path.join(root, n)), dir);
  const uri = vscode.Uri.joinPath(folder.uri, ...name.split('/'));
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(uri, { overwrite: false, ignoreIfExists: false, contents: new TextEncoder().encode(renderReview(template, data)) });
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(`Could not create ${name}.`);
    return undefined;
  }
  await vscode.window.showTextDocument(uri);
  return uri;
}

/** The built-in template, or one of `.runbooks/templates/*.md`. */
async function pickTemplate(root: string): Promise<string | undefined> {
  const dir = path.join(root, '.runbooks', 'templates');
  const custom = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.md')).sort() : [];
  if (custom.length === 0) {
    return BUILT_IN_TEMPLATE;
  }
  const picked = await vscode.window.showQuickPick([
    { label: '$(file) Built-in template', description: 'summary, impact, timeline, root causes, action items…', file: undefined as string | undefined },
    ...custom.map((f) => ({ label: `$(file-text) ${f}`, description: '.runbooks/templates', file: path.join(dir, f) })),
  ], { title: 'Post-Incident Review Template' });
  return picked && (picked.file ? fs.readFileSync(picked.file, 'utf8') : BUILT_IN_TEMPLATE);
}

/** The active session, else a recent one from the log folder, or none (an empty timeline). */
async function pickSession(sessions: Sessions, root: string): Promise<readonly SessionEvent[] | undefined> {
  if (sessions.active) {
    return sessions.active.events;
  }
  const dir = path.resolve(root, setting('sessionsFolder'));
  const logs = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort().reverse().slice(0, 20) : [];
  if (logs.length === 0) {
    return [];
  }
  const picked = await vscode.window.showQuickPick([
    ...logs.map((f) => ({ label: `$(history) ${f.replace(/\.jsonl$/, '')}`, file: path.join(dir, f) as string | undefined })),
    { label: '$(circle-slash) Without a session', description: 'empty timeline', file: undefined },
  ], { title: 'Incident session for the review' });
  if (!picked) {
    return undefined;
  }
  return picked.file ? parseSessionLog(fs.readFileSync(picked.file, 'utf8')).events : [];
}
