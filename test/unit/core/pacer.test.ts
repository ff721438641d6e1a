import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { drain, drainPaced, SliceMeter, UNPACED, yieldEvery } from '../../../src/core/pacer';
import { fakePace } from './fakePace';

describe('yieldEvery', () => {
  it('lets the loop carry on while the budget lasts, then yields and starts a new slice', async () => {
    let t = 0;
    const slices: number[] = [];
    let yields = 0;
    const pacer = yieldEvery({ budgetMs: 10, now: () => t, yield: async () => void yields++, onSlice: (ms) => slices.push(ms) });
    t = 9;
    assert.equal(pacer.check(), undefined);
    t = 12;
    const pause = pacer.check();
    assert.ok(pause instanceof Promise);
    assert.equal(pacer.check(), pause, 'a second caller shares the pending yield');
    await pause;
    assert.equal(yields, 1);
    assert.deepEqual(slices, [12]);
    t = 21; // 9 ms into the new slice, which began when the yield came back
    assert.equal(pacer.check(), undefined);
    t = 22;
    assert.ok(pacer.check());
  });

  it('never yields with an infinite budget (the CLI)', () => {
    assert.equal(yieldEvery({ budgetMs: Infinity, now: () => 1e9, yield: () => assert.fail('no yield') }), UNPACED);
    assert.equal(UNPACED.check(), undefined);
  });
});

describe('drain and drainPaced', () => {
  function* steps(n: number): Generator<void, number[]> {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      out.push(i * i);
      yield;
    }
    return out;
  }

  it('give the same result; the paced one yields whenever the budget is spent', async () => {
    const { pacer, meter, state } = fakePace(10, 4);
    const paced = await drainPaced(steps(30), pacer);
    assert.deepEqual(paced, drain(steps(30)));
    assert.ok(state.yields >= 10, `yielded ${state.yields} times`);
    assert.equal(meter.count, state.yields);
    assert.ok(meter.longest >= 10 && meter.longest < 20);
  });
});

describe('SliceMeter', () => {
  it('keeps the longest slice and quantiles', () => {
    const m = new SliceMeter();
    assert.equal(m.quantile(0.99), 0);
    [3, 1, 50, 2].forEach(m.record);
    assert.equal(m.count, 4);
    assert.equal(m.longest, 50);
    assert.equal(m.quantile(0.5), 3);
    assert.equal(m.quantile(0.99), 50);
  });
});
