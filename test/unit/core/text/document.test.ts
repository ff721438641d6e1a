import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countLines, hasBom, LineIndex, lineStarts, splitLines, stripBom, usesCrlf } from '../../../../src/core/text';

describe('countLines', () => {
  it('counts lines, a final newline not starting a new one', () => {
    assert.equal(countLines(''), 0);
    assert.equal(countLines('a'), 1);
    assert.equal(countLines('a\n'), 1);
    assert.equal(countLines('a\nb'), 2);
    assert.equal(countLines('a\nb\n'), 2);
    assert.equal(countLines('\n'), 1);
    assert.equal(countLines('\n\n'), 2);
  });

  it('counts CRLF lines like LF lines', () => {
    assert.equal(countLines('a\r\nb\r\n'), 2);
    assert.equal(countLines('a\r\nb'), 2);
  });
});

describe('lines', () => {
  it('splits on \\r\\n, lone \\r and \\n, as markdown-it and VS Code count lines', () => {
    assert.deepEqual(splitLines('a\r\nb\rc\nd'), ['a', 'b', 'c', 'd']);
    assert.deepEqual(splitLines('a\n'), ['a', '']);
    assert.deepEqual(splitLines(''), ['']);
  });

  it('gives each line start, one per splitLines line', () => {
    for (const text of ['', 'a', 'a\r\nb\rc\nd', 'x\n\n', '\r\n\r\n']) {
      assert.equal(lineStarts(text).length, splitLines(text).length, JSON.stringify(text));
    }
    assert.deepEqual(lineStarts('ab\r\nc\rd\ne'), [0, 4, 6, 8]);
  });

  it('knows the byte order mark and CRLF texts', () => {
    assert.equal(hasBom('\ufeffx'), true);
    assert.equal(hasBom('x\ufeff'), false);
    assert.equal(stripBom('\ufeff# T'), '# T');
    assert.equal(stripBom('# T'), '# T');
    assert.equal(usesCrlf('a\r\nb'), true);
    assert.equal(usesCrlf('a\nb\r'), false);
  });
});

describe('LineIndex', () => {
  const index = new LineIndex('ab\r\ncd\ne');

  it('turns positions into offsets and back', () => {
    assert.equal(index.lineCount, 3);
    assert.equal(index.offsetAt({ line: 0, character: 1 }), 1);
    assert.equal(index.offsetAt({ line: 1, character: 0 }), 4);
    assert.equal(index.offsetAt({ line: 2, character: 1 }), 8);
    for (let o = 0; o <= 8; o++) {
      if (o === 3) {
        continue; // between \r and \n: no position stands there
      }
      assert.equal(index.offsetAt(index.positionAt(o)), o, String(o));
    }
    assert.deepEqual(index.positionAt(5), { line: 1, character: 1 });
  });

  it('clamps positions as VS Code does: past a line is its end, past the text is the end', () => {
    assert.equal(index.offsetAt({ line: 0, character: 99 }), 2);
    assert.equal(index.offsetAt({ line: 1, character: 99 }), 6);
    assert.equal(index.offsetAt({ line: 9, character: 0 }), 8);
    assert.equal(index.offsetAt({ line: -1, character: -5 }), 0);
    assert.deepEqual(index.positionAt(3), { line: 0, character: 2 });
    assert.deepEqual(index.positionAt(99), { line: 2, character: 1 });
  });
});
