// An in-memory FileSystem for the core's tests: files by `/`-separated absolute path, directories implied.
import { FileType, type FileSystem } from '../../../src/core/fileSystem';

export function notFound(path: string): Error {
  return Object.assign(new Error(`ENOENT: no such file or directory, '${path}'`), { code: 'ENOENT' });
}

export class MemoryFileSystem implements FileSystem {
  readonly files = new Map<string, Uint8Array>();
  /** Paths read, in order (to check what the index touched). */
  readonly reads: string[] = [];

  constructor(files: Record<string, string | Uint8Array> = {}) {
    for (const [path, content] of Object.entries(files)) {
      this.write(path, content);
    }
  }

  write(path: string, content: string | Uint8Array): void {
    this.files.set(path, typeof content === 'string' ? new TextEncoder().encode(content) : content);
  }

  async readFile(path: string): Promise<Uint8Array> {
    this.reads.push(path);
    const bytes = this.files.get(path);
    if (!bytes) {
      throw notFound(path);
    }
    return bytes;
  }

  async readDirectory(path: string): Promise<ReadonlyArray<readonly [string, number]>> {
    const prefix = `${path}/`;
    const entries = new Map<string, number>();
    for (const file of this.files.keys()) {
      if (file.startsWith(prefix)) {
        const rest = file.slice(prefix.length);
        const slash = rest.indexOf('/');
        entries.set(slash === -1 ? rest : rest.slice(0, slash), slash === -1 ? FileType.File : FileType.Directory);
      }
    }
    if (entries.size === 0) {
      throw notFound(path);
    }
    return [...entries].sort(([a], [b]) => (a < b ? -1 : 1));
  }
}
