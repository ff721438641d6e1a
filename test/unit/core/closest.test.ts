import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closest, editDistance } from '../../../src/core/closest';

/** The textbook table, for comparison. */
function reference(a: string, b: string): number {
  const t = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      t[i][j] = Math.min(t[i - 1][j] + 1, t[i][j - 1] + 1, t[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return t[a.length][b.length];
}

describe('spelling suggestions', () => {
  it('edit distance and the closest candidate', () => {
    assert.equal(editDistance('onwer', 'owner'), 2);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(closest('mitigaton', ['meaning', 'mitigation'], 2), 'mitigation');
    assert.equal(closest('zzz', ['meaning'], 2), undefined);
  });

  it('a bounded distance is exact up to the bound, and bound + 1 past it', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    const word = () => Array.from({ length: rnd(16) }, () => 'abcд'[rnd(4)]).join('');
    for (let k = 0; k < 3000; k++) {
      const a = word();
      const b = word();
      const d = reference(a, b);
      assert.equal(editDistance(a, b), d, `${a} ${b}`);
      const limit = rnd(8);
      assert.equal(editDistance(a, b, limit), Math.min(d, limit + 1), `${a} ${b} within ${limit}`);
    }
  });

  it('keeps the first of equally close candidates, ignores case, and skips what is too far', () => {
    assert.equal(closest('KubePodCrashLooping', ['KubePodCrashloopin', 'KubePodCrashLoopingX'], 2), 'KubePodCrashloopin');
    assert.equal(closest('kubepodnotready', ['KubePodNotReady'], 0), 'KubePodNotReady');
    assert.equal(closest('abc', ['abcdefgh', 'xyz'], 2), undefined);
    assert.equal(closest('İx', ['i̇x'], 0), 'i̇x'); // the lower case of İ is two code units
  });
});
