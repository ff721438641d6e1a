import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyFreshness, diagnosisSteps, drillFrontOf, drillJunit, drillResult, drillTable, lastVerifiedOf, riskOf, stampLastVerified, type DrillStepResult } from '../../../src/core/drill';
import { parseRunbook } from '../../../src/core/parse';

const STAMP = { date: '2026-12-04', commit: 'abc1234', result: 'pass' } as const;

describe('stampLastVerified: a minimal edit of the front matter', () => {
  it('adds one line before the closing fence, every other byte unchanged', () => {
    const text = '---\ntitle: A\nowner: "@x"   # kept\n---\n\n# A\n';
    assert.equal(stampLastVerified(text, STAMP), '---\ntitle: A\nowner: "@x"   # kept\nlast_verified: {date: 2026-12-04, commit: "abc1234", result: pass}\n---\n\n# A\n');
  });

  it('replaces an existing entry, a block mapping with its indented lines included, and keeps CRLF', () => {
    const text = '---\r\ntitle: A\r\nlast_verified:\r\n  date: 2026-01-01\r\n  result: fail\r\ntags: [x]\r\n---\r\nbody\r\n';
    assert.equal(stampLastVerified(text, STAMP), '---\r\ntitle: A\r\nlast_verified: {date: 2026-12-04, commit: "abc1234", result: pass}\r\ntags: [x]\r\n---\r\nbody\r\n');
    const once = stampLastVerified('---\ntitle: A\n---\n', STAMP);
    assert.equal(stampLastVerified(once, { ...STAMP, result: 'fail' }), '---\ntitle: A\nlast_verified: {date: 2026-12-04, commit: "abc1234", result: fail}\n---\n');
  });

  it('gives a file without front matter one, keeps a BOM, and never writes an unsafe commit', () => {
    assert.equal(stampLastVerified('# A\n', STAMP), '---\nlast_verified: {date: 2026-12-04, commit: "abc1234", result: pass}\n---\n# A\n');
    assert.equal(stampLastVerified('\ufeff---\ntitle: A\n---\n', { ...STAMP, commit: 'x}\nevil: 1' }), '\ufeff---\ntitle: A\nlast_verified: {date: 2026-12-04, commit: "unknown", result: pass}\n---\n');
  });

  it('reads back what it wrote', () => {
    const rb = parseRunbook('/r.md', stampLastVerified('---\ntitle: A\n---\n# A\n', STAMP));
    assert.deepEqual(lastVerifiedOf(rb.frontMatter!.data), STAMP);
  });
});

describe('drill steps and results', () => {
  const rb = parseRunbook('/r.md', [
    '# R', '', '## Diagnosis', '', '```sh {id=look}', 'kubectl get pods', '```', '', '### Deeper', '', '```sh {id=logs}', 'kubectl logs x', '```', '',
    '```sh {id=marked destructive}', 'echo hi', '```', '', '```sh {id=drain}', 'kubectl drain node-1', '```', '',
    '## Mitigation', '', '```sh {id=fix}', 'kubectl get pods', '```', '',
  ].join('\n'));

  it('takes the Diagnosis section\'s steps, sub-sections included, and classes the ones that change things', () => {
    const steps = diagnosisSteps(rb);
    assert.deepEqual(steps.map((s) => s.id), ['look', 'logs', 'marked', 'drain']);
    assert.deepEqual(steps.map((s) => riskOf(s, s.code)), ['read', 'read', 'destructive', 'destructive']);
  });

  it('a runbook fails when a step failed, passes when one ran and none failed', () => {
    const r = (status: DrillStepResult['status']): DrillStepResult => ({ runbook: 'r.md', stepId: status, status, detail: status === 'fail' ? 'exit 1 <oops>' : '', exitCode: null, durationMs: 5 });
    assert.equal(drillResult([r('pass'), r('skipped')]), 'pass');
    assert.equal(drillResult([r('pass'), r('fail')]), 'fail');
    assert.equal(drillResult([r('skipped')]), undefined);
    assert.match(drillTable([r('pass'), r('fail')]), /^RUNBOOK\s+STEP\s+RESULT\s+DETAIL\nr\.md\s+pass\s+PASS\s*\nr\.md\s+fail\s+FAIL\s+exit 1 <oops>\n1 passed, 1 failed, 0 skipped\n$/);
    const junit = drillJunit([r('pass'), r('fail'), r('skipped')]);
    assert.match(junit, /<testsuite name="r\.md" tests="3" failures="1" skipped="1">/);
    assert.match(junit, /<failure message="exit 1 &#60;oops&#62;"\/>/);
  });
});

describe('classifyFreshness: the one classification behind RB406 and the Runbooks view', () => {
  const front = (data: Record<string, unknown>) => drillFrontOf(data);
  const pass = (date: string) => ({ date, commit: 'abc', result: 'pass' });

  it('is not part of drills without either key', () => {
    assert.equal(front({ title: 'x' }), undefined);
  });

  it('never verified, failing, stale, verified', () => {
    assert.deepEqual(classifyFreshness(front({ verify_every: '30d' }), '2026-12-05'), { state: 'never', every: '30d' });
    assert.equal(classifyFreshness(front({ last_verified: { date: '2026-12-01', commit: 'a', result: 'fail' } }), '2026-12-05').state, 'failing');
    const stale = classifyFreshness(front({ last_verified: pass('2026-09-01'), verify_every: '30d' }), '2026-12-05');
    assert.deepEqual(stale, { state: 'stale', last: { date: '2026-09-01', commit: 'abc', result: 'pass' }, every: '30d', due: '2026-10-01', daysAgo: 95 });
    const fresh = classifyFreshness(front({ last_verified: pass('2026-12-02'), verify_every: '2w' }), '2026-12-05');
    assert.equal(fresh.state, 'verified');
    assert.equal(fresh.state === 'verified' && fresh.daysAgo, 3);
    assert.equal(fresh.state === 'verified' && fresh.due, '2026-12-16');
  });

  it('the due day itself is still fresh; the day after is stale', () => {
    assert.equal(classifyFreshness(front({ last_verified: pass('2026-11-05'), verify_every: '30d' }), '2026-12-05').state, 'verified');
    assert.equal(classifyFreshness(front({ last_verified: pass('2026-11-05'), verify_every: '30d' }), '2026-12-06').state, 'stale');
  });

  it('a passed stamp without verify_every stays verified; a malformed stamp is malformed', () => {
    assert.equal(classifyFreshness(front({ last_verified: pass('2020-01-01') }), '2026-12-05').state, 'verified');
    assert.equal(classifyFreshness(front({ last_verified: 'yesterday' }), '2026-12-05').state, 'malformed');
  });
});
