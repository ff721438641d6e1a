// The built-in review template: what the Google SRE and PagerDuty templates have, and an example that is never filed.
import assert from 'node:assert/strict';
import * as os from 'node:os';
import { describe, it } from 'node:test';
import { postmortemCommand } from '../../../../src/cli/commands/postmortem';
import { parseActionItems } from '../../../../src/core/review/actionItems';
import { lintReview } from '../../../../src/core/postmortem/lint';
import { isCalendarDate } from '../../../../src/core/dates';
import { BUILT_IN_TEMPLATE } from '../../../../src/core/postmortem/scaffold';
import { capture } from '../../cli/capture';

describe('the built-in review template', () => {
  it('has people, key times, communication and links', () => {
    for (const s of ['Incident commander', 'Responders', 'Authors of this review', 'time to detect', 'time to mitigate', 'time to resolve', 'status page', 'Dashboards', 'Chat']) {
      assert.ok(BUILT_IN_TEMPLATE.toLowerCase().includes(s.toLowerCase()), s);
    }
  });

  it('has no action item that could be filed: the example is inside a comment', () => {
    assert.deepEqual(parseActionItems(BUILT_IN_TEMPLATE), []);
    assert.match(BUILT_IN_TEMPLATE, /For example \(in this comment, so it is never filed\)/);
  });

  it('RB501 flags an example action item left in a review', () => {
    const text = '# Review\n\n## Action items\n\n- [ ] Example: alert on queue age [owner:: @a] [type:: detect]\n';
    const f = lintReview(text, '2026-01-01');
    assert.ok(f.some((x) => /is an example from the template/.test(x.message)), JSON.stringify(f));
  });
});

describe('runbook postmortem new --date', () => {
  it('rejects a day that does not exist, with a clear message', async () => {
    assert.equal(isCalendarDate('2025-13-45'), false);
    assert.equal(isCalendarDate('2025-02-29'), false);
    assert.equal(isCalendarDate('2024-02-29'), true);
    const r = await capture((w) => postmortemCommand(['new', '--date', '2025-13-45', '--dir', os.tmpdir()], { cwd: os.tmpdir(), ...w }));
    assert.equal(r.code, 2);
    assert.match(r.err, /--date must be a date written YYYY-MM-DD, got 2025-13-45 \(no such day\)/);
  });
});
