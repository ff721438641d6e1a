import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isReviewDocument, isUtcTime, parseReview, parseTrackerSpec } from '../../../../src/core/review/review';

describe('parseReview', () => {
  it('reads the front matter with positions', () => {
    const r = parseReview('---\nid: r1\ntitle: "Queue: backlog"\nstatus: draft\nstarted: 2026-03-01T14:32:05Z\nalerts: [A, B]\nrunbooks: x.md\ntracker: jira:ops\n---\n## Action items\n- [ ] a\n');
    assert.equal(r.id, 'r1');
    assert.equal(r.title, 'Queue: backlog');
    assert.equal(r.status, 'draft');
    assert.equal(r.started, '2026-03-01T14:32:05Z');
    assert.deepEqual(r.alerts, ['A', 'B']);
    assert.deepEqual(r.runbooks, ['x.md']);
    assert.equal(r.tracker, 'jira:ops');
    assert.equal(r.keyLines.status, 3);
    assert.deepEqual(r.valueSpans.status, { line: 3, character: 8, endCharacter: 13 });
    assert.deepEqual(r.valueSpans.title, { line: 2, character: 7, endCharacter: 23 });
    assert.deepEqual(r.frontMatter, { startLine: 0, endLine: 8 });
    assert.equal(r.actionItems.length, 1);
    assert.deepEqual(r.problems, []);
  });

  it('reports unreadable front matter without throwing', () => {
    assert.equal(parseReview('---\ntitle: [\n---\n').problems.length, 1);
    assert.equal(parseReview('---\ntitle: x\n').problems[0].message, 'front matter is not closed: add a line with `---` after it');
    assert.deepEqual(parseReview('# no front matter').frontMatter, undefined);
  });

  it('isReviewDocument: type postmortem, or under postmortems/', () => {
    assert.equal(isReviewDocument('/ws/postmortems/a.md', {}), true);
    assert.equal(isReviewDocument('/ws/docs/a.md', { type: 'postmortem' }), true);
    assert.equal(isReviewDocument('/ws/runbooks/postmortems.md', {}), false);
    assert.equal(isReviewDocument('/ws/runbooks/a.md', undefined), false);
  });

  it('isUtcTime', () => {
    assert.equal(isUtcTime('2026-03-01T14:32:05Z'), true);
    assert.equal(isUtcTime('2026-03-01T14:32:05.123+00:00'), true);
    assert.equal(isUtcTime('2026-03-01T14:32:05+02:00'), false);
    assert.equal(isUtcTime('2026-03-01'), false);
  });
});

describe('parseTrackerSpec', () => {
  it('reads the three kinds', () => {
    assert.deepEqual(parseTrackerSpec('github:acme/payments'), { kind: 'github', owner: 'acme', repo: 'payments' });
    assert.deepEqual(parseTrackerSpec(' GitHub: acme/payments.git '), { kind: 'github', owner: 'acme', repo: 'payments' });
    assert.deepEqual(parseTrackerSpec('gitlab:group/sub/project'), { kind: 'gitlab', project: 'group/sub/project' });
    assert.deepEqual(parseTrackerSpec('gitlab:1234'), { kind: 'gitlab', project: '1234' });
    assert.deepEqual(parseTrackerSpec('jira:ops'), { kind: 'jira', project: 'OPS' });
  });

  it('explains what is wrong', () => {
    assert.deepEqual(parseTrackerSpec('github:acme'), { error: 'GitHub tracker "acme" must be owner/repo, e.g. github:acme/payments' });
    assert.deepEqual(parseTrackerSpec('gitlab:project'), { error: 'GitLab tracker "project" must be a project path group/project (subgroups allowed) or a project id' });
    assert.deepEqual(parseTrackerSpec('jira:1X'), { error: 'Jira tracker "1X" must be a project key, e.g. jira:OPS' });
    assert.deepEqual(parseTrackerSpec('bugzilla:x'), { error: 'unknown tracker kind "bugzilla": use github:owner/repo, gitlab:group/project or jira:PROJ' });
    assert.deepEqual(parseTrackerSpec('acme/payments'), { error: 'tracker "acme/payments" is not one of github:owner/repo, gitlab:group/project or jira:PROJ' });
  });
});
