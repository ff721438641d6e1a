// The helpers the rules share, and the test harness itself (a harness that never fails proves nothing).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { guessLanguage } from '../../../../../src/core/lint/rules/fenceLanguage';
import { addInterval, formatDate, parseDate } from '../../../../../src/core/lint/rules/staleReview';
import {
  closest, editDistance, fenceAt, relativePath, resolveRelative, withAttribute, withLanguage,
} from '../../../../../src/core/lint/rules/support';
import type { Finding } from '../../../../../src/core/lint/types';
import { applyFixes, compare, expectations, markdownExpectations } from './harness';

describe('lint rule helpers', () => {
  it('withAttribute adds `destructive` in the style of the info string', () => {
    assert.equal(withAttribute('sh', 'destructive'), 'sh {destructive}');
    assert.equal(withAttribute('sh {id=x}', 'destructive'), 'sh {id=x destructive}');
    assert.equal(withAttribute('sh {#x .y}', 'destructive'), 'sh {#x .y .destructive}');
    assert.equal(withAttribute('sh {}', 'destructive'), 'sh {destructive}');
    assert.equal(withAttribute('sh id=x', 'destructive'), 'sh id=x destructive');
    assert.equal(withAttribute('sh {id=x destructive=false}', 'destructive'), 'sh {id=x destructive}');
    assert.equal(withAttribute('sh {destructive="false"}', 'destructive'), 'sh {destructive}');
  });

  it('withLanguage replaces the language and keeps the attributes', () => {
    assert.equal(withLanguage('sh {id=x}', 'console'), 'console {id=x}');
    assert.equal(withLanguage('{id=x}', 'sh'), 'sh {id=x}');
    assert.equal(withLanguage('', 'text'), 'text');
  });

  it('fenceAt finds fences after indentation, list markers and `>`', () => {
    assert.deepEqual(fenceAt(['```sh {id=a}'], 0), { markerStart: 0, marker: '```', infoStart: 3, infoEnd: 12, info: 'sh {id=a}', indent: 0 });
    assert.equal(fenceAt(['   ~~~~'], 0)?.marker, '~~~~');
    assert.equal(fenceAt(['1. ```sh'], 0)?.markerStart, 3);
    assert.equal(fenceAt(['> > ```'], 0)?.markerStart, 4);
    assert.equal(fenceAt(['text ```'], 0), undefined);
    assert.equal(fenceAt([], 3), undefined);
  });

  it('resolves and relativizes paths and URIs', () => {
    assert.equal(resolveRelative('/ws/a/b.md', '../c.md'), '/ws/c.md');
    assert.equal(resolveRelative('/ws/a/b.md', './x/%20y.md'), '/ws/a/x/ y.md');
    assert.equal(resolveRelative('/ws/b.md', '../../../x.md'), '/x.md');
    assert.equal(resolveRelative('file:///w/a/b.md', '../c%20d.md'), 'file:///w/c%20d.md');
    assert.equal(relativePath('/ws/a/b.md', '/ws/c/d.md'), '../c/d.md');
    assert.equal(relativePath('/ws/a/b.md', '/ws/a/e.md'), 'e.md');
    assert.equal(relativePath('file:///w/a.md', 'file:///w/x/y.md'), 'x/y.md');
  });

  it('edit distance and the closest candidate', () => {
    assert.equal(editDistance('onwer', 'owner'), 2);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(closest('mitigaton', ['meaning', 'mitigation'], 2), 'mitigation');
    assert.equal(closest('zzz', ['meaning'], 2), undefined);
  });

  it('review intervals: days, weeks, calendar months and years', () => {
    const d = (s: string) => parseDate(s)!;
    assert.equal(formatDate(addInterval(d('2026-01-08'), '90d')!), '2026-04-08');
    assert.equal(formatDate(addInterval(d('2026-02-26'), '12w')!), '2026-05-21');
    assert.equal(formatDate(addInterval(d('2026-01-31'), '1m')!), '2026-02-28');
    assert.equal(formatDate(addInterval(d('2026-11-30'), '3m')!), '2027-02-28');
    assert.equal(formatDate(addInterval(d('2024-02-29'), '1y')!), '2025-02-28');
    assert.equal(addInterval(d('2026-01-01'), '0d'), undefined);
    assert.equal(parseDate('2026-02-30'), undefined);
  });

  it('guesses the language of a block', () => {
    assert.equal(guessLanguage(['kubectl get pods']), 'sh');
    assert.equal(guessLanguage(['# comment', 'FOO=1 sudo -E ./run.sh']), 'sh');
    assert.equal(guessLanguage(['$ df -h', 'Filesystem']), 'console');
    assert.equal(guessLanguage(['Get-ChildItem Cert:\\']), 'powershell');
    assert.equal(guessLanguage(['apiVersion: v1']), 'text');
    assert.equal(guessLanguage([]), 'text');
  });
});

