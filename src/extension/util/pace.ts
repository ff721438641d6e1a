// The extension host's pace for long loops (cold index, workspace lint, the resolver's tables): yield to the event
// loop once a slice has run this long, so that no slice of theirs comes near 50 ms (one item of work, a file, may
// add its own time to the budget).
import { yieldEvery, type Pacer, type PacerOptions } from '../../core/pacer';

export const HOST_SLICE_BUDGET_MS = 10;

/** A fresh pacer for one long job on the extension host: `setImmediate` lets pending I/O and messages run first. */
export function hostPacer(onSlice?: PacerOptions['onSlice']): Pacer {
  return yieldEvery({
    budgetMs: HOST_SLICE_BUDGET_MS,
    now: () => performance.now(),
    yield: () => new Promise<void>((resolve) => setImmediate(resolve)),
    onSlice,
  });
}
