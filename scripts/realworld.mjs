// `npm run realworld`: the `runbook` CLI over real runbook repositories, the way a new user runs it (no options, from
// the repository's root), with per-repository counts. Not a test and not part of CI: the repositories are whatever
// folders are in $REALWORLD_DIR (default /tmp/realrepos), e.g. public runbook repositories checked out by hand.
//
//   npm run realworld                          # build first (tsc + scripts/build.mjs), then one row per repository
//   npm run -s realworld -- --json             # the same as JSON
//   npm run -s realworld -- --findings=RB101   # also print the first findings of a rule, per repository
//   npm run -s realworld -- --no-markdownlint  # skip the markdownlint-cli2 timing
//
// Columns: runbooks found by `runbook index`; alerts with a runbook / alerts in the rule files (`runbook alerts`);
// dangling runbook_urls; lint findings (errors/warnings/info) and the top rules; steps that would ask for
// confirmation; the time of `runbook lint`; markdownlint-cli2's time over the same files and the ratio.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');
const cli = path.join(repoRoot, 'dist', 'cli.js');
const require = createRequire(import.meta.url);

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const dir = path.resolve(option('dir') ?? process.env.REALWORLD_DIR ?? '/tmp/realrepos');
const showRule = option('findings');

if (!existsSync(cli)) {
  process.stderr.write('realworld: build first (npx tsc -p . && node scripts/build.mjs)\n');
  process.exit(2);
}
if (!existsSync(dir)) {
  process.stderr.write(`realworld: no folder ${dir} (put repositories there, or set REALWORLD_DIR)\n`);
  process.exit(2);
}

function runCli(cwd, argv) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, ...argv], { cwd, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  return { ms: performance.now() - t0, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(r, what) {
  try {
    return JSON.parse(r.stdout);
  } catch {
    process.stderr.write(`realworld: ${what}: no JSON (exit ${r.status}): ${r.stderr.slice(0, 300)}\n`);
    return undefined;
  }
}

/** Steps that `runbook run` would confirm, from the compiled core (out/, from `tsc -p .`), if it is there. */
function confirmCounter() {
  try {
    const { parseRunbook } = require(path.join(repoRoot, 'out/src/core/parse.js'));
    const { commandText } = require(path.join(repoRoot, 'out/src/core/run/commands.js'));
    const { needsConfirmation } = require(path.join(repoRoot, 'out/src/core/run/danger.js'));
    return (file) => {
      const rb = parseRunbook(file, readFileSync(file, 'utf8'));
      let steps = 0;
      let confirm = 0;
      for (const s of rb.steps) {
        steps++;
        if (needsConfirmation(s, commandText(s)).confirm) {
          confirm++;
        }
      }
      return { steps, confirm };
    };
  } catch {
    return undefined;
  }
}

function markdownlintBin() {
  try {
    const d = path.dirname(require.resolve('markdownlint-cli2')).replace(/(node_modules[\\/]markdownlint-cli2)[\\/].*$/, '$1');
    const pkg = JSON.parse(readFileSync(path.join(d, 'package.json'), 'utf8'));
    return path.join(d, pkg.bin['markdownlint-cli2']);
  } catch {
    return undefined;
  }
}

/** markdownlint-cli2 over exactly the files `runbook lint` linted (default rules but MD013), one cold run. */
function markdownlint(bin, cwd, files) {
  if (!files.length) {
    return undefined;
  }
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'realworld-mdl-'));
  const cfg = path.join(tmp, '.markdownlint-cli2.jsonc');
  writeFileSync(cfg, JSON.stringify({ config: { default: true, MD013: false }, noInlineConfig: false }));
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [bin, '--config', cfg, ...files.map((f) => `:${f}`)], { cwd, stdio: 'ignore' });
  const ms = performance.now() - t0;
  rmSync(tmp, { recursive: true, force: true });
  return r.status === 0 || r.status === 1 ? ms : undefined;
}