const finding = (ruleId: string, line: number, message = 'm'): Finding =>
  ({ ruleId, ruleName: 'x', severity: 'warning', message, line, character: 0, endLine: line, endCharacter: 0 });

describe('the rule test harness', () => {
  it('reads markers: same line, next line, offsets, several ids, texts; YAML ones in front matter only', () => {
    const text = [
      '---',
      'a: b # expect RB101 "one"',
      '# expect-next-line RB101',
      'c: d',
      '---',
      '# expect RB999 (a heading, not a marker)',
      'x <!-- expect RB102 RB102 --> <!-- expect+2 RB103 "t" -->',
      '<!-- expect-next-line RB104 -->',
      '<!-- expect-1 RB105 -->',
    ].join('\n');
    assert.deepEqual(markdownExpectations(text), [
      { ruleId: 'RB101', line: 1, text: 'one' },
      { ruleId: 'RB101', line: 3, text: undefined },
      { ruleId: 'RB102', line: 6, text: undefined },
      { ruleId: 'RB102', line: 6, text: undefined },
      { ruleId: 'RB103', line: 8, text: 't' },
      { ruleId: 'RB104', line: 8, text: undefined },
      { ruleId: 'RB105', line: 7, text: undefined },
    ]);
    assert.deepEqual(expectations('- alert: X # expect RB204 "x" # expect RB204', 'all'), [
      { ruleId: 'RB204', line: 0, text: 'x' },
      { ruleId: 'RB204', line: 0, text: undefined },
    ]);
  });

  it('fails on a missing, an extra, or a differently worded finding', () => {
    const expected = [{ ruleId: 'RB101', line: 1, text: 'unknown key' }];
    assert.deepEqual(compare([finding('RB101', 1, 'unknown key `x`')], expected), []);
    assert.equal(compare([], expected).length, 1);
    assert.equal(compare([finding('RB101', 1, 'unknown key `x`'), finding('RB101', 2)], expected).length, 1);
    assert.equal(compare([finding('RB101', 1, 'other')], expected).length, 2);
    assert.equal(compare([finding('RB101', 2, 'unknown key')], expected).length, 2);
  });

  it('applies fixes like an editor: original positions, clashing fixes left out', () => {
    const at = (line: number, character: number) => ({ line, character });
    const ins = (line: number, character: number, newText: string) => [{ range: { start: at(line, character), end: at(line, character) }, newText }];
    assert.deepEqual(applyFixes('ab\ncd\n', [ins(1, 0, 'X'), ins(0, 1, 'Y')]), { text: 'aYb\nXcd\n', skipped: 0 });
    assert.deepEqual(applyFixes('ab\n', [ins(0, 1, 'X'), ins(0, 1, 'Y')]), { text: 'aXb\n', skipped: 1 });
    assert.deepEqual(applyFixes('abc', [[{ range: { start: at(0, 0), end: at(0, 2) }, newText: '' }], ins(0, 1, 'Z')]), { text: 'c', skipped: 1 });
  });
});
