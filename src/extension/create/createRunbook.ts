// The one way to make a new runbook: a template (built-in or the workspace's) rendered into a new file in the
// new-runbook folder (or the folder the command was invoked on), opened at the first thing to fill in, never over an
// existing file. "Runbooks: Create Runbook…" asks for a title (and a service); "Create Runbook for Alert" fills the
// template from the alert's rule. Writes one new file and runs nothing, so it works in Restricted Mode too.
import * as vscode from 'vscode';
import type { AlertRule } from '../../core/alerts/model';
import { folderSegments, oneLine, runbookFileName, titleProblem } from '../../core/templates/fileName';
import { ALERT_TEMPLATE, renderForAlert } from '../../core/templates/fromAlert';
import { renderTemplate, usesPlaceholder, type RenderedRunbook } from '../../core/templates/render';
import { showRunbook } from '../navigation/openRunbook';
import { today } from '../../core/dates';
import { exists } from '../util/files';
import { createFile, settingFolder, targetWorkspaceFolder } from './newFile';
import { findTemplate, listTemplates, type TemplateChoice } from './templates';

/** The command's optional arguments: what is given is not asked for (nor is the service when the title is given). */
export interface CreateRunbookOptions {
  /** A built-in id (`diagnostic`, `service`, `blank`) or a workspace template's file name, with or without `.md`. */
  readonly template?: string;
  readonly title?: string;
  readonly service?: string;
  readonly owner?: string;
  readonly alerts?: readonly string[];
  /** Folder for the new file: a URI, or a path relative to the workspace folder (default: `runbooks.newRunbookFolder`). */
  readonly folder?: string | vscode.Uri;
}

const TITLE = 'Create Runbook';
const ALERT = /^[A-Za-z_:*?][A-Za-z0-9_:*?]*$/;

/**
 * Returns the new runbook's URI; undefined when cancelled, refused, or when the file exists already (then opening it
 * is offered instead: nothing is ever overwritten). `arg` is a folder URI when invoked from the Explorer.
 */
export async function createRunbook(arg: CreateRunbookOptions | vscode.Uri | undefined, isRunbook: (uri: vscode.Uri) => boolean): Promise<vscode.Uri | undefined> {
  const options: CreateRunbookOptions = arg instanceof vscode.Uri ? { folder: arg } : arg !== null && typeof arg === 'object' ? arg : {};
  const problem = optionsProblem(options);
  if (problem) {
    void vscode.window.showErrorMessage(`Create Runbook: ${problem}`);
    return undefined;
  }
  const near = options.folder instanceof vscode.Uri ? options.folder : undefined;
  const workspaceFolder = await targetWorkspaceFolder(near);
  const dir = workspaceFolder && (await targetDirectory(workspaceFolder, options.folder));
  if (!workspaceFolder || !dir) {
    return undefined;
  }

  const template = await chooseTemplate(workspaceFolder, options.template);
  if (template === undefined) {
    return undefined;
  }

  const title = options.title ?? (await askTitle(dir));
  if (title === undefined) {
    return undefined;
  }
  const titleError = titleProblem(title);
  if (titleError) {
    void vscode.window.showErrorMessage(`Create Runbook: ${titleError}`);
    return undefined;
  }
  const uri = vscode.Uri.joinPath(dir, runbookFileName(title));
  if (await exists(uri)) {
    offerToOpen(uri);
    return undefined;
  }
  const service = options.service ?? (options.title === undefined && usesPlaceholder(template, 'service') ? await askService() : '');
  if (service === undefined) {
    return undefined;
  }

  const rendered = renderTemplate(template, { title, service, owner: options.owner ?? '', alerts: options.alerts ?? [], date: today() });
  const result = await writeAndOpen(uri, rendered, isRunbook);
  if (result === 'exists') {
    offerToOpen(uri);
    return undefined;
  }
  return result;
}

const ALERT_NAME = /^[A-Za-z_:][A-Za-z0-9_:]{0,199}$/;

/** Where the alert's rule comes from (the AlertService). */
export interface AlertRules {
  rulesFor(alert: string): readonly AlertRule[];
}

