// The `runbook` executable (dist/cli.js): loads the CLI bundle (dist/cli-main.js) with V8's code cache, so that a run
// does not compile the same megabyte of JavaScript again. Node 22 has `module.enableCompileCache()`; Node 20 does not,
// so this does what it does: the first run of a command compiles as usual and, on exit, saves the compiled code
// (functions that ran included) to a per-user cache folder; later runs start from it, and a run at least twice as
// long as the one that wrote it (the whole repository after a small folder) writes it again. V8 checks the data
// against its own version and flags and the source; data it rejects is rewritten. Without a writable folder it just
// compiles.
//
//   RUNBOOK_COMPILE_CACHE=<dir>     the cache folder (default: $XDG_CACHE_HOME or ~/.cache, then incident-runbooks/cli;
//                                   %LOCALAPPDATA% on Windows)
//   RUNBOOK_DISABLE_COMPILE_CACHE=1 (or NODE_DISABLE_COMPILE_CACHE=1) no cache
import { isAscii } from 'node:buffer';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { cacheDirectory, writeCacheFile } from './cacheDirectory';

export { cacheDirectory } from './cacheDirectory';

/** Commands with a cache of their own (each compiles different functions); anything else shares one. */
const COMMANDS = new Set(['lint', 'index', 'alerts', 'show', 'resolve', 'steps', 'run', 'postmortem', 'drill']);

/**
 * The cache file for this bundle, Node and command. V8 only checks the source's length, so the key holds what
 * changes when the bundle does (size, modification time) as well as Node's version and the architecture.
 */
export function cacheFileName(bundle: { size: number; mtimeMs: number }, command: string | undefined, nodeVersion = process.version, arch = process.arch): string {
  const cmd = command !== undefined && COMMANDS.has(command) ? command : 'other';
  return `${cmd}-${bundle.size}-${Math.floor(bundle.mtimeMs)}-${nodeVersion}-${arch}.cache`;
}

/**
 * A cache file is a header and V8's data. The header holds how long the run that wrote it took: V8 only caches the
 * functions that ran, so a cache written by a short run (a small folder) leaves a long run (the whole repository)
 * compiling the rest at every start. A run at least `REWRITE_RATIO` times as long, and `REWRITE_AFTER_MS` or more,
 * writes it again (which costs it a few milliseconds); the rest read it as it is.
 */
const MAGIC = 0x31434252; // "RBC1"
const HEADER_BYTES = 8;
const REWRITE_AFTER_MS = 250;
const REWRITE_RATIO = 2;

/** Should a run of `ranMs` rewrite a cache written by a run of `cachedMs`? */
export function outgrows(ranMs: number, cachedMs: number): boolean {
  return ranMs >= REWRITE_AFTER_MS && ranMs >= REWRITE_RATIO * cachedMs;
}

/** Run the CommonJS file `file` as `require` would, with cached code from `dir` when there is usable cache. */
export function runWithCodeCache(file: string, dir: string | undefined, command: string | undefined): void {
  // The bundle is written in ASCII (scripts/build.mjs): read as Latin-1, it is copied, not decoded and validated.
  const bytes = readFileSync(file);
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  let cacheFile: string | undefined;
  let cached: { data: Buffer; ms: number } | undefined;
  if (dir) {
    try {
      cacheFile = path.join(dir, cacheFileName(statSync(file), command));
      const raw = readFileSync(cacheFile);
      cached = raw.length > HEADER_BYTES && raw.readUInt32LE(0) === MAGIC ? { data: raw.subarray(HEADER_BYTES), ms: raw.readUInt32LE(4) } : undefined;
    } catch {
      cached = undefined; // none yet (or unreadable): compiled as usual, saved on exit
    }
  }
  const script = new vm.Script(Module.wrap(source.startsWith('#!') ? `//${source.slice(2)}` : source), { filename: file, cachedData: cached?.data });
  if (cacheFile) {
    const target = cacheFile;
    const rewrite = cached === undefined || script.cachedDataRejected === true;
    // On exit: the functions that ran are compiled by then, and so are in the data.
    process.once('exit', () => {
      const ms = performance.now();
      if (rewrite || outgrows(ms, cached!.ms)) {
        saveCache(script, target, ms);
      }
    });
  }
  const mod = new Module(file, require.main);
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  wrapper.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
}

/** Write the cache (writeCacheFile: whole or not at all); drop this command's stale ones. */
function saveCache(script: vm.Script, file: string, ms: number): void {
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32LE(MAGIC, 0);
  header.writeUInt32LE(Math.min(Math.round(ms), 0xffffffff), 4);
  if (!writeCacheFile(file, Buffer.concat([header, script.createCachedData()]))) {
    return;
  }
  try {
    const dir = path.dirname(file);
    const prefix = path.basename(file).slice(0, path.basename(file).indexOf('-') + 1);
    for (const f of readdirSync(dir)) {
      if (f.startsWith(prefix) && f.endsWith('.cache') && f !== path.basename(file)) {
        rmSync(path.join(dir, f), { force: true });
      }
    }
  } catch {
    // stale files stay until the next write
  }
}

if (require.main === module) {
  runWithCodeCache(path.join(__dirname, 'cli-main.js'), cacheDirectory(process.env), process.argv[2]);
}
