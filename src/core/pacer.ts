// Long loops that run on the extension host (cold index, workspace lint, the resolver's tables) give the event loop
// back every few milliseconds, so that no synchronous slice of theirs keeps the host from answering for long. The
// clock and the way to yield are injected: the core imports neither Node nor vscode. The CLI, which has nothing else
// to do meanwhile, runs the same loops unpaced.

/** Asked between two items of work whether the loop should yield now. */
export interface Pacer {
  /** `undefined` while the slice's budget lasts (carry on, no await); else a promise to await: the loop yields. */
  check(): Promise<void> | undefined;
}

export interface PacerOptions {
  /** Longest time (ms) a slice may run before the loop yields; `Infinity` never yields. */
  readonly budgetMs: number;
  /** A monotonic clock in ms (e.g. `performance.now`). */
  readonly now: () => number;
  /** Give the event loop back (e.g. `() => new Promise((r) => setImmediate(r))`). */
  readonly yield: () => Promise<void>;
  /** Told the length (ms, by `now`) of each slice as it ends at a yield: the slice meter. */
  readonly onSlice?: (ms: number) => void;
}

/** Never yields: the CLI's pace, and the loops' behaviour before pacing. */
export const UNPACED: Pacer = { check: () => undefined };

/**
 * A pacer that yields once `budgetMs` have passed since the loop last resumed. Loops sharing it (concurrent
 * workers) share the slice: while one yield is pending, every `check` returns that same yield.
 */
export function yieldEvery(options: PacerOptions): Pacer {
  const { budgetMs, now, onSlice } = options;
  if (budgetMs === Infinity) {
    return UNPACED;
  }
  let start = now();
  let pending: Promise<void> | undefined;
  return {
    check() {
      if (pending) {
        return pending;
      }
      const t = now();
      if (t - start < budgetMs) {
        return undefined;
      }
      onSlice?.(t - start);
      pending = options.yield().then(() => {
        pending = undefined;
        start = now();
      });
      return pending;
    },
  };
}

/** The lengths of the slices a pacer reported (its `onSlice`), for the benchmark and tests. */
export class SliceMeter {
  private readonly slices: number[] = [];

  readonly record = (ms: number): void => {
    this.slices.push(ms);
  };

  get count(): number {
    return this.slices.length;
  }

  get longest(): number {
    return this.slices.reduce((a, b) => Math.max(a, b), 0);
  }

  /** The `p` quantile (0–1) of the slices, 0 when there were none. */
  quantile(p: number): number {
    if (!this.slices.length) {
      return 0;
    }
    const sorted = [...this.slices].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  }
}

/**
 * Work written once as a generator that `yield`s between items runs either way: `drain` straight through (the
 * CLI), `drainPaced` giving the event loop back whenever `pacer` says so.
 */
export function drain<T>(steps: Generator<unknown, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) {
      return r.value;
    }
  }
}

export async function drainPaced<T>(steps: Generator<unknown, T>, pacer: Pacer): Promise<T> {
  for (;;) {
    const r = steps.next();
    if (r.done) {
      return r.value;
    }
    const pause = pacer.check();
    if (pause) {
      await pause;
    }
  }
}
