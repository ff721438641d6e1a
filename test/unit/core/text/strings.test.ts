import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { append, code, decodePercent, decodeText, detach, list } from '../../../../src/core/text';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('decodeText', () => {
  it('decodes UTF-8', () => {
    assert.deepEqual(decodeText(bytes('# Café ☕\n')), { text: '# Café ☕\n' });
  });

  it('drops a UTF-8 byte order mark', () => {
    assert.deepEqual(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('---\n')])), { text: '---\n' });
  });

  it('refuses a file with a NUL byte in its first 8 KB', () => {
    assert.deepEqual(decodeText(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01])), { error: 'looks like a binary file (NUL byte), skipped' });
    const late = new Uint8Array(8192).fill(0x61);
    late[8191] = 0;
    assert.ok('error' in decodeText(late));
  });

  it('only probes the first 8 KB', () => {
    const b = new Uint8Array(8193).fill(0x61);
    b[8192] = 0;
    const d = decodeText(b);
    assert.ok('text' in d);
    assert.equal(d.text.length, 8193);
  });

  it('replaces invalid UTF-8 instead of throwing', () => {
    assert.deepEqual(decodeText(new Uint8Array([0x61, 0xff, 0x62])), { text: 'a\ufffdb' });
  });

  it('decodes an empty file to empty text', () => {
    assert.deepEqual(decodeText(new Uint8Array()), { text: '' });
  });
});

describe('detach', () => {
  it('returns an equal string', () => {
    const long = 'x'.repeat(100);
    assert.equal(detach(long.slice(10, 60)), 'x'.repeat(50));
    assert.equal(detach('short'), 'short');
    assert.equal(detach(''), '');
  });

  it('keeps no reference to the string it was sliced from', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const heap = () => {
      gc();
      return process.memoryUsage().heapUsed;
    };
    const kept = (cut: (s: string) => string): number => {
      const before = heap();
      const parts: string[] = [];
      for (let i = 0; i < 20; i++) {
        const file = `${String(i).padStart(6, '0')}${'q'.repeat(1_000_000)}`; // each a megabyte of its own
        parts.push(cut(file.slice(2, 40)));
      }
      const after = heap();
      assert.equal(parts.length, 20);
      return after - before;
    };
    assert.ok(kept((s) => s) > 15_000_000, 'a plain slice keeps its file (the measure works)');
    assert.ok(kept(detach) < 5_000_000, 'detached slices keep a copy of themselves only');
  });
});

describe('decodePercent', () => {
  it('decodes valid runs and keeps invalid ones as written, never throwing', () => {
    assert.equal(decodePercent('plain'), 'plain');
    assert.equal(decodePercent('a%20b%2Fc'), 'a b/c');
    assert.equal(decodePercent('100%'), '100%');
    assert.equal(decodePercent('%E2%9C%93 ok %ZZ %E2%9C'), '✓ ok %ZZ %E2%9C');
    assert.equal(decodePercent('a+b'), 'a+b');
  });
});

describe('append', () => {
  it('appends any number of items (push(...items) overflows the stack around 100,000)', () => {
    const target = [0];
    append(target, Array.from({ length: 300_000 }, (_, i) => i + 1));
    assert.equal(target.length, 300_001);
    assert.equal(target[300_000], 300_000);
    assert.throws(() => [0].push(...Array.from({ length: 300_000 }, () => 1)), RangeError, 'the reason append exists');
  });
});

describe('words', () => {
  it('lists and quotes for messages', () => {
    assert.equal(list([]), '');
    assert.equal(list(['a']), 'a');
    assert.equal(list(['a', 'b', 'c']), 'a, b and c');
    assert.equal(code('x'), '`x`');
    assert.equal(code('a`b'), '`` a`b ``');
  });
});
