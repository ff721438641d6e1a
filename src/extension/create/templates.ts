// The templates "Create Runbook" offers: the built-in ones, and the markdown files of the workspace folder's
// `runbooks.templatesFolder` (read through workspace.fs, so any file system works).
import * as vscode from 'vscode';
import { BUILT_IN_TEMPLATES } from '../../core/templates/builtIn';
import { decodeText } from '../../core/text';
import { settingFolder } from './newFile';

const MAX_TEMPLATE_BYTES = 256 * 1024;

export interface TemplateChoice {
  /** A built-in id, or a workspace template's file name (`oncall.md`). */
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly builtIn: boolean;
  /** The template text; throws with a readable message when the file cannot be used. */
  load(): Promise<string>;
}

/** Built-in templates first, then the workspace's, by file name. */
export async function listTemplates(folder: vscode.WorkspaceFolder): Promise<TemplateChoice[]> {
  const builtIn: TemplateChoice[] = BUILT_IN_TEMPLATES.map((t) => ({ id: t.id, label: t.label, description: t.description, builtIn: true, load: async () => t.text }));
  const dir = settingFolder(folder, 'templatesFolder');
  if (!dir) {
    return builtIn;
  }
  let entries: [string, vscode.FileType][] = [];
  try {
    entries = await vscode.workspace.fs.readDirectory(dir);
  } catch {
    // no templates folder: the built-in templates only
  }
  const names = entries.filter(([name, type]) => (type & vscode.FileType.File) !== 0 && /\.md$/i.test(name)).map(([name]) => name).sort((a, b) => a.localeCompare(b));
  return [
    ...builtIn,
    ...names.map((name) => ({
      id: name,
      label: name.replace(/\.md$/i, ''),
      description: vscode.workspace.asRelativePath(vscode.Uri.joinPath(dir, name), (vscode.workspace.workspaceFolders?.length ?? 0) > 1),
      builtIn: false,
      load: () => readTemplate(vscode.Uri.joinPath(dir, name)),
    })),
  ];
}

/**
 * The template `id` names: a workspace template by file name (`oncall.md`), else a built-in id (`service`), else a
 * workspace template by name without `.md` (`oncall`).
 */
export function findTemplate(templates: readonly TemplateChoice[], id: string): TemplateChoice | undefined {
  const key = id.trim().toLowerCase();
  return templates.find((t) => !t.builtIn && t.id.toLowerCase() === key)
    ?? templates.find((t) => t.builtIn && t.id === key)
    ?? templates.find((t) => !t.builtIn && t.label.toLowerCase() === key);
}

async function readTemplate(uri: vscode.Uri): Promise<string> {
  const bytes = await vscode.workspace.fs.readFile(uri);
  const name = vscode.workspace.asRelativePath(uri);
  if (bytes.byteLength > MAX_TEMPLATE_BYTES) {
    throw new Error(`${name} is larger than ${MAX_TEMPLATE_BYTES / 1024} KB: not a template.`);
  }
  const decoded = decodeText(bytes);
  if ('error' in decoded) {
    throw new Error(`${name} ${decoded.error}`);
  }
  return decoded.text;
}
