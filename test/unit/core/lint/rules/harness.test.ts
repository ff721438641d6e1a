// The test harness itself (a harness that never fails proves nothing), and a rule helper.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { guessLanguage } from '../../../../../src/core/lint/rules/fenceLanguage';
import type { Finding } from '../../../../../src/core/lint/types';
import { applyFixes, compare, expectations, markdownExpectations } from './harness';

describe('lint rule helpers', () => {
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