/**
 * "Create Runbook for Alert": `<new-runbook folder>/<AlertName>.md` from a template filled from the alert's rule (or,
 * when that file exists, just open it). The template: `options.template`, else one the user picks when the workspace
 * has templates of its own, else the built-in diagnostic one. Returns the URI, or undefined when cancelled.
 */
export async function createRunbookForAlert(rules: AlertRules, alert: string, options: { readonly template?: unknown } = {}, isRunbook?: (uri: vscode.Uri) => boolean): Promise<vscode.Uri | undefined> {
  if (!ALERT_NAME.test(alert)) {
    void vscode.window.showErrorMessage(`Cannot create a runbook for "${alert.slice(0, 80)}": not a valid alert name.`);
    return undefined;
  }
  if (options.template !== undefined && typeof options.template !== 'string') {
    void vscode.window.showErrorMessage('Create Runbook for Alert: "template" must be a string.');
    return undefined;
  }
  const folder = await targetWorkspaceFolder();
  const dir = folder && settingFolder(folder, 'newRunbookFolder');
  if (!folder || !dir) {
    return undefined;
  }
  const uri = vscode.Uri.joinPath(dir, `${alert.replace(/:/g, '_')}.md`);
  if (await exists(uri)) {
    return openExisting(uri);
  }
  const template = await chooseTemplate(folder, options.template, ALERT_TEMPLATE);
  if (template === undefined) {
    return undefined;
  }
  const result = await writeAndOpen(uri, renderForAlert(template, alert, rules.rulesFor(alert)[0], today()), isRunbook);
  return result === 'exists' ? openExisting(uri) : result;
}

async function openExisting(uri: vscode.Uri): Promise<vscode.Uri> {
  void vscode.window.showInformationMessage(`${vscode.workspace.asRelativePath(uri)} already exists: opened it instead.`);
  await showRunbook(uri);
  return uri;
}

/**
 * The template's text: the one `id` names; else, when `fallback` is given and the workspace has no templates of its
 * own, that built-in one; else the one the user picks. Undefined (with a message when something was wrong) otherwise.
 */
async function chooseTemplate(workspaceFolder: vscode.WorkspaceFolder, id: string | undefined, fallback?: string): Promise<string | undefined> {
  const templates = await listTemplates(workspaceFolder);
  const choice = id !== undefined ? findTemplate(templates, id)
    : fallback !== undefined && templates.every((t) => t.builtIn) ? findTemplate(templates, fallback)
      : await pickTemplate(templates);
  if (!choice) {
    if (id !== undefined) {
      const names = templates.map((t) => t.id).join(', ');
      void vscode.window.showErrorMessage(`${TITLE}: no template "${id.slice(0, 80)}" (there are: ${names}).`);
    }
    return undefined;
  }
  try {
    return await choice.load();
  } catch (e) {
    void vscode.window.showErrorMessage(`${TITLE}: ${(e as Error).message}`);
    return undefined;
  }
}

