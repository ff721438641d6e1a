// Symbolic links never lead the index out of the workspace: `findFiles` follows links, and a runbook folder with a
// link to `/etc/passwd` or `~/.aws/credentials` would be read (and shown) by the index. Files on disk (`file:` URIs)
// whose real path is outside their workspace folder are left out; other file systems have no links to follow.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isWithin } from '../../core/paths';

const slash = (p: string) => p.split(path.sep).join('/');

/** The URIs whose real path is inside `folder`'s real path (each folder resolved once, links resolved one by one). */
export async function insideFolder(folder: vscode.Uri, uris: readonly vscode.Uri[]): Promise<vscode.Uri[]> {
  if (folder.scheme !== 'file') {
    return [...uris];
  }
  let root: string;
  try {
    root = slash(await fs.realpath(folder.fsPath));
  } catch {
    return [];
  }
  const dirs = new Map<string, Promise<string | undefined>>();
  const realDir = (d: string) => {
    let r = dirs.get(d);
    if (!r) {
      r = fs.realpath(d).then(slash, () => undefined);
      dirs.set(d, r);
    }
    return r;
  };
  const keep = await Promise.all(uris.map(async (uri) => {
    if (uri.scheme !== 'file') {
      return true;
    }
    try {
      const file = uri.fsPath;
      const dir = await realDir(path.dirname(file));
      if (dir === undefined || !isWithin(dir, root)) {
        return false;
      }
      const st = await fs.lstat(file);
      return !st.isSymbolicLink() || isWithin(slash(await fs.realpath(file)), root);
    } catch {
      return false; // gone, or a dangling link
    }
  }));
  return uris.filter((_, i) => keep[i]);
}
