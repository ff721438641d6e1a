// Which program runs a step: the step's own shell, looked up on the PATH of the extension host.
import { promises as fs, constants } from 'fs';
import * as path from 'path';
import type { RunShell } from '../../core/run/prepareStep';
import { posixShellName } from '../../core/run/prepareStep';

/** The programs tried for each shell, in order. */
const PROGRAMS: Readonly<Record<RunShell, readonly string[]>> = {
  sh: ['sh'],
  bash: ['bash'],
  zsh: ['zsh'],
  pwsh: ['pwsh', 'powershell'],
};

/** The full path of `program` on `PATH` (with PATHEXT on Windows), or undefined. */
export async function findOnPath(program: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean);
  const exts = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = path.join(dir, program + ext);
      try {
        await fs.access(candidate, constants.X_OK);
        if ((await fs.stat(candidate)).isFile()) {
          return candidate;
        }
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/**
 * The program for `shell`: the user's default shell when it is that shell (their own build of it), else the
 * first on PATH. Undefined when it is not installed.
 */
export async function shellPath(shell: RunShell, defaultShell: string | undefined): Promise<string | undefined> {
  if (defaultShell && shell !== 'pwsh' && posixShellName(defaultShell) === shell && path.basename(defaultShell).replace(/\.exe$/i, '') === shell) {
    return defaultShell;
  }
  for (const program of PROGRAMS[shell]) {
    const found = await findOnPath(program);
    if (found) {
      return found;
    }
  }
  return undefined;
}
