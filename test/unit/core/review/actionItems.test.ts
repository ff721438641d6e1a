import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextIds, parseActionItems, setField } from '../../../../src/core/review/actionItems';

const REVIEW = [
  '---', // 0
  'title: x', // 1
  '---', // 2
  '## Action items', // 3
  '- [ ] Add alert on queue age [id:: AI-3] [owner:: @dana] [priority:: P1] [type:: prevent] [due:: 2026-12-15] [issue:: https://github.com/o/r/issues/12]', // 4
  '* [x] Done thing [Owner:: @lee]  ', // 5
  '```', // 6
  '- [ ] in a fence', // 7
  '```', // 8
  '  1. [ ] Nested [type:: detect] [issue::]', // 9
  '## Lessons', // 10
  '- [ ] not an item', // 11
].join('\n');

describe('parseActionItems', () => {
  const items = parseActionItems(REVIEW);

  it('finds items under "Action items" only, outside fences', () => {
    assert.deepEqual(items.map((i) => i.line), [4, 5, 9]);
  });

  it('reads the fields, the text and the positions', () => {
    const [a, b, c] = items;
    assert.equal(a.text, 'Add alert on queue age');
    assert.equal(a.done, false);
    assert.deepEqual(a.fields, { id: 'AI-3', owner: '@dana', priority: 'P1', type: 'prevent', due: '2026-12-15', issue: 'https://github.com/o/r/issues/12' });
    assert.equal(a.id, 'AI-3');
    assert.equal(a.issue, 'https://github.com/o/r/issues/12');
    assert.deepEqual(a.range, { start: 0, end: REVIEW.split('\n')[4].length });
    assert.deepEqual(a.fieldRanges.id, { start: 29, end: 40 });
    assert.deepEqual(a.valueRanges.id, { start: 35, end: 39 });
    assert.deepEqual(b, {
      line: 5, text: 'Done thing', done: true, fields: { owner: '@lee' }, owner: '@lee',
      range: { start: 0, end: 31 }, fieldRanges: { owner: { start: 17, end: 31 } }, valueRanges: { owner: { start: 26, end: 30 } },
    });
    assert.equal(c.text, 'Nested');
    assert.equal(c.type, 'detect');
    assert.equal(c.issue, undefined);
    assert.equal(c.fields.issue, '');
    assert.deepEqual(c.range, { start: 2, end: 41 });
  });

  it('heading match is case-insensitive; items in a front matter never count', () => {
    assert.deepEqual(parseActionItems('### ACTION ITEMS:\n- [ ] a\n#### Sub\n- [ ] b\n### Other\n- [ ] c\n').map((i) => i.text), ['a', 'b']);
    assert.deepEqual(parseActionItems('---\nx: |\n  ## Action items\n  - [ ] a\n---\n'), []);
  });
});

describe('nextIds and setField', () => {
  const apply = (text: string, edits: ReturnType<typeof nextIds>) => {
    const lines = text.split('\n');
    for (const e of [...edits].sort((x, y) => y.range.start.line - x.range.start.line || y.range.start.character - x.range.start.character)) {
      const l = lines[e.range.start.line];
      lines[e.range.start.line] = l.slice(0, e.range.start.character) + e.newText + l.slice(e.range.end.character);
    }
    return lines.join('\n');
  };

  it('numbers missing ids after the largest, and is idempotent', () => {
    const text = '## Action items\n- [ ] a [id:: AI-7]\n- [ ] b  \n- [ ] c [id::]\n- [x] d [id:: AI-2]';
    const edits = nextIds(parseActionItems(text));
    assert.deepEqual(edits, [
      { range: { start: { line: 2, character: 7 }, end: { line: 2, character: 7 } }, newText: ' [id:: AI-8]' },
      { range: { start: { line: 3, character: 8 }, end: { line: 3, character: 14 } }, newText: '[id:: AI-9]' },
    ]);
    const fixed = apply(text, edits);
    assert.equal(fixed, '## Action items\n- [ ] a [id:: AI-7]\n- [ ] b [id:: AI-8]  \n- [ ] c [id:: AI-9]\n- [x] d [id:: AI-2]');
    assert.deepEqual(nextIds(parseActionItems(fixed)), []);
  });

  it('starts at AI-1', () => {
    assert.equal(apply('## Action items\n- [ ] a', nextIds(parseActionItems('## Action items\n- [ ] a'))), '## Action items\n- [ ] a [id:: AI-1]');
  });

  it('setField replaces or appends', () => {
    const text = '## Action items\n- [ ] a [issue:: old] [owner:: x]\n- [ ] b';
    const [a, b] = parseActionItems(text);
    assert.equal(apply(text, [setField(a, 'issue', 'https://x/1')]), '## Action items\n- [ ] a [issue:: https://x/1] [owner:: x]\n- [ ] b');
    assert.equal(apply(text, [setField(b, 'issue', 'https://x/2]')]), '## Action items\n- [ ] a [issue:: old] [owner:: x]\n- [ ] b [issue:: https://x/2%5D]');
  });
});
