// `npm run bench`: index a synthetic 10k-runbook corpus and compare with reading + parsing it with plain markdown-it.
// Not a test: it prints numbers against targets and never fails on them. See bench/README.md.
import { spawnSync } from 'node:child_process';
import { existsSync, promises as fsp, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import MarkdownIt from 'markdown-it';
import { discoverRunbooks } from '../src/core/discover';
import { createMatcher } from '../src/core/glob';
import { findFrontMatter, parseFrontMatter } from '../src/core/frontMatter';
import { parseRunbook } from '../src/core/parse';
import { indexFiles, RunbookIndex } from '../src/core/runbookIndex';
import { decodeText } from '../src/core/text';
import { nodeFileSystem, toCorePath } from '../src/cli/nodeFileSystem';
import { HOST_SLICE_BUDGET_MS } from '../src/extension/util/pace';
import { activationBench } from './activation';
import { alertsBench } from './alerts';
import { hostileBench, printHostile } from './hostile';
import { lintBench } from './lint';
import { realworldBench } from './realworld';
import { lensBench, riskBench } from './run';
import { hostColdIndex, hostJobs, type Slices } from './slices';
import { cleanCorpora, CORPUS_VERSION, ensureCorpus, Rng, SERVICES, type CorpusInfo } from './corpus';

const CONCURRENCY = 16; // indexFiles' default; the baseline reads with the same
const ROUNDS = 3;
/** Runbooks the "Lint Workspace" slice figure lints (every rule, 5,000 alerting rules loaded): enough for its slices. */
const LINT_SLICE_FILES = 1000;
const WARMUP_FILES = 1000;
const UPDATE_SAMPLES = 500;
const LOOKUPS = 10_000;

interface Result {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** Pass when value <= max or >= min; no bound = informational. */
  readonly max?: number;
  readonly min?: number;
  readonly note?: string;
}

const log = (s: string) => process.stderr.write(`${s}\n`);
const gc = () => (globalThis as { gc?: () => void }).gc!();

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string) => args.includes(name);
  const option = (name: string, dflt: number) => {
    const a = args.find((x) => x.startsWith(`${name}=`));
    return a ? Number(a.slice(name.length + 1)) : dflt;
  };
  if (flag('--clean')) {
    const removed = cleanCorpora();
    log(removed.length ? `removed ${removed.join(', ')}` : 'no benchmark corpus to remove');
    return;
  }
  if (!(globalThis as { gc?: unknown }).gc) {
    // Heap numbers need a forced GC: run again with --expose-gc.
    const r = spawnSync(process.execPath, ['--expose-gc', ...process.execArgv, process.argv[1], ...args], { stdio: 'inherit' });
    process.exitCode = r.status ?? 1;
    return;
  }
  const json = flag('--json');
  if (flag('--hostile')) {
    log('hostile inputs…');
    const hostile = hostileBench(log);
    if (json) {
      process.stdout.write(`${JSON.stringify({ hostile }, null, 2)}\n`);
    } else {
      printHostile(hostile);
    }
    return;
  }
  const seed = option('--seed', 1);
  const rounds = option('--rounds', ROUNDS);
  const indexOnly = flag('--index-only');
  const count = option('--files', 10_000);
  if (!Number.isInteger(seed) || !Number.isInteger(count) || count < 1) {
    throw new Error('usage: bench [--json] [--breakdown] [--clean] [--hostile] [--index-only] [--files=N] [--seed=N] [--rounds=N]');
  }

  log(`corpus: ${count} runbooks, seed ${seed}…`);
  const corpus = ensureCorpus(seed, count);
  log(corpus.generatedMs ? `  generated in ${(corpus.generatedMs / 1000).toFixed(1)} s: ${corpus.root}` : `  reused ${corpus.root}`);

  const root = toCorePath(corpus.root);
  const matcher = createMatcher();
  const discover = () => discoverRunbooks(nodeFileSystem, root, matcher);
  // Returns timings only: an index left in main's (suspended, async) frame would stay alive and skew the heap figure.
  const ours = async (paths?: readonly string[]) => {
    const t0 = performance.now();
    const files = paths ?? (await discover());
    const tDiscover = performance.now() - t0;
    const index = new RunbookIndex();
    await indexFiles(index, nodeFileSystem, files, CONCURRENCY);
    if (index.size !== files.length) {
      throw new Error(`indexed ${index.size} of ${files.length} runbooks`);
    }
    return { ms: performance.now() - t0, discoverMs: tDiscover };
  };
  const md = new MarkdownIt();
  const baseline = async (files: readonly string[]) => {
    const t0 = performance.now();
    let next = 0;
    let tokens = 0;
    const worker = async () => {
      while (next < files.length) {
        const text = await fsp.readFile(files[next++], 'utf8');
        tokens += md.parse(text, {}).length;
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, files.length) }, worker));
    return { ms: performance.now() - t0, tokens };
  };

  const paths = await discover();
  if (paths.length !== count) {
    throw new Error(`discovered ${paths.length} runbooks, expected ${count}`);
  }
  if (flag('--breakdown')) {
    return breakdown(paths, md, json);
  }

  // Warm up both sides' JIT on the same subset, then alternate full runs and keep the best of each.
  log('warming up…');
  const subset = paths.slice(0, WARMUP_FILES);
  for (let i = 0; i < 2; i++) {
    await ours(subset);
    await hostColdIndex(subset, CONCURRENCY);
    await baseline(subset);
  }
  let best = { ms: Infinity, discoverMs: Infinity };
  let bestBase = Infinity;
  const oursRuns: number[] = [];
  const baseRuns: number[] = [];
  // The extension host's cold index (async reads, paced): best time, and the worst slices of any round.
  const hostRuns: number[] = [];
  let hostSlices: Slices | undefined;
  for (let round = 0; round < rounds; round++) {
    for (const side of round % 2 ? ['baseline', 'host', 'ours'] : ['ours', 'host', 'baseline']) {
      gc(); // no garbage from the previous run weighs on this one
      if (side === 'host') {
        const { slices } = await hostColdIndex(paths, CONCURRENCY);
        hostRuns.push(slices.ms);
        hostSlices = worse(hostSlices, slices);
      } else if (side === 'ours') {
        const r = await ours();
        oursRuns.push(r.ms);
        if (r.ms < best.ms) {
          best = r;
        }
      } else {
        const r = await baseline(paths);
        baseRuns.push(r.ms);
        bestBase = Math.min(bestBase, r.ms);
      }
    }
    log(`  round ${round + 1}: ours ${oursRuns[round].toFixed(0)} ms, host ${hostRuns[round].toFixed(0)} ms, baseline ${baseRuns[round].toFixed(0)} ms`);
  }

  // Heap retained with one full index alive, after a full GC; and what it adds to the heap before any indexing.
  gc();
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const index = new RunbookIndex();
  await indexFiles(index, nodeFileSystem, paths, CONCURRENCY);
  gc();
  gc();
  const heapAfter = process.memoryUsage().heapUsed;

  const MB = 1024 * 1024;
  const bestHost = Math.min(...hostRuns);
  const slice = (name: string, x: Slices, note = ''): Result => ({
    name: `longest slice: ${name}`, value: x.longest, unit: 'ms', max: 50,
    note: `p99 ${fmt(x.p99)} ms; CPU: longest ${fmt(x.longestCpu)}, p99 ${fmt(x.p99Cpu)} ms; ${x.yields} yields${note}`,
  });
  const indexResults: Result[] = [
    { name: 'cold index (discover+read+parse+index)', value: best.ms, unit: 'ms', note: `best of ${rounds}: ${fmtList(oursRuns)}; discover ${best.discoverMs.toFixed(0)} ms; the CLI's path (synchronous reads, unpaced)` },
    { name: 'baseline (readFile + markdown-it parse)', value: bestBase, unit: 'ms', note: `best of ${rounds}: ${fmtList(baseRuns)}` },
    { name: 'ratio ours / baseline', value: best.ms / bestBase, unit: '×', max: 1.3 },
    { name: 'extension host cold index (async reads, paced)', value: bestHost, unit: 'ms', note: `best of ${rounds}: ${fmtList(hostRuns)}; the same paths, read ahead 16 at a time, yielding every ${HOST_SLICE_BUDGET_MS} ms` },
    { name: 'ratio host / baseline', value: bestHost / bestBase, unit: '×', max: 1.3 },
    { name: 'throughput', value: count / (best.ms / 1000), unit: 'runbooks/s', min: 3000 },
    { name: 'heap after indexing (index alive)', value: heapAfter / MB, unit: 'MB', max: count > 10_000 ? 300 : 60, note: `index adds ${((heapAfter - heapBefore) / MB).toFixed(1)} MB` },
    slice('cold index (host)', hostSlices!, ', worst of the rounds'),
  ];
  log('extension host jobs (resolver, workspace lint)…');
  const jobs = await hostJobs(index, root, paths, corpus.alerts, seed, LINT_SLICE_FILES);
  indexResults.push(
    slice('resolver tables (host)', jobs.resolver, `; ${fmt(jobs.resolver.ms)} ms in all`),
    slice('cross-file lint after indexing (host)', jobs.crossFile, `; ${fmt(jobs.crossFile.ms)} ms in all, ${jobs.crossFindings} findings`),
    slice(`Lint Workspace, ${Math.min(LINT_SLICE_FILES, paths.length)} runbooks (host)`, jobs.lintAll, `; ${fmt(jobs.lintAll.ms)} ms in all, 5,000 rules loaded`),
  );
  const all = [hostSlices!, jobs.resolver, jobs.crossFile, jobs.lintAll];
  indexResults.push({ name: 'longest slice, every host job', value: Math.max(...all.map((x) => x.longest)), unit: 'ms', max: 50, note: `p99 (worst job) ${fmt(Math.max(...all.map((x) => x.p99)))} ms; CPU longest ${fmt(Math.max(...all.map((x) => x.longestCpu)))} ms` });
  if (indexOnly) {
    const env = envOf(corpus, seed, count);
    if (json) {
      process.stdout.write(`${JSON.stringify({ env, results: indexResults.map((r) => ({ ...r, pass: pass(r) ?? null })) }, null, 2)}\n`);
    } else {
      printTable(indexResults, env, { note: 'not run (--index-only)' });
    }
    return;
  }

  log('incremental updates…');
  const updates = await incrementalUpdates(index, paths, seed);
  log('lookups…');
  const lookups = alertLookups(index, corpus, seed);
  const search = titleSearch(index);
  log('alerts and rule files…');
  const alerting = alertsBench(index, root, paths, corpus.alerts, seed);
  const lenses = lensBench();
  const risk = riskBench();
  log('lint…');
  const linting = await lintBench(index, paths);
  const lint = markdownlint(corpus.root);
  log('bundles and activation…');
  const act = activationBench();
  log('hostile inputs…');
  const hostile = hostileBench(log);

  const results: Result[] = [
    ...indexResults,
    { name: 'incremental update p50', value: updates.p50, unit: 'ms' },
    { name: 'incremental update p95', value: updates.p95, unit: 'ms', max: 5, note: `${UPDATE_SAMPLES} samples, max ${updates.max.toFixed(2)} ms` },
    { name: 'findByAlert mean', value: lookups.mean, unit: 'µs', note: `exact ${lookups.exact.toFixed(1)} / glob ${lookups.glob.toFixed(1)} / missing ${lookups.missing.toFixed(1)} µs; ${lookups.globs} globs` },
    { name: 'search mean', value: search.mean, unit: 'ms', note: `${search.queries} queries, avg ${search.hits.toFixed(0)} hits` },
    { name: `rule files: parse ${alerting.alerts} alerts`, value: alerting.parseMs, unit: 'ms', note: `${alerting.files} files, ${alerting.rules} rules` },
    { name: 'resolver tables after indexing', value: alerting.prepareMs, unit: 'ms', note: 'built when the index is ready, then kept in step with it' },
    { name: `resolve all ${alerting.alerts} alerts`, value: alerting.resolveMs, unit: 'ms', max: 10, note: `median of ${alerting.passes} passes (best ${alerting.bestMs.toFixed(1)} ms) after the first, ${alerting.firstMs.toFixed(1)} ms; ${alerting.covered} resolve` },
  ];
  results.push({ name: 'run CodeLenses, 500-step runbook p95', value: lenses.p95, unit: 'ms', max: 5, note: `p50 ${lenses.p50.toFixed(2)} ms, ${lenses.lines} lines` });
  results.push({ name: 'risk of a 240 KB command line', value: risk.line, unit: 'ms', max: 100, note: `half the size ${risk.half.toFixed(1)} ms; 240 KB heredoc ${risk.heredoc.toFixed(1)} ms; 50k nested $( ${risk.nested.toFixed(1)} ms; 10k lines ${risk.lines.toFixed(1)} ms` });
  results.push({ name: 'lint all runbooks (all rules)', value: linting.ms, unit: 'ms', note: `${linting.filesPerSecond.toFixed(0)} files/s, ${linting.findings} findings` });
  results.push({ name: `editor lint of a ${linting.bigLines}-line runbook p95`, value: linting.editorP95, unit: 'ms', max: 10, note: `p50 ${linting.editorP50.toFixed(2)} ms` });
  if (lint.ms !== undefined) {
    results.push({ name: 'markdownlint-cli2 (same files)', value: lint.ms, unit: 'ms', note: lint.note });
    // Our side pays for indexing too (cross-file rules need it), as `runbook lint` does.
    results.push({ name: 'ratio (index + lint) / markdownlint-cli2', value: (best.ms + linting.ms) / lint.ms, unit: '×', max: 0.5 });
  }

  for (const r of realworldBench(log) ?? []) {
    results.push({ name: `real repo ${r.repo}: lint / markdownlint-cli2`, value: r.ratio, unit: '×', max: 0.3, note: `${r.files} files; ${r.lintMs.toFixed(0)} vs ${r.markdownlintMs.toFixed(0)} ms, median of 5 paired runs' ratios (dist/cli.js, cross-file rules on, caches written by a first run; without the rule cache ${r.uncachedMs.toFixed(0)} ms, ${(r.uncachedMs / r.markdownlintMs).toFixed(2)}×)` });
  }

  const KB = 1024;
  results.push({ name: 'activation: load the entry + activate()', value: act.activationMs, unit: 'ms', max: 50, note: `median of fresh Node processes, stand-in vscode API; loading the entry ${act.loadMs.toFixed(1)} ms` });
  results.push({ name: 'then load main.js (compile + evaluate)', value: act.mainMs, unit: 'ms', note: 'after activate() returns; the real host\'s figures: integration suite output' });
  results.push({ name: 'bundle: extension.js (entry)', value: act.bytes.extension / KB, unit: 'KB', note: 'production (minified)' });
  results.push({ name: 'bundle: main.js (extension)', value: act.bytes.main / KB, unit: 'KB' });
  results.push({ name: 'bundle: cli.js + cli-main.js (runbook CLI)', value: act.bytes.cli / KB, unit: 'KB' });
  if (act.bytes.vsix !== undefined) {
    results.push({ name: '.vsix (last npm run package)', value: act.bytes.vsix / KB, unit: 'KB', max: 1024 });
  }

  const env = envOf(corpus, seed, count);
  if (json) {
    process.stdout.write(`${JSON.stringify({ env, markdownlint: lint.ms === undefined ? lint.note : undefined, results: results.map((r) => ({ ...r, pass: pass(r) ?? null })), hostile }, null, 2)}\n`);
  } else {
    printTable(results, env, lint);
    printHostile(hostile);
  }
}

