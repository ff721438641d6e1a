// Real repositories, if there are any: `runbook lint` (the built CLI, cross-file rules on, as a user runs it) against
// markdownlint-cli2 over the same files, per repository. The folders in $REALWORLD_DIR (default /tmp/realrepos) are
// whatever was checked out by hand (see scripts/realworld.mjs); without them, or without dist/cli.js, nothing runs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface RealRepoRatio {
  readonly repo: string;
  readonly files: number;
  readonly lintMs: number;
  readonly markdownlintMs: number;
  readonly ratio: number;
  /** `runbook lint` without the rule cache (RUNBOOK_DISABLE_RULE_CACHE=1): the first run, or every rule file changed. */
  readonly uncachedMs: number;
}

const RUNS = 5;

function findMarkdownlint(): string | undefined {
  try {
    // Its package.json is not exported: find the package folder from its main module.
    const d = path.dirname(require.resolve('markdownlint-cli2')).replace(/(node_modules[\\/]markdownlint-cli2)[\\/].*$/, '$1');
    const pkg = JSON.parse(readFileSync(path.join(d, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    return path.join(d, pkg.bin['markdownlint-cli2']);
  } catch {
    return undefined;
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timed(cwd: string, argv: string[], env: NodeJS.ProcessEnv = process.env): { ms: number; status: number | null; stdout: string } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, argv, { cwd, env, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  return { ms: performance.now() - t0, status: r.status, stdout: r.stdout };
}

/**
 * Per-repository ratios (the median of a few pairs of runs' ratios), or undefined when there is nothing to run. The CLI
 * runs as a user's second run does: with its caches (in a folder of the bench's own), written by a first run not
 * counted; its time without the rule cache is reported beside.
 */
export function realworldBench(log: (s: string) => void): RealRepoRatio[] | undefined {
  const repoRoot = path.join(__dirname, '../..'); // out/bench/ -> the repository
  const markdownlintBin = findMarkdownlint();
  const dir = path.resolve(process.env.REALWORLD_DIR ?? '/tmp/realrepos');
  const cli = path.join(repoRoot, 'dist', 'cli.js');
  if (!markdownlintBin || !existsSync(dir) || !existsSync(cli)) {
    return undefined;
  }
  const repos = readdirSync(dir).filter((n) => statSync(path.join(dir, n)).isDirectory()).sort();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-realworld-'));
  const cfg = path.join(tmp, '.markdownlint-cli2.jsonc');
  writeFileSync(cfg, JSON.stringify({ config: { default: true, MD013: false }, noInlineConfig: false }));
  const out: RealRepoRatio[] = [];
  try {
    for (const repo of repos) {
      const cwd = path.join(dir, repo);
      const index = timed(cwd, [cli, 'index', '--json']);
      let files: string[] = [];
      try {
        files = (JSON.parse(index.stdout) as { runbooks?: { path: string }[] }).runbooks?.map((r) => r.path) ?? [];
      } catch {
        continue;
      }
      if (!files.length) {
        continue;
      }
      log(`real repository ${repo}…`);
      const env = { ...process.env, RUNBOOK_COMPILE_CACHE: path.join(tmp, `cache-${repo}`) };
      const uncachedEnv = { ...env, RUNBOOK_DISABLE_RULE_CACHE: '1' };
      const lintArgv = [cli, 'lint', '--format', 'json'];
      timed(cwd, lintArgv, env); // writes the caches
      const lint: number[] = [];
      const uncached: number[] = [];
      const mdl: number[] = [];
      const ratios: number[] = [];
      // In pairs, the ratio taken pair by pair: drift of the machine's speed between runs cancels.
      for (let i = 0; i < RUNS; i++) {
        lint.push(timed(cwd, lintArgv, env).ms);
        mdl.push(timed(cwd, [markdownlintBin, '--config', cfg, ...files.map((f) => `:${f}`)]).ms);
        ratios.push(lint[i] / mdl[i]);
        uncached.push(timed(cwd, lintArgv, uncachedEnv).ms);
      }
      out.push({ repo, files: files.length, lintMs: median(lint), markdownlintMs: median(mdl), ratio: median(ratios), uncachedMs: median(uncached) });
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return out;
}
