import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appendAtEnd, applyEdits, insertAt, replaceRange, splitLines } from '../../../../src/core/text';

describe('applyEdits', () => {
  it('applies edits anywhere in the text, in any order given', () => {
    const text = 'one\ntwo\nthree\n';
    const edits = [replaceRange(2, 0, 5, 'THREE'), insertAt(0, 0, '> '), replaceRange(1, 1, 2, 'W')];
    assert.equal(applyEdits(text, edits), '> one\ntWo\nTHREE\n');
    assert.equal(applyEdits(text, [...edits].reverse()), '> one\ntWo\nTHREE\n');
  });

  it('keeps a byte order mark, counting positions after it', () => {
    assert.equal(applyEdits('\ufeffab\ncd', [replaceRange(0, 0, 1, 'A'), insertAt(1, 2, '!')]), '\ufeffAb\ncd!');
  });

  it('writes new lines in the text\'s line ending', () => {
    assert.equal(applyEdits('a\r\nb\r\n', [insertAt(1, 1, '\nc\nd')]), 'a\r\nb\r\nc\r\nd\r\n');
    assert.equal(applyEdits('a\nb\n', [insertAt(1, 1, '\r\nc')]), 'a\nb\r\nc\n');
  });

  it('clamps positions past a line to its end, never eating the line break', () => {
    assert.equal(applyEdits('ab\r\ncd', [replaceRange(0, 1, 50, 'X')]), 'aX\r\ncd');
    assert.equal(applyEdits('ab', [insertAt(7, 0, '!')]), 'ab!');
  });

  it('lands insertions at one place in the order given, and next to a replacement that ends there', () => {
    assert.equal(applyEdits('abc', [insertAt(0, 1, '1'), insertAt(0, 1, '2')]), 'a12bc');
    assert.equal(applyEdits('abcd', [replaceRange(0, 1, 2, 'B'), insertAt(0, 2, '!')]), 'aB!cd');
    assert.equal(applyEdits('same', []), 'same');
  });
});

describe('appendAtEnd', () => {
  const append = (text: string, block: string) => applyEdits(text, [appendAtEnd(splitLines(text), block)]);

  it('puts the block on a line of its own after a blank line', () => {
    assert.equal(append('# T\n', '## New\n'), '# T\n\n## New\n');
    assert.equal(append('# T', '## New\n'), '# T\n\n## New\n');
    assert.equal(append('# T\n\n', '## New\n'), '# T\n\n## New\n');
    assert.equal(append('', '## New\n'), '## New\n');
  });
});
