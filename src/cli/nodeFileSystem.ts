// The core's FileSystem over node:fs (used by the CLI, the benchmark and the tests).
import { readdirSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import * as path from 'node:path';
import { FileType, type FileSystem } from '../core/fileSystem';

/** `/`-separated absolute path (the core's path form) from any OS path. */
export function toCorePath(p: string): string {
  return path.resolve(p).split(path.sep).join('/');
}

export const nodeFileSystem: FileSystem = {
  async readFile(p) {
    // Synchronous: for the many small files of a repository, several times cheaper than `fs.promises.readFile`
    // (open, fstat, read and close each a round trip through the thread pool); the CLI has nothing else to do meanwhile.
    return readFileSync(p);
  },
  async readDirectory(p) {
    // Synchronous too, for the same reason: a repository is thousands of folders.
    return readdirSync(p, { withFileTypes: true }).map((d): [string, number] => {
      if (d.isSymbolicLink()) {
        const st = targetOf(`${p}/${d.name}`);
        return [d.name, FileType.SymbolicLink | (st?.isDirectory() ? FileType.Directory : st?.isFile() ? FileType.File : 0)];
      }
      return [d.name, d.isDirectory() ? FileType.Directory : d.isFile() ? FileType.File : FileType.Unknown];
    });
  },
  async realpath(p) {
    return toCorePath(realpathSync.native(p));
  },
};

/** What a link leads to; undefined when it leads nowhere (dangling, a loop, no access). */
function targetOf(link: string): Stats | undefined {
  try {
    return statSync(link, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}
