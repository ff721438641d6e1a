// Find runbook files under a root through the FileSystem interface.
import { FileType, isNotFound, type FileSystem } from './fileSystem';
import type { PathMatcher } from './glob';
import { isWithin } from './paths';

/** Moved to core/paths; still exported here for code written before the move. */

const MAX_DEPTH = 64;

export interface DiscoverOptions {
  /**
   * The workspace root: symbolic links (to files or folders) are followed only when their real path is inside it,
   * so a link to `/etc/passwd` or `~/.ssh` is never read. Default: `root`. Needs `fs.realpath` (in the core's path
   * form, `/`-separated); without it links are not followed at all.
   */
  readonly within?: string;
}

/**
 * Walk `root` and return the paths of every file the matcher accepts, sorted. Each real directory is visited once,
 * so symlink loops end; links are followed only to targets inside the workspace (`options.within`), and only when
 * `fs.realpath` exists; directories that vanish or cannot be read are skipped.
 */
export async function discoverRunbooks(fs: FileSystem, root: string, matcher: PathMatcher, options: DiscoverOptions = {}): Promise<string[]> {
  const found: string[] = [];
  const seen = new Set<string>();
  const base = root.endsWith('/') ? root.slice(0, -1) : root;
  let boundary: string | undefined;
  if (fs.realpath) {
    try {
      boundary = await fs.realpath(options.within ?? base);
    } catch {
      boundary = undefined; // the walk below finds nothing either
    }
  }
  /** A link may be followed: its target is inside the workspace. */
  const inside = async (link: string): Promise<boolean> => {
    if (!fs.realpath || boundary === undefined) {
      return false;
    }
    try {
      return isWithin(await fs.realpath(link), boundary);
    } catch {
      return false; // dangling
    }
  };

  /** A folder to walk. `real`: its real path, when known without asking (its parent's, and it is no link). */
  interface Folder {
    readonly dir: string;
    readonly rel: string;
    readonly real?: string;
  }
  /** Walk one folder: its files into `found`, its sub-folders into `deeper`. */
  const visit = async ({ dir, rel, real }: Folder, depth: number, deeper: Folder[]): Promise<void> => {
    if (fs.realpath) {
      if (real === undefined) {
        try {
          real = await fs.realpath(dir);
        } catch {
          return;
        }
      }
      if (seen.has(real)) {
        return;
      }
      seen.add(real);
    }
    let entries: ReadonlyArray<readonly [string, FileType]>;
    try {
      entries = await fs.readDirectory(dir);
    } catch (e) {
      if (isNotFound(e) || depth > 0) {
        return;
      }
      throw e;
    }
    const linked: Promise<void>[] = [];
    for (const [name, type] of entries) {
      const childRel = rel ? `${rel}/${name}` : name;
      const link = (type & FileType.SymbolicLink) !== 0;
      if (type & FileType.Directory) {
        // Without realpath, a linked directory cannot be told from one already walked: a loop (`current -> .`) would be
        // walked again at every depth, and two loops would never end. So links to directories are followed only with
        // it, and only into the workspace.
        if (!matcher.excludesDirectory(childRel)) {
          if (!link) {
            deeper.push({ dir: `${dir}/${name}`, rel: childRel, real: real === undefined ? undefined : `${real.endsWith('/') ? real : `${real}/`}${name}` });
          } else {
            linked.push(inside(`${dir}/${name}`).then((ok) => {
              if (ok) {
                deeper.push({ dir: `${dir}/${name}`, rel: childRel });
              }
            }));
          }
        }
      } else if (type & FileType.File && matcher.matches(childRel)) {
        if (link) {
          linked.push(inside(`${dir}/${name}`).then((ok) => {
            if (ok) {
              found.push(`${dir}/${name}`);
            }
          }));
        } else {
          found.push(`${dir}/${name}`);
        }
      }
    }
    await Promise.all(linked);
  };

  // Level by level: a real folder reached by two paths (a link) is walked by the shorter one, however the file
  // system's answers are timed; the folders of one level are read concurrently.
  let level: Folder[] = [{ dir: base, rel: '' }];
  for (let depth = 0; level.length && depth <= MAX_DEPTH; depth++) {
    const deeper: Folder[] = [];
    await Promise.all(level.map((f) => visit(f, depth, deeper)));
    level = deeper;
  }
  return found.sort();
}


/** A fenced block in a language whose steps run (`sh`, `bash`, `shell`, `console`, `zsh`, `powershell`, `pwsh`). */
const SHELL_FENCE = /^[ \t]{0,3}(?:```|~~~)[ \t]*\{?[ \t]*\.?(?:sh|bash|shell|shell-session|console|zsh|powershell|pwsh)\b/im;
/** `alerts:` in front matter at the top of the file. */
const ALERTS_KEY = /^alerts[ \t]*:/m;

/**
 * Does a markdown file look like a runbook, when no glob says so: it has a fenced shell step, or front matter with
 * `alerts:`. Used to find runbooks in a repository whose layout no glob matches (`runbook index` says when it did).
 */
export function looksLikeRunbook(text: string): boolean {
  if (text.startsWith('---')) {
    const end = text.indexOf('\n---', 3);
    if (end !== -1 && ALERTS_KEY.test(text.slice(3, end))) {
      return true;
    }
  }
  return SHELL_FENCE.test(text);
}

/** Markdown files, also Middleman's `*.html.md.erb` (GOV.UK tech docs runbook sites). */
export const MARKDOWN_GLOBS: readonly string[] = ['**/*.{md,markdown}', '**/*.md.erb'];

/** Markdown files (not Hugo `_index.md` section pages). */
export function isMarkdownPath(p: string): boolean {
  return /\.(?:md|markdown|md\.erb)$/i.test(p) && !/(?:^|\/)_index\.md$/.test(p);
}