function envOf(corpus: CorpusInfo, seed: number, count: number) {
  return {
    node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model, load: os.loadavg()[0], corpus: {
      root: corpus.root, version: CORPUS_VERSION, seed, files: count, mb: +(corpus.bytes / (1024 * 1024)).toFixed(1),
      minBytes: corpus.minBytes, maxBytes: corpus.maxBytes,
    },
  };
}

/** The worse of two measures of the same job (longest and p99 slices), for a figure over several rounds. */
function worse(a: Slices | undefined, b: Slices): Slices {
  return !a ? b : {
    ms: Math.min(a.ms, b.ms), longest: Math.max(a.longest, b.longest), p99: Math.max(a.p99, b.p99),
    longestCpu: Math.max(a.longestCpu, b.longestCpu), p99Cpu: Math.max(a.p99Cpu, b.p99Cpu), yields: Math.max(a.yields, b.yields),
  };
}

/** `--breakdown`: CPU time of each phase over the files already in memory (no I/O), best of 3, to see where time goes. */
function breakdown(paths: readonly string[], md: MarkdownIt, json: boolean): void {
  const bytes = paths.map((p) => readFileSync(p));
  const texts = bytes.map((b) => b.toString('utf8'));
  const phases: Record<string, () => void> = {
    'decodeText (TextDecoder + NUL scan)': () => bytes.forEach((b) => decodeText(b)),
    'front matter (findFrontMatter + parseFrontMatter)': () => texts.forEach((t) => {
      const block = findFrontMatter(t);
      if (block) {
        parseFrontMatter(block, []);
      }
    }),
    'parseRunbook (front matter + markdown + model)': () => texts.forEach((t, i) => parseRunbook(paths[i], t)),
    'index.set (decode + parseRunbook + summarize + index)': () => {
      const index = new RunbookIndex();
      bytes.forEach((b, i) => index.set(paths[i], b));
    },
    'baseline: markdown-it default parse': () => texts.forEach((t) => md.parse(t, {})),
  };
  const best: Record<string, number> = {};
  for (let round = 0; round <= ROUNDS; round++) { // round 0 warms up
    for (const [name, run] of Object.entries(phases)) {
      gc();
      const t0 = performance.now();
      run();
      if (round > 0) {
        best[name] = Math.min(best[name] ?? Infinity, performance.now() - t0);
      }
    }
  }
  if (json) {
    process.stdout.write(`${JSON.stringify({ files: paths.length, ms: best }, null, 2)}\n`);
    return;
  }
  console.log(`\nCPU per phase over ${paths.length} files in memory (best of ${ROUNDS}):\n`);
  for (const [name, ms] of Object.entries(best)) {
    console.log(`${fmt(ms).padStart(8)} ms  ${name}`);
  }
}

