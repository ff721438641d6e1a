// The CLI's one way to write a file it changes: whole or not at all (a temporary file beside it, renamed over it, so
// a reader never sees half a file), keeping the file's permission bits, and, when asked, only if nobody changed the
// file meanwhile. (The extension writes through VS Code: WorkspaceEdit and workspace.fs.)
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * The permission bits a rewritten file keeps: read, write and execute for owner, group and others. Not setuid,
 * setgid or sticky: a rewrite does not carry those (the kernel clears setuid and setgid when a file is written).
 */
export const KEPT_MODE_BITS = 0o777;

/**
 * Write `data` to `file` through a temporary file renamed over it. An existing file keeps its permission bits (as
 * they were, whatever the umask); a new one gets the default mode. The temporary file never stays behind.
 */
export async function writeAtomically(file: string, data: string | Uint8Array): Promise<void> {
  await write(file, data, undefined);
}

/** Replace `file` with `data` as writeAtomically does, unless it no longer holds `expected` (edited meanwhile): then false. */
export async function replaceIfUnchanged(file: string, expected: Uint8Array, data: string | Uint8Array): Promise<boolean> {
  const unchanged = async () => Buffer.from(expected).equals(await fs.readFile(file));
  return (await unchanged()) && write(file, data, unchanged);
}

/** `beforeRename`: asked just before the new content replaces the file; false leaves the file as it is. */
async function write(file: string, data: string | Uint8Array, beforeRename: (() => Promise<boolean>) | undefined): Promise<boolean> {
  const mode = await fs.stat(file).then((s) => s.mode & KEPT_MODE_BITS, () => undefined);
  // Loaded here, not with the module: every command loads this module, few write, and crypto costs milliseconds.
  // (`require`, not `import()`: the CLI bundle runs as a vm.Script, which has no dynamic import.)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { randomBytes } = require('node:crypto') as typeof import('node:crypto');
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await fs.writeFile(tmp, data, { flag: 'wx', ...(mode === undefined ? {} : { mode }) });
    if (mode !== undefined) {
      await fs.chmod(tmp, mode); // the umask applied when it was created
    }
    if (beforeRename && !(await beforeRename())) {
      return false;
    }
    await fs.rename(tmp, file);
    return true;
  } finally {
    await fs.rm(tmp, { force: true });
  }
}
