// Keeps the core RunbookIndex (runbooks) and RuleIndex (Prometheus rule files) in step with the workspace: a cold
// index of every folder, then incremental updates from a file watcher. Owns its watcher and listeners.
import * as vscode from 'vscode';
import { createMatcher, expandBraces, rootedAt, type PathMatcher } from '../../core/glob';
import { basename } from '../../core/paths';
import { DEFAULT_ANNOTATION_KEYS, RuleIndex } from '../../core/alerts/rules';
import { loadRuleFile } from '../../core/alerts/ruleFiles';
import { indexFiles, reindexFiles, RunbookIndex, type IndexChange } from '../../core/runbookIndex';
import { hostPacer } from '../util/pace';
import { insideFolder } from './confine';
import { vscodeFileSystem } from './vscodeFileSystem';
import { affectsSettings, setting } from '../util/settings';

/** How long a cold index may take before a progress notification appears. */
const PROGRESS_AFTER_MS = 500;

interface FolderMatcher {
  readonly folder: vscode.WorkspaceFolder;
  readonly matcher: PathMatcher;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  /** Which files may be Prometheus rule files (their content decides). */
  readonly rules: PathMatcher;
  readonly rulesInclude: readonly string[];
}

export class WorkspaceIndex implements vscode.Disposable {
  readonly index = new RunbookIndex();
  private ruleIndex = new RuleIndex(DEFAULT_ANNOTATION_KEYS);
  private readonly rulesChanged = new vscode.EventEmitter<void>();
  /** Fires when rule files were added, changed or removed. */
  readonly onDidChangeRules = this.rulesChanged.event;
  private readonly disposables: vscode.Disposable[] = [];
  private matchers: FolderMatcher[] = [];
  private generation = 0;
  private readonly changed = new vscode.EventEmitter<readonly IndexChange[]>();
  /** Fires (coalesced per batch) whenever runbooks are added, changed or removed. */
  readonly onDidChange = this.changed.event;
  private readonly indexed = new vscode.EventEmitter<{ readonly count: number; readonly ms: number }>();
  /** Fires after each full (re)index. */
  readonly onDidIndex = this.indexed.event;
  private current: Promise<void> = Promise.resolve();
  /** Duration of the last full index, in ms. */
  lastIndexMs = 0;