async function incrementalUpdates(index: RunbookIndex, paths: readonly string[], seed: number) {
  const rng = new Rng(seed + 1);
  const samples: number[] = [];
  for (let i = 0; i < UPDATE_SAMPLES; i++) {
    const file = paths[Math.floor(rng.next() * paths.length)];
    const original = readFileSync(file);
    writeFileSync(file, original.toString('utf8').replace('title: "', `title: "Edited ${i} `));
    try {
      const t0 = performance.now();
      const bytes = await nodeFileSystem.readFile(file);
      index.set(file, bytes);
      samples.push(performance.now() - t0);
    } finally {
      writeFileSync(file, original); // the corpus stays as generated
    }
  }
  samples.sort((a, b) => a - b);
  const q = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))];
  return { p50: q(0.5), p95: q(0.95), max: samples[samples.length - 1] };
}

function alertLookups(index: RunbookIndex, corpus: CorpusInfo, seed: number) {
  const rng = new Rng(seed + 2);
  const exact = corpus.alerts.filter((a) => !/[*?]/.test(a));
  const globs = corpus.alerts.length - exact.length;
  const camel = (s: string) => s.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  // Names no runbook lists but that a `<Service>*` or `<Service>High*` glob may match.
  const globbed = SERVICES.map((s) => `${camel(s)}HighSomethingNew`);
  const kinds = { exact: [] as string[], glob: [] as string[], missing: [] as string[] };
  for (let i = 0; i < LOOKUPS; i++) {
    const k = i % 3;
    if (k === 0) {
      kinds.exact.push(rng.pick(exact));
    } else if (k === 1) {
      kinds.glob.push(rng.pick(globbed));
    } else {
      kinds.missing.push(`NoSuchAlert${rng.int(0, 1_000_000)}`);
    }
  }
  const time = (names: string[]) => {
    const t0 = performance.now();
    for (const n of names) {
      index.findByAlert(n);
    }
    return performance.now() - t0;
  };
  for (const names of Object.values(kinds)) {
    time(names.slice(0, 300)); // warm up
  }
  const t = { exact: time(kinds.exact), glob: time(kinds.glob), missing: time(kinds.missing) };
  const us = (ms: number, n: number) => (ms * 1000) / n;
  return {
    mean: us(t.exact + t.glob + t.missing, LOOKUPS),
    exact: us(t.exact, kinds.exact.length), glob: us(t.glob, kinds.glob.length), missing: us(t.missing, kinds.missing.length),
    globs,
  };
}

