import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFixes, applyFixesDetailed, chooseFixes } from '../../../../src/core/lint/fixes';
import type { Finding } from '../../../../src/core/lint/types';
import type { TextEdit } from '../../../../src/core/text';
import { applyEdits, insertAt, replaceRange } from '../../../../src/core/text';

let n = 0;
/** A finding at the first edit's start whose fix is `edits`. */
function fix(...edits: TextEdit[]): Finding {
  const { line, character } = edits[0].range.start;
  n++;
  return { ruleId: 'RB911', ruleName: 'a', severity: 'warning', message: `f${n}`, line, character, endLine: line, endCharacter: character, fix: { title: `f${n}`, edits } };
}

/** What the editor's "Fix all" does with the chosen edits: VS Code applies them to the document as one WorkspaceEdit. */
const fixAll = (text: string, findings: readonly Finding[]) => applyEdits(text, chooseFixes(text, findings).edits);

describe('fixes: which go together', () => {
  const text = 'abcdef\nghij\n';

  it('takes fixes in document order, each whole, and leaves out those that overlap one taken', () => {
    const r = applyFixesDetailed(text, [fix(replaceRange(1, 0, 2, 'GH')), fix(replaceRange(0, 1, 3, 'BC')), fix(replaceRange(0, 2, 4, 'xx')), fix(insertAt(0, 5, '!'))]);
    assert.deepEqual(r, { text: 'aBCde!f\nGHij\n', applied: 3, skipped: 1 });
  });

  it('counts edits that start at one place as overlapping: two insertions, or an insertion where a replacement starts', () => {
    assert.deepEqual(applyFixesDetailed(text, [fix(insertAt(0, 0, '1')), fix(insertAt(0, 0, '2'))]), { text: '1abcdef\nghij\n', applied: 1, skipped: 1 });
    assert.deepEqual(applyFixesDetailed(text, [fix(insertAt(0, 1, '>')), fix(replaceRange(0, 1, 3, 'BC'))]), { text: 'a>bcdef\nghij\n', applied: 1, skipped: 1 });
    // Touching is not overlapping: a replacement ending where the next edit starts.
    assert.deepEqual(applyFixesDetailed(text, [fix(replaceRange(0, 0, 2, 'AB')), fix(insertAt(0, 2, '|'))]), { text: 'AB|cdef\nghij\n', applied: 2, skipped: 0 });
  });

  it('leaves out a fix whose own edits overlap, and one overlapping any edit of a fix taken', () => {
    const multi = fix(replaceRange(0, 0, 1, 'A'), replaceRange(1, 3, 4, 'J'));
    assert.equal(applyFixes(text, [multi]), 'Abcdef\nghiJ\n');
    // In document order the two-edit fix (line 1) comes first; the later fix overlaps its second edit.
    assert.deepEqual(applyFixesDetailed(text, [fix(replaceRange(1, 2, 4, 'Z')), multi]), { text: 'Abcdef\nghiJ\n', applied: 1, skipped: 1 });
    assert.deepEqual(applyFixesDetailed(text, [fix(replaceRange(0, 0, 3, 'X'), replaceRange(0, 2, 4, 'Y'))]), { text, applied: 0, skipped: 1 });
  });

  it('compares positions as they land: past a line\'s end is its end', () => {
    assert.deepEqual(applyFixesDetailed(text, [fix(insertAt(0, 50, '.')), fix(insertAt(0, 99, '!'))]), { text: 'abcdef.\nghij\n', applied: 1, skipped: 1 });
  });

  it('gives the editor\'s Fix all the very edits --fix applies, whatever the overlaps', () => {
    const findings = [
      fix(insertAt(0, 0, '1')), fix(insertAt(0, 0, '2')), fix(insertAt(0, 1, '>')), fix(replaceRange(0, 1, 3, 'BC')),
      fix(replaceRange(0, 4, 6, 'EF'), replaceRange(1, 0, 1, 'G')), fix(insertAt(1, 0, 'x')), fix(insertAt(0, 70, '.')), fix(insertAt(0, 99, '!')),
      { ...fix(insertAt(1, 2, 'suggested')), fix: { title: 's', suggestion: true, edits: [insertAt(1, 2, 'suggested')] } },
    ];
    for (const t of [text, '\ufeffabcdef\r\nghij\r\n']) {
      const cli = applyFixes(t, findings);
      assert.equal(fixAll(t, findings), cli, JSON.stringify(t));
      assert.equal(fixAll(t, [...findings].reverse()), cli, 'the order findings come in does not matter');
    }
    assert.equal(applyFixes(text, findings), '1a>bcdEF.\nGhij\n');
  });
});