const count = confirmCounter();
const mdl = flag('no-markdownlint') ? undefined : markdownlintBin();
const repos = readdirSync(dir).filter((n) => statSync(path.join(dir, n)).isDirectory()).sort();
const rows = [];
for (const name of repos) {
  const cwd = path.join(dir, name);
  process.stderr.write(`${name}…\n`);
  const index = json(runCli(cwd, ['index', '--json']), `${name}: index`);
  const alerts = json(runCli(cwd, ['alerts', '--json']), `${name}: alerts`);
  const lintRun = runCli(cwd, ['lint', '--format', 'json']);
  const lint = json(lintRun, `${name}: lint`);
  const runbooks = index?.runbooks ?? [];
  const findings = lint?.findings ?? lint ?? [];
  const list = Array.isArray(findings) ? findings : [];
  const perRule = {};
  const bySeverity = { error: 0, warning: 0, info: 0 };
  for (const f of list) {
    perRule[f.rule ?? f.ruleId ?? '?'] = (perRule[f.rule ?? f.ruleId ?? '?'] ?? 0) + 1;
    bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
  }
  let steps = 0;
  let confirm = 0;
  if (count) {
    for (const r of runbooks) {
      try {
        const c = count(path.resolve(cwd, r.path));
        steps += c.steps;
        confirm += c.confirm;
      } catch {
        // unreadable: not counted
      }
    }
  }
  const lintedFiles = [...new Set([...runbooks.map((r) => r.path)])];
  const mdlMs = mdl ? markdownlint(mdl, cwd, lintedFiles) : undefined;
  const alertNames = alerts?.alerts ?? [];
  rows.push({
    repo: name,
    runbooks: runbooks.length,
    indexErrors: (index?.errors ?? []).length,
    alerts: alertNames.length,
    resolved: alertNames.filter((a) => a.runbooks.length).length,
    dangling: (alerts?.danglingUrls ?? []).length,
    ruleProblems: (alerts?.problems ?? []).length,
    findings: list.length,
    ...bySeverity,
    perRule,
    steps,
    confirm,
    lintExit: lintRun.status,
    lintMs: Math.round(lintRun.ms),
    markdownlintMs: mdlMs === undefined ? null : Math.round(mdlMs),
    ratio: mdlMs ? Number((lintRun.ms / mdlMs).toFixed(2)) : null,
  });
  if (showRule) {
    const hits = list.filter((f) => (f.rule ?? f.ruleId) === showRule).slice(0, 15);
    for (const f of hits) {
      process.stdout.write(`  ${name}/${f.path}:${f.line ?? f.range?.start?.line}: ${f.message}\n`);
    }
  }
}

if (flag('json')) {
  process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
} else {
  const head = ['REPOSITORY', 'RUNBOOKS', 'ALERTS OK/ALL', 'DANGLING', 'FINDINGS E/W/I', 'TOP RULES', 'CONFIRM/STEPS', 'LINT', 'MDL', 'RATIO'];
  const body = rows.map((r) => [
    r.repo,
    String(r.runbooks) + (r.indexErrors ? ` (${r.indexErrors} err)` : ''),
    `${r.resolved}/${r.alerts}`,
    String(r.dangling),
    `${r.error}/${r.warning}/${r.info}`,
    Object.entries(r.perRule).sort((a, b) => b[1] - a[1]).slice(0, 4).map(([k, v]) => `${k}:${v}`).join(' ') || '-',
    `${r.confirm}/${r.steps}`,
    `${r.lintMs} ms (exit ${r.lintExit})`,
    r.markdownlintMs === null ? '-' : `${r.markdownlintMs} ms`,
    r.ratio === null ? '-' : `${r.ratio}×`,
  ]);
  const widths = head.map((_, i) => Math.max(...[head, ...body].map((row) => row[i].length)));
  for (const row of [head, ...body]) {
    process.stdout.write(`${row.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()}\n`);
  }
}