function titleSearch(index: RunbookIndex) {
  const queries = ['error rate', 'checkout', 'latency', 'crash', 'disk full', 'payments high', 'cert', 'kafka lag',
    'eu region', 'slo burn', 'oom', 'backup', 'zzz-no-match', 'api', 'p', 'dns'];
  for (const q of queries) {
    index.search(q); // warm up
  }
  let hits = 0;
  const reps = 5;
  const t0 = performance.now();
  for (let r = 0; r < reps; r++) {
    for (const q of queries) {
      hits += index.search(q).length;
    }
  }
  return { mean: (performance.now() - t0) / (reps * queries.length), queries: queries.length, hits: hits / (reps * queries.length) };
}

/** Time markdownlint-cli2 over the same files, if it is installed (project devDependency or MARKDOWNLINT_CLI2=<its bin>). */
function markdownlint(root: string): { ms?: number; note: string } {
  let bin = process.env.MARKDOWNLINT_CLI2;
  if (!bin) {
    try {
      // Its package.json is not exported: find the package folder from its main module.
      const dir = path.dirname(require.resolve('markdownlint-cli2')).replace(/(node_modules[\\/]markdownlint-cli2)[\\/].*$/, '$1');
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { bin: Record<string, string> };
      bin = path.join(dir, pkg.bin['markdownlint-cli2']);
    } catch {
      return { note: 'skipped: markdownlint-cli2 is not installed (see bench/README.md)' };
    }
  }
  if (!existsSync(bin)) {
    return { note: `skipped: ${bin} not found` };
  }
  log('markdownlint-cli2…');
  const t0 = performance.now();
  // Exit code 1 = lint errors found, which is expected; its report goes to stderr and is dropped.
  const r = spawnSync(process.execPath, [bin, 'services/**/runbooks/**/*.md', '#**/_index.md'], { cwd: root, stdio: 'ignore' });
  const ms = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) {
    return { note: `skipped: markdownlint-cli2 exited with ${r.status ?? r.signal}` };
  }
  return { ms, note: 'one cold run (a separate process, default rules)' };
}

