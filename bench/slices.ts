// The extension host's view of the long jobs: a cold index (async reads, as through `vscode.workspace.fs`), the
// resolver's tables, the workspace lint (cross-file rules after each index, and "Lint Workspace" over every runbook),
// each paced as the extension paces it (`hostPacer`), while Node's event-loop delay monitor (a 1 ms timer) records
// how long the loop was kept from answering: the longest synchronous slice and the p99.
import { promises as fsp } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { AlertResolver, type ResolveContext } from '../src/core/alerts/resolver';
import { DEFAULT_CONFIG } from '../src/core/lint/config';
import { lintDocument, lintWorkspacePaced, type LintEnvironment } from '../src/core/lint/engine';
import { readAhead, type FileSystem } from '../src/core/fileSystem';
import { drainPaced, SliceMeter } from '../src/core/pacer';
import { reindexFiles, RunbookIndex } from '../src/core/runbookIndex';
import { nodeFileSystem } from '../src/cli/nodeFileSystem';
import { hostPacer } from '../src/extension/util/pace';
import { benchRules } from './alerts';

/** Reads files as the extension host does: each a round trip through libuv's thread pool (no folder is walked here). */
export const asyncFileSystem: FileSystem = {
  readFile: (p) => fsp.readFile(p),
  readDirectory: (p) => nodeFileSystem.readDirectory(p),
};

export interface Slices {
  readonly ms: number;
  /** Longest time (ms, wall clock) the event loop was kept from the probe's 1 ms timer, and the p99 of those gaps. */
  readonly longest: number;
  readonly p99: number;
  /** The same, in the process's CPU time: what the slice cost, whatever else the machine was doing meanwhile. */
  readonly longestCpu: number;
  readonly p99Cpu: number;
  /** Yields the pacer made. */
  readonly yields: number;
}

/**
 * The slice meter seen from outside: a 1 ms timer re-armed each time it fires. The time past its due time is how long
 * a synchronous slice kept it waiting (at most 1 ms less than the slice); the process's CPU time over the same gap
 * says how much of that was work rather than the machine's other processes (the thread pool's reads are in it too).
 */
class LoopProbe {
  readonly wall: number[] = [];
  readonly cpu: number[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  start(): void {
    const arm = () => {
      const due = performance.now() + 1;
      const cpu0 = process.cpuUsage();
      this.timer = setTimeout(() => {
        this.wall.push(Math.max(0, performance.now() - due));
        const c = process.cpuUsage(cpu0);
        this.cpu.push((c.user + c.system) / 1000);
        arm();
      }, 1);
    };
    arm();
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}

function quantile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : 0;
}

/** Run `job` with a fresh host pacer under the probe. */
export async function measureSlices(job: (pacer: ReturnType<typeof hostPacer>) => Promise<unknown>): Promise<Slices> {
  const meter = new SliceMeter();
  const probe = new LoopProbe();
  probe.start();
  const t0 = performance.now();
  await job(hostPacer(meter.record));
  const ms = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 3)); // the last slice is recorded when the probe's timer next fires
  probe.stop();
  return {
    ms,
    longest: quantile(probe.wall, 1), p99: quantile(probe.wall, 0.99),
    longestCpu: quantile(probe.cpu, 1), p99Cpu: quantile(probe.cpu, 0.99),
    yields: meter.count,
  };
}

/** A cold index as the extension host runs it (returns the index for the next phases). */
export async function hostColdIndex(paths: readonly string[], concurrency: number): Promise<{ index: RunbookIndex; slices: Slices }> {
  const index = new RunbookIndex();
  const slices = await measureSlices((pacer) => reindexFiles(index, asyncFileSystem, paths, concurrency, pacer));
  if (index.size !== paths.length) {
    throw new Error(`indexed ${index.size} of ${paths.length} runbooks`);
  }
  return { index, slices };
}

export async function hostJobs(index: RunbookIndex, root: string, paths: readonly string[], alerts: readonly string[], seed: number, lintFiles: number) {
  const rules = benchRules(root, paths, alerts, seed);
  const ctx: ResolveContext = { runbooks: index, rules, mappings: [{ prefix: 'https://runbooks.example.com/', folder: '' }], roots: [root] };
  const alertResolver = new AlertResolver(ctx); // as the extension's alert service: prepared after indexing, used by the lint
  const resolver = await measureSlices((pacer) => drainPaced(alertResolver.preparing(), pacer));
  const env = { ...ctx, resolver: alertResolver, config: DEFAULT_CONFIG, today: '2026-11-25' };
  let crossFindings = 0;
  const crossFile = await measureSlices(async (pacer) => {
    crossFindings = (await lintWorkspacePaced(env, pacer)).length;
  });
  // "Lint Workspace": runbooks read (16 reads ahead, to keep the run short) and linted with every rule, paced.
  const lintEnv: LintEnvironment = { runbooks: index, rules, config: DEFAULT_CONFIG, today: '2026-11-25', fileExists: async () => true };
  let findings = 0;
  const lintAll = await measureSlices(async (pacer) => {
    for await (const read of readAhead(asyncFileSystem, paths.slice(0, lintFiles), 16)) {
      const p = pacer.check();
      if (p) {
        await p;
      }
      if ('bytes' in read) {
        findings += (await lintDocument({ path: read.path, text: new TextDecoder().decode(read.bytes) }, { ...lintEnv, pacer })).length;
      }
    }
  });
  return { resolver, crossFile, crossFindings, lintAll, findings };
}