  constructor() {
    const sub = this.index.onDidChange((c) => this.changed.fire(c));
    this.disposables.push({ dispose: () => sub.dispose() }, this.changed, this.indexed, this.rulesChanged);
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => this.onFileEvent(uri, false)),
      watcher.onDidChange((uri) => this.onFileEvent(uri, false)),
      watcher.onDidDelete((uri) => this.onFileEvent(uri, true)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.reindex()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsSettings(e, 'include', 'exclude', 'rulesInclude', 'annotationKeys') || e.affectsConfiguration('files.exclude')) {
          void this.reindex();
        }
      }),
    );
  }

  /** Alerting rules of the workspace's Prometheus rule files. */
  get rules(): RuleIndex {
    return this.ruleIndex;
  }

  /** Resolves when the latest full index has finished. */
  get ready(): Promise<void> {
    return this.current;
  }

  /** Is this file a runbook by the current include/exclude settings? */
  isRunbook(uri: vscode.Uri): boolean {
    const m = this.matcherFor(uri);
    return !!m && m.matcher.matches(relativePath(m.folder, uri));
  }

  /** Drop everything and index all workspace folders again; shows progress when it takes a while. */
  reindex(): Promise<void> {
    const generation = ++this.generation;
    const work = this.indexAll(generation);
    const timer = new Promise<'slow'>((resolve) => setTimeout(() => resolve('slow'), PROGRESS_AFTER_MS));
    void Promise.race([work.then(() => 'done' as const), timer]).then((r) => {
      if (r === 'slow' && generation === this.generation) {
        void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Indexing runbooks…' }, () => work);
      }
    });
    this.current = work;
    return work;
  }

  private async indexAll(generation: number): Promise<void> {
    const t0 = Date.now();
    this.matchers = (vscode.workspace.workspaceFolders ?? []).map(folderMatcher);
    const found: string[] = [];
    const ruleFiles: vscode.Uri[] = [];
    for (const m of this.matchers) {
      for (const uri of await this.findIn(m, m.folder.uri)) {
        found.push(uri.toString());
      }
      for (const f of await this.findRuleFiles(m, m.folder.uri)) {
        ruleFiles.push(f);
      }
    }
    if (generation !== this.generation) {
      return;
    }
    const keys = setting('annotationKeys');
    this.ruleIndex = new RuleIndex(keys);
    await this.updateRules(ruleFiles);
    // Paced: the host answers between slices; file events that arrive meanwhile wait for `current` (see `update`).
    await reindexFiles(this.index, vscodeFileSystem, found, undefined, hostPacer());
    this.lastIndexMs = Date.now() - t0;
    this.indexed.fire({ count: this.index.size, ms: this.lastIndexMs });
  }

  /**
   * Runbooks under `base` in a folder. Lists markdown files as well as the include globs, so that a folder that is
   * itself a runbook folder (see `rootedAt`) is covered, then lets the matcher decide.
   */
  private async findIn(m: FolderMatcher, base: vscode.Uri): Promise<vscode.Uri[]> {
    const uris = await vscode.workspace.findFiles(
      new vscode.RelativePattern(base, braces(['**/*.md', ...m.include])),
      m.exclude.length ? new vscode.RelativePattern(m.folder, braces(m.exclude)) : null,
    );
    return insideFolder(m.folder.uri, uris.filter((uri) => m.matcher.matches(relativePath(m.folder, uri))));
  }

  private async findRuleFiles(m: FolderMatcher, base: vscode.Uri): Promise<vscode.Uri[]> {
    if (!m.rulesInclude.length) {
      return [];
    }
    const uris = await vscode.workspace.findFiles(
      new vscode.RelativePattern(base, braces(m.rulesInclude)),
      m.exclude.length ? new vscode.RelativePattern(m.folder, braces(m.exclude)) : null,
    );
    return insideFolder(m.folder.uri, uris.filter((uri) => m.rules.matches(relativePath(m.folder, uri))));
  }

  /** Read candidate rule files; only those that look like rules are parsed and kept. */
  private async updateRules(uris: readonly vscode.Uri[]): Promise<void> {
    let changed = false;
    const pacer = hostPacer();
    for (const uri of uris) {
      const key = uri.toString();
      // Deleted meanwhile, unreadable, too big or not text: not a rule file we can use.
      const loaded = await loadRuleFile({ bytes: () => vscode.workspace.fs.readFile(uri) });
      if ('text' in loaded && loaded.rules) {
        this.ruleIndex.set(key, loaded.text);
        changed = true;
      } else if (this.ruleIndex.delete(key)) {
        changed = true;
      }
      await pacer.check();
    }
    if (changed) {
      this.rulesChanged.fire();
    }
  }

  private isRuleCandidate(uri: vscode.Uri): boolean {
    const m = this.matcherFor(uri);
    return !!m && m.rules.matches(relativePath(m.folder, uri));
  }

  private onFileEvent(uri: vscode.Uri, deleted: boolean): void {
    const key = uri.toString();
    if (deleted) {
      const drop = () => {
        // A deleted folder reports only itself: drop everything under it.
        if (!this.index.delete(key)) {
          this.index.deleteUnder(key);
        }
        if (this.ruleIndex.delete(key) || this.ruleIndex.deleteUnder(key) > 0) {
          this.rulesChanged.fire();
        }
      };
      drop();
      // A cold index under way may have read the file just before it went: drop it again once that index is done
      // (before any later event's update, which waits for the same promise).
      void this.current.then(drop);
      return;
    }
    const m = this.matcherFor(uri);
    // A file that became a link out of the workspace is dropped, as if deleted.
    const inside = async () => (m ? (await insideFolder(m.folder.uri, [uri])).length > 0 : false);
    if (this.isRunbook(uri)) {
      void inside().then(async (ok) => {
        if (ok) {
          await this.update([uri]);
        } else {
          this.index.delete(key);
        }
      });
      return;
    }
    if (this.isRuleCandidate(uri)) {
      void this.current.then(async () => {
        if (await inside()) {
          await this.updateRules([uri]);
        } else if (this.ruleIndex.delete(key)) {
          this.rulesChanged.fire();
        }
      });
      return;
    }
    // A folder created or moved in with its files may be reported alone: look inside it.
    if (m && !/\.[^/]*$/.test(uri.path) && !m.matcher.excludesDirectory(relativePath(m.folder, uri))) {
      void this.scanIfFolder(m, uri);
    }
  }

  private async scanIfFolder(m: FolderMatcher, uri: vscode.Uri): Promise<void> {
    try {
      if ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) {
        await this.update(await this.findIn(m, uri));
        await this.updateRules(await this.findRuleFiles(m, uri));
      }
    } catch {
      // gone already
    }
  }

  private async update(uris: readonly vscode.Uri[]): Promise<void> {
    await this.current; // never race the cold index
    await indexFiles(this.index, vscodeFileSystem, uris.map((u) => u.toString()), undefined, hostPacer());
  }

  private matcherFor(uri: vscode.Uri): FolderMatcher | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return folder && this.matchers.find((m) => m.folder.uri.toString() === folder.uri.toString());
  }

  dispose(): void {
    this.generation++;
    for (const d of this.disposables.splice(0)) {
      d.dispose();
    }
  }
}

function folderMatcher(folder: vscode.WorkspaceFolder): FolderMatcher {
  const include = setting('include', folder);
  const filesExclude = vscode.workspace.getConfiguration('files', folder).get<Record<string, unknown>>('exclude', {});
  const exclude = [
    ...setting('exclude', folder),
    ...Object.entries(filesExclude).filter(([, on]) => on === true).map(([glob]) => glob),
  ];
  const rulesInclude = setting('rulesInclude', folder);
  return {
    folder,
    include,
    exclude,
    matcher: rootedAt(createMatcher(include, exclude), basename(folder.uri.path)),
    rulesInclude,
    rules: createMatcher(rulesInclude, exclude),
  };
}

function relativePath(folder: vscode.WorkspaceFolder, uri: vscode.Uri): string {
  const base = folder.uri.path.endsWith('/') ? folder.uri.path : `${folder.uri.path}/`;
  return uri.path.startsWith(base) ? uri.path.slice(base.length) : uri.path;
}

function braces(globs: readonly string[]): string {
  // VS Code's glob does not nest braces (a group inside a group matches nothing): expand the globs' own first.
  const flat = [...new Set(globs.flatMap((g) => expandBraces(g)))];
  return flat.length === 1 ? flat[0] : `{${flat.join(',')}}`;
}
