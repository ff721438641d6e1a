// The CLI's per-user cache folder: compiled code (src/cli/launcher.ts) and parsed rule files (src/cli/ruleCache.ts),
// and the one way both write into it.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The folder for the CLI's caches, or undefined when caching is off: RUNBOOK_COMPILE_CACHE, else $XDG_CACHE_HOME or
 * ~/.cache (%LOCALAPPDATA% on Windows), then incident-runbooks/cli. RUNBOOK_DISABLE_COMPILE_CACHE=1 (or
 * NODE_DISABLE_COMPILE_CACHE=1) turns caching off.
 */
export function cacheDirectory(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform, home = os.homedir()): string | undefined {
  if (env.RUNBOOK_DISABLE_COMPILE_CACHE === '1' || env.NODE_DISABLE_COMPILE_CACHE === '1') {
    return undefined;
  }
  if (env.RUNBOOK_COMPILE_CACHE) {
    return path.resolve(env.RUNBOOK_COMPILE_CACHE);
  }
  const base = platform === 'win32' ? env.LOCALAPPDATA : env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : home ? path.join(home, '.cache') : undefined;
  return base ? path.join(base, 'incident-runbooks', 'cli') : undefined;
}

/**
 * Write a cache file whole or not at all: through a temporary file (concurrent runs never read half a file), created
 * exclusively after whatever was left at its name is removed (never written through a file or link already there),
 * folder 0700 and file 0600 when created. False when it could not be written: a cache is an optimisation, never an
 * error.
 */
export function writeCacheFile(file: string, data: string | Uint8Array): boolean {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    rmSync(tmp, { force: true });
    writeFileSync(tmp, data, { mode: 0o600, flag: 'wx' });
    renameSync(tmp, file);
    return true;
  } catch {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // nothing more to do
    }
    return false;
  }
}
