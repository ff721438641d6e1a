// The little file system the core reads through. The extension implements it over `vscode.workspace.fs`, the CLI
// over `node:fs`, tests in memory. Paths are opaque `/`-separated strings (absolute paths or URI strings).

/** Same bit values as `vscode.FileType`. */
export const FileType = { Unknown: 0, File: 1, Directory: 2, SymbolicLink: 64 } as const;
export type FileType = number;

export interface FileSystem {
  readFile(path: string): Promise<Uint8Array>;
  /** Entries of a directory; a symbolic link reports its target's type plus `FileType.SymbolicLink`. */
  readDirectory(path: string): Promise<ReadonlyArray<readonly [name: string, type: FileType]>>;
  /** Canonical path (`/`-separated), used to walk each real directory once (symlink loops). Optional. */
  realpath?(path: string): Promise<string>;
}

/** Errors that mean "the file is gone", e.g. deleted while being indexed. */
export function isNotFound(e: unknown): boolean {
  const code = (e as { code?: string } | undefined)?.code;
  return code === 'ENOENT' || code === 'FileNotFound' || code === 'ENOTDIR';
}

export type ReadResult = { readonly path: string; readonly bytes: Uint8Array } | { readonly path: string; readonly error: unknown };

/**
 * Read `paths` with up to `concurrency` reads in flight, handing each result over in path order. The consumer is
 * one loop, so that the work it does on each file can be paced (see `Pacer`): concurrent workers would each run
 * their file's work as soon as its read came back, several in the same turn of the event loop.
 */
export async function* readAhead(fs: FileSystem, paths: readonly string[], concurrency = 16): AsyncGenerator<ReadResult, void, undefined> {
  const reads: (Promise<ReadResult> | undefined)[] = [];
  let started = 0;
  const start = () => {
    const path = paths[started];
    reads[started++] = fs.readFile(path).then((bytes) => ({ path, bytes }), (error: unknown) => ({ path, error }));
  };
  while (started < Math.min(Math.max(1, concurrency), paths.length)) {
    start();
  }
  for (let i = 0; i < paths.length; i++) {
    const result = await reads[i]!;
    reads[i] = undefined;
    if (started < paths.length) {
      start();
    }
    yield result;
  }
}
