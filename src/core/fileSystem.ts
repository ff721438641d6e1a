// The little file system the core reads through. The extension implements it over `vscode.workspace.fs`, the CLI
// over `node:fs`, tests in memory. Paths are opaque `/`-separated strings (absolute paths or URI strings).

/** Same bit values as `vscode.FileType`. */
export const FileType = { Unknown: 0, File: 1, Directory: 2, SymbolicLink: 64 } as const;
export type FileType = number;

export interface FileSystem {
  readFile(path: string): Promise<Uint8Array>;
  /** Entries of a directory; a symbolic link reports its target's type plus `FileType.SymbolicLink`. */
  readDirectory(path: string): Promise<ReadonlyArray<readonly [name: string, type: FileType]>>;
  /** Canonical path, used to walk each real directory once (symlink loops). Optional. */
  realpath?(path: string): Promise<string>;
}

/** Errors that mean "the file is gone", e.g. deleted while being indexed. */
export function isNotFound(e: unknown): boolean {
  const code = (e as { code?: string } | undefined)?.code;
  return code === 'ENOENT' || code === 'FileNotFound' || code === 'ENOTDIR';
}
