// The core's FileSystem over node:fs (used by the CLI, the benchmark and the tests).
import { promises as fs, readFileSync } from 'node:fs';
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
    const dirents = await fs.readdir(p, { withFileTypes: true });
    return Promise.all(dirents.map(async (d): Promise<[string, number]> => {
      if (d.isSymbolicLink()) {
        try {
          const st = await fs.stat(`${p}/${d.name}`);
          return [d.name, FileType.SymbolicLink | (st.isDirectory() ? FileType.Directory : st.isFile() ? FileType.File : 0)];
        } catch {
          return [d.name, FileType.SymbolicLink]; // dangling link
        }
      }
      return [d.name, d.isDirectory() ? FileType.Directory : d.isFile() ? FileType.File : FileType.Unknown];
    }));
  },
  async realpath(p) {
    return toCorePath(await fs.realpath(p));
  },
};
