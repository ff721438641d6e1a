import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseJsonc, parseJsoncTree } from '../../../src/core/jsonc';

describe('parseJsonc', () => {
  it('strips comments and trailing commas, never inside strings', () => {
    assert.deepEqual(parseJsonc('// head\n{ "a": "x // y", /* c */ "b": [1, 2, /* d */ ], "c": "/* e */", "d": "q\\"//", }\n'), {
      a: 'x // y', b: [1, 2], c: '/* e */', d: 'q"//',
    });
    assert.deepEqual(parseJsonc('\ufeff[1,\n// x\n]'), [1]);
  });

  it('gives undefined for what does not parse, or nothing', () => {
    assert.equal(parseJsonc('{ "a": }'), undefined);
    assert.equal(parseJsonc('{ "a": "unterminated'), undefined);
    assert.equal(parseJsonc('{ "a": "line\nbreak" }'), undefined);
    assert.equal(parseJsonc(''), undefined);
    assert.equal(parseJsonc('// only a comment\n'), undefined);
  });

  it('keeps __proto__ an own key of a plain object, as JSON.parse does', () => {
    const v = parseJsonc('{ "__proto__": { "runbooks.include": ["x"] }, "a": 1, "a": 2 }') as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(v), Object.prototype);
    assert.equal(v['runbooks.include'], undefined);
    assert.ok(Object.hasOwn(v, '__proto__'));
    assert.equal(v.a, 2);
  });
});

describe('parseJsoncTree', () => {
  it('gives the first syntax error and its offset', () => {
    assert.deepEqual(parseJsoncTree('{\n  "a": 1\n  "b": 2\n}'), { error: 'comma expected', offset: 13 });
    assert.deepEqual(parseJsoncTree('{ /* open'), { error: 'comment not closed', offset: 2 });
  });

  it('gives no tree for an empty document, and keeps offsets past a BOM', () => {
    assert.deepEqual(parseJsoncTree(' // nothing\n'), { tree: undefined });
    const r = parseJsoncTree('\ufeff{"a": 1}');
    assert.ok('tree' in r && r.tree);
    assert.equal(r.tree.offset, 1);
  });
});

describe('deep nesting', () => {
  it('is refused, not a crash (hostile .vscode/settings.json or lint configuration)', () => {
    const deep = `{"a": ${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    assert.equal(parseJsonc(deep), undefined);
    assert.deepEqual(parseJsoncTree(deep), { error: 'nested too deeply', offset: 0 });
  });
});