/** Create the file (never over another) and open it with the first thing to fill in selected. */
async function writeAndOpen(uri: vscode.Uri, rendered: RenderedRunbook, isRunbook?: (uri: vscode.Uri) => boolean): Promise<vscode.Uri | 'exists' | undefined> {
  const result = await createFile(uri, rendered.text);
  if (result !== 'created') {
    if (result === 'failed') {
      void vscode.window.showErrorMessage(`Could not create ${vscode.workspace.asRelativePath(uri)}.`);
      return undefined;
    }
    return result;
  }
  const { line, character, endLine, endCharacter } = rendered.selection;
  const editor = await vscode.window.showTextDocument(uri, { selection: new vscode.Range(line, character, endLine, endCharacter), preview: false });
  editor.revealRange(editor.selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  if (isRunbook && !isRunbook(uri)) {
    void vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(uri)} is not where runbooks are looked for (runbooks.include / runbooks.exclude): the Runbooks view will not list it.`);
  }
  return uri;
}

/** Arguments come from command links and other extensions too: check their types. */
function optionsProblem(o: CreateRunbookOptions): string | undefined {
  for (const key of ['template', 'title', 'service', 'owner'] as const) {
    if (o[key] !== undefined && typeof o[key] !== 'string') {
      return `"${key}" must be a string.`;
    }
  }
  if (o.folder !== undefined && typeof o.folder !== 'string' && !(o.folder instanceof vscode.Uri)) {
    return '"folder" must be a path relative to the workspace folder, or a URI.';
  }
  if (o.alerts !== undefined && (!Array.isArray(o.alerts) || o.alerts.some((a) => typeof a !== 'string' || !ALERT.test(a)))) {
    return '"alerts" must be a list of alert names (letters, digits, _ and :, with * and ? as globs).';
  }
  return undefined;
}

/** The folder invoked on (a file's folder when given a file), the `folder` argument, or `runbooks.newRunbookFolder`. */
async function targetDirectory(workspaceFolder: vscode.WorkspaceFolder, folder: string | vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
  if (folder instanceof vscode.Uri) {
    const isFile = await vscode.workspace.fs.stat(folder).then((s) => (s.type & vscode.FileType.File) !== 0, () => false);
    return isFile ? vscode.Uri.joinPath(folder, '..') : folder;
  }
  if (typeof folder === 'string') {
    const segments = folderSegments(folder);
    if (!segments) {
      void vscode.window.showErrorMessage(`Create Runbook: the folder "${folder.slice(0, 80)}" must be inside the workspace folder.`);
      return undefined;
    }
    return vscode.Uri.joinPath(workspaceFolder.uri, ...segments);
  }
  return settingFolder(workspaceFolder, 'newRunbookFolder');
}

async function pickTemplate(templates: readonly TemplateChoice[]): Promise<TemplateChoice | undefined> {
  type Item = vscode.QuickPickItem & { choice?: TemplateChoice };
  const items: Item[] = [];
  for (const t of templates) {
    if (!t.builtIn && !items.some((i) => i.choice && !i.choice.builtIn)) {
      items.push({ label: 'Workspace templates', kind: vscode.QuickPickItemKind.Separator });
    }
    items.push({ label: `$(${t.builtIn ? 'file' : 'file-code'}) ${t.label}`, detail: t.description, choice: t });
  }
  const picked = await vscode.window.showQuickPick(items, { title: TITLE, placeHolder: 'Template for the new runbook', matchOnDetail: true });
  return picked?.choice;
}

/** The title, with the file it will create (or that exists already) shown as it is typed. */
async function askTitle(dir: vscode.Uri): Promise<string | undefined> {
  const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  const title = await vscode.window.showInputBox({
    title: TITLE,
    prompt: 'Title of the runbook: what the on-call engineer sees, e.g. "Checkout pods not ready"',
    validateInput: async (value) => {
      if (value.trim() === '') {
        return { message: 'Enter a title: it also names the file.', severity: vscode.InputBoxValidationSeverity.Info };
      }
      const problem = titleProblem(value);
      if (problem) {
        return { message: problem, severity: vscode.InputBoxValidationSeverity.Error };
      }
      const uri = vscode.Uri.joinPath(dir, runbookFileName(value));
      const name = vscode.workspace.asRelativePath(uri, multiRoot);
      return (await exists(uri))
        ? { message: `${name} already exists: choose another title (Enter offers to open it)`, severity: vscode.InputBoxValidationSeverity.Warning }
        : { message: `Creates ${name}`, severity: vscode.InputBoxValidationSeverity.Info };
    },
  });
  return title === undefined || title.trim() === '' ? undefined : oneLine(title);
}

async function askService(): Promise<string | undefined> {
  const service = await vscode.window.showInputBox({
    title: TITLE,
    prompt: 'Service or system the runbook is about (optional: press Enter to leave it empty)',
    placeHolder: 'e.g. checkout-api',
  });
  return service === undefined ? undefined : oneLine(service);
}

function offerToOpen(uri: vscode.Uri): void {
  const name = vscode.workspace.asRelativePath(uri);
  void vscode.window.showInformationMessage(`${name} already exists: nothing was created or changed.`, 'Open It').then((choice) => choice && showRunbook(uri));
}
