import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nonDirectiveLines, parseDirectives, suppressor } from '../../../../src/core/lint/inline';
import { parseRunbook } from '../../../../src/core/parse';

const RULES = [{ id: 'RB101', name: 'front-matter-schema' }, { id: 'RB202', name: 'fence-language' }, { id: 'RB303', name: 'no-todo' }];

/** Which of `findings` ("RULE@line") are left, for a document. */
function left(text: string, findings: string[]): string[] {
  const lines = text.split('\n');
  const off = suppressor(parseDirectives(lines, nonDirectiveLines(parseRunbook('/w/runbooks/x.md', text))), RULES);
  return findings.filter((f) => {
    const [ruleId, line] = f.split('@');
    return !off({ ruleId, line: Number(line) });
  });
}

describe('parseDirectives', () => {
  it('reads every form, with rules by id or name, spaces or commas, and a `--` comment', () => {
    const lines = [
      '<!-- runbook-lint-disable -->',
      '<!--runbook-lint-enable RB101 fence-language-->',
      'text <!-- runbook-lint-disable-line RB101,RB202 --> more',
      '  <!-- runbook-lint-disable-next-line no-todo -- the TODO is the point of this page -->',
      '<!-- runbook-lint-disable RB101 --> <!-- runbook-lint-enable RB101 -->',
      '<!-- runbook-lint-disabled RB101 --> <!-- runbook-lint-disable-nextline --> <!-- not runbook-lint-disable -->',
    ];
    assert.deepEqual(parseDirectives(lines), [
      { kind: 'disable', rules: [], line: 0, character: 0 },
      { kind: 'enable', rules: ['RB101', 'fence-language'], line: 1, character: 0 },
      { kind: 'disable-line', rules: ['RB101', 'RB202'], line: 2, character: 5 },
      { kind: 'disable-next-line', rules: ['no-todo'], line: 3, character: 2 },
      { kind: 'disable', rules: ['RB101'], line: 4, character: 0 },
      { kind: 'enable', rules: ['RB101'], line: 4, character: 36 },
    ]);
  });

  it('leaves out comments in fenced and indented code blocks, inline code and the front matter', () => {
    const text = [
      '---',
      'title: x # <!-- runbook-lint-disable -->',
      '---',
      '# Lint directives',
      'Write `<!-- runbook-lint-disable RB101 -->` to turn a rule off; ``<!-- runbook-lint-disable -->`` too.',
      '',
      '```markdown',
      '<!-- runbook-lint-disable -->',
      '```',
      '',
      '~~~',
      '<!-- runbook-lint-disable-next-line -->',
      '~~~',
      '',
      '    <!-- runbook-lint-disable -->',
      '',
      'Real: <!-- runbook-lint-disable-line RB303 -->',
    ].join('\n');
    const runbook = parseRunbook('/w/runbooks/x.md', text);
    assert.deepEqual(parseDirectives(text.split('\n'), nonDirectiveLines(runbook)), [{ kind: 'disable-line', rules: ['RB303'], line: 16, character: 6 }]);
  });
});

describe('suppressor', () => {
  it('disable-line: that line only, the rules named (none: all)', () => {
    const text = 'a <!-- runbook-lint-disable-line RB101 -->\nb <!-- runbook-lint-disable-line -->\nc';
    assert.deepEqual(left(text, ['RB101@0', 'RB202@0', 'RB101@1', 'RB202@1', 'RB101@2']), ['RB202@0', 'RB101@2']);
  });

  it('disable-next-line: the next line only', () => {
    const text = '<!-- runbook-lint-disable-next-line fence-language -->\n```\ncode\n```\n<!-- runbook-lint-disable-next-line -->\nx';
    assert.deepEqual(left(text, ['RB202@0', 'RB202@1', 'RB101@1', 'RB202@3', 'RB101@5', 'RB303@5']), ['RB202@0', 'RB101@1', 'RB202@3']);
  });

  it('disable … enable: a block, from the comment on', () => {
    const text = ['a', '<!-- runbook-lint-disable RB303 no-todo -->', 'b', '<!-- runbook-lint-enable RB303 -->', 'c'].join('\n');
    assert.deepEqual(left(text, ['RB303@0', 'RB303@1', 'RB303@2', 'RB202@2', 'RB303@3', 'RB303@4']), ['RB303@0', 'RB202@2', 'RB303@3', 'RB303@4']);
  });

  it('disable all, then enable one; to the end of the file when never enabled', () => {
    const text = ['<!-- runbook-lint-disable -->', 'a', '<!-- runbook-lint-enable front-matter-schema -->', 'b', '<!-- runbook-lint-disable RB101 -->', 'c'].join('\n');
    assert.deepEqual(left(text, ['RB101@1', 'RB202@1', 'RB101@3', 'RB202@3', 'RB101@5']), ['RB101@3']);
  });

  it('names in any case for ids; unknown names turn nothing off', () => {
    const text = 'a <!-- runbook-lint-disable-line rb101 no-such-rule -->';
    assert.deepEqual(left(text, ['RB101@0', 'RB202@0']), ['RB202@0']);
  });

  it('also turns off RB000 (internal errors) with the other rules', () => {
    assert.deepEqual(left('<!-- runbook-lint-disable -->\nx', ['RB000@1']), []);
  });
});
