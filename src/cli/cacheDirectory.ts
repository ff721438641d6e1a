// The CLI's per-user cache folder: compiled code (src/cli/launcher.ts) and parsed rule files (src/cli/ruleCache.ts).
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