function pass(r: Result): boolean | undefined {
  if (r.max !== undefined) {
    return r.value <= r.max;
  }
  if (r.min !== undefined) {
    return r.value >= r.min;
  }
  return undefined;
}

function fmt(v: number): string {
  return v >= 100 ? Math.round(v).toLocaleString('en-US') : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

function fmtList(xs: number[]): string {
  return xs.map((x) => x.toFixed(0)).join(', ');
}

function printTable(results: Result[], env: { node: string; cpus: number; cpu?: string; load: number; corpus: { files: number; mb: number; minBytes: number; maxBytes: number } }, lint: { ms?: number; note: string }): void {
  const rows = results.map((r) => {
    const ok = pass(r);
    return [
      r.name,
      `${fmt(r.value)} ${r.unit}`,
      r.max !== undefined ? `≤ ${fmt(r.max)} ${r.unit}` : r.min !== undefined ? `≥ ${fmt(r.min)} ${r.unit}` : '—',
      ok === undefined ? ' ' : ok ? '✓' : '✗',
      r.note ?? '',
    ];
  });
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((row) => row[c].length), 6));
  const line = (cells: string[]) => cells.map((c, i) => (i < 4 ? (i === 1 || i === 2 ? c.padStart(widths[i]) : c.padEnd(widths[i])) : c)).join('  ').trimEnd();
  const c = env.corpus;
  console.log(`\nnode ${env.node}, ${env.cpus} × ${env.cpu ?? 'cpu'} (load average ${env.load.toFixed(1)}); ${c.files} runbooks, ${c.mb} MB (${(c.minBytes / 1024).toFixed(1)}–${(c.maxBytes / 1024).toFixed(1)} KB each)\n`);
  console.log(line(['metric', 'value', 'target', 'ok', 'note']));
  console.log(line(widths.map((w) => '-'.repeat(w)).concat('----')));
  rows.forEach((row) => console.log(line(row)));
  if (lint.ms === undefined) {
    console.log(`\nmarkdownlint-cli2: ${lint.note}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
