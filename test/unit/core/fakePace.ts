// A pacer for tests: a clock that moves `step` ms each time it is read, and a yield that only counts.
import { SliceMeter, yieldEvery } from '../../../src/core/pacer';

export function fakePace(budgetMs: number, step: number) {
  let t = 0;
  const meter = new SliceMeter();
  const state = { yields: 0 };
  const pacer = yieldEvery({ budgetMs, now: () => (t += step), yield: async () => void state.yields++, onSlice: meter.record });
  return { pacer, meter, state };
}
