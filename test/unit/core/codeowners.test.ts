import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_CODEOWNERS_BYTES, ownersOf, parseCodeowners } from '../../../src/core/codeowners';

const co = (text: string) => parseCodeowners(text);

describe('CODEOWNERS: gitignore-like patterns, the last match wins', () => {
  const file = co(
    [
      '# comment',
      '*                @org/everyone',
      '*.md             @org/docs   # trailing comment',
      'runbooks/        @org/sre',
      '/runbooks/db/    @org/dba @alice',
      'docs/*           @org/writers',
      '**/payments      @org/payments',
      '/runbooks/db/legacy.md',
      '[Section] @ignored',
    ].join('\n'),
  );

  it('reads rules and skips comments and section headers', () => {
    assert.deepEqual(file.rules.map((r) => r.pattern), ['*', '*.md', 'runbooks/', '/runbooks/db/', 'docs/*', '**/payments', '/runbooks/db/legacy.md']);
    assert.deepEqual(file.problems, []);
  });

  it('lets the last matching pattern win', () => {
    assert.deepEqual(ownersOf(file, 'src/main.go'), ['@org/everyone']);
    assert.deepEqual(ownersOf(file, 'README.md'), ['@org/docs']);
    assert.deepEqual(ownersOf(file, 'runbooks/disk.md'), ['@org/sre']);
    assert.deepEqual(ownersOf(file, 'runbooks/db/lag.md'), ['@org/dba', '@alice']);
  });

  it('a directory pattern without a slash matches at any depth; a leading slash anchors it', () => {
    assert.deepEqual(ownersOf(file, 'team/runbooks/x.md'), ['@org/sre']);
    assert.deepEqual(ownersOf(file, 'team/runbooks/db/x.md'), ['@org/sre']);
  });

  it('`dir/*` owns only direct children; `**/dir` any depth', () => {
    assert.deepEqual(ownersOf(file, 'docs/a.txt'), ['@org/writers']);
    assert.deepEqual(ownersOf(file, 'docs/sub/a.txt'), ['@org/everyone']);
    assert.deepEqual(ownersOf(file, 'a/b/payments/x.txt'), ['@org/payments']);
  });

  it('a pattern with no owners leaves the path unowned', () => {
    assert.deepEqual(ownersOf(file, 'runbooks/db/legacy.md'), []);
  });

  it('`*` and `?` stay within a segment', () => {
    const f = co('/a/*.md @x\n/b/?.md @y');
    assert.deepEqual(ownersOf(f, 'a/r.md'), ['@x']);
    assert.deepEqual(ownersOf(f, 'a/s/r.md'), []);
    assert.deepEqual(ownersOf(f, 'b/1.md'), ['@y']);
    assert.deepEqual(ownersOf(f, 'b/12.md'), []);
  });

  it('refuses negation, caps the size, and stays fast on a hostile pattern', () => {
    assert.match(co('!x @a').problems[0].message, /negated/);
    assert.equal(co('x'.repeat(MAX_CODEOWNERS_BYTES + 1)).rules.length, 0);
    const hostile = co(`${'*a'.repeat(40)}b @x`);
    assert.deepEqual(ownersOf(hostile, 'a'.repeat(5000)), []);
  });
});
