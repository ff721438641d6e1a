import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintReview } from '../../../../src/core/postmortem/lint';

const TEXT = [
  '---', // 0
  'status: draft', // 1
  'resolved: 2026-11-01T10:00:00Z', // 2
  '---', // 3
  '## Action items', // 4
  '- [ ] a [owner:: @x] [type:: prevent] [due:: 2026-11-20]', // 5
  '- [ ] b [type:: nope]', // 6
  '<!-- runbook-lint-disable-next-line RB501 -->', // 7
  '- [ ] c', // 8
].join('\n');

describe('lintReview', () => {
  it('reports with positions, honouring inline comments', () => {
    const f = lintReview(TEXT, '2026-11-25');
    assert.deepEqual(f.map((x) => [x.ruleId, x.ruleName, x.severity, x.line, x.character, x.endLine, x.endCharacter, x.message]), [
      ['RB501', 'action-items', 'warning', 1, 8, 1, 13, 'the review is still a draft 24 days after the incident (limit 14): finish it and set `status: in-review` or `final`'],
      ['RB501', 'action-items', 'warning', 5, 45, 5, 55, 'action item is past due (2026-11-20) and not done'],
      ['RB501', 'action-items', 'warning', 6, 0, 6, 21, 'action item has no owner: add [owner:: @handle]'],
      ['RB501', 'action-items', 'warning', 6, 16, 6, 20, 'action item has an unknown type `nope`: use prevent, mitigate, detect, process'],
    ]);
  });

  it('draftDays option', () => {
    assert.equal(lintReview(TEXT, '2026-11-25', { draftDays: 30 }).length, 3);
    assert.equal(lintReview(TEXT, '2026-11-14', {}).length, 2); // 13 days: not yet a stale draft; due not past; b's two
  });

  it('never throws on odd input', () => {
    for (const t of ['', '---', '---\n- a\n---\n', '## Action items\n- [ ]', '## Action items\n- [ ] [due:: x] [due:: y]', '\ufeff---\nstatus: [\n---\n']) {
      assert.ok(Array.isArray(lintReview(t, '2026-11-25')));
    }
  });
});
