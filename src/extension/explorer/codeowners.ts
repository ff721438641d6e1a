// The owners CODEOWNERS gives each runbook, for the Runbooks view: each workspace folder's file is read once (the
// first of .github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS, as GitHub looks), again when one of them changes, and
// matched per path once (memoized), so rendering the tree reads no file.
import * as vscode from 'vscode';
import { CODEOWNERS_PATHS, MAX_CODEOWNERS_BYTES, ownersOf, parseCodeowners, type Codeowners } from '../../core/codeowners';
import { decodeText } from '../../core/text';

export class CodeownersCache implements vscode.Disposable {
  private readonly files = new Map<string, Codeowners | null | 'loading'>();
  private readonly memo = new Map<string, readonly string[]>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher('**/CODEOWNERS');
    const reload = (uri: vscode.Uri) => {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (folder && CODEOWNERS_PATHS.some((p) => vscode.Uri.joinPath(folder.uri, p).toString() === uri.toString())) {
        this.forget(folder.uri.toString());
        this.changed.fire();
      }
    };
    this.disposables.push(
      watcher,
      watcher.onDidCreate(reload),
      watcher.onDidChange(reload),
      watcher.onDidDelete(reload),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.files.clear();
        this.memo.clear();
        this.changed.fire();
      }),
      this.changed,
    );
  }

  /** The owners of a file, or undefined while its folder's CODEOWNERS is being read (onDidChange fires then). */
  ownersOf(uri: vscode.Uri): readonly string[] | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) {
      return [];
    }
    const key = folder.uri.toString();
    const file = this.files.get(key);
    if (file === undefined) {
      this.files.set(key, 'loading');
      void this.load(folder).then((parsed) => {
        if (this.files.get(key) === 'loading') {
          this.files.set(key, parsed);
          this.changed.fire();
        }
      });
      return undefined;
    }
    if (file === 'loading') {
      return undefined;
    }
    if (file === null) {
      return [];
    }
    const memoKey = uri.toString();
    let owners = this.memo.get(memoKey);
    if (!owners) {
      owners = ownersOf(file, uri.path.slice(folder.uri.path.replace(/\/$/, '').length + 1));
      this.memo.set(memoKey, owners);
    }
    return owners;
  }

  private forget(folderKey: string): void {
    this.files.delete(folderKey);
    for (const k of [...this.memo.keys()]) {
      if (k.startsWith(folderKey)) {
        this.memo.delete(k);
      }
    }
  }

  private async load(folder: vscode.WorkspaceFolder): Promise<Codeowners | null> {
    for (const rel of CODEOWNERS_PATHS) {
      const uri = vscode.Uri.joinPath(folder.uri, rel);
      try {
        const stat = await vscode.workspace.fs.stat(uri);
        if (stat.type !== vscode.FileType.File || stat.size > MAX_CODEOWNERS_BYTES) {
          continue; // a directory, or too large to be a real CODEOWNERS
        }
        const decoded = decodeText(await vscode.workspace.fs.readFile(uri));
        return 'text' in decoded ? parseCodeowners(decoded.text) : null;
      } catch {
        // absent: try the next place
      }
    }
    return null;
  }

  dispose(): void {
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}
