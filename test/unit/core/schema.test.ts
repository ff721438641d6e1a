import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FRONT_MATTER_SCHEMA, validate } from '../../../src/core/schema';

const messages = (data: unknown) => validate(data, FRONT_MATTER_SCHEMA).map((e) => `${e.path.join('.')}: ${e.message}`);

describe('front-matter schema check', () => {
  it('accepts the documented keys', () => {
    assert.deepEqual(messages({
      title: 'T', alerts: ['A', 'KubePod*'], service: 's', owner: '@o', severity: 'high', tags: ['x'],
      last_reviewed: '2026-02-28', review_every: '90d', cwd: '.',
      variables: { ns: 'Namespace', pod: { description: 'Pod', default: 3, secret: false } },
    }), []);
  });

  it('names the key, the value and what was expected', () => {
    assert.deepEqual(messages({ severity: 'apocalyptic' }), ['severity: "apocalyptic" is not one of "critical", "high", "warning", "low", "info"']);
    assert.deepEqual(messages({ title: 3 }), ['title: should be a string, not an integer']);
    assert.deepEqual(messages({ alerts: { a: 1 } }), ['alerts: should be a list, not a mapping']);
    assert.deepEqual(messages({ last_reviewed: '2026-02-30' }), ['last_reviewed: "2026-02-30" is not a date (YYYY-MM-DD)']);
    assert.deepEqual(messages({ review_every: 'soon' }), ['review_every: "soon" does not match ^[1-9][0-9]*[dwmy]$']);
    assert.deepEqual(messages({ alerts: ['A', 'A'] }), ['alerts.1: "A" is listed twice']);
    assert.deepEqual(messages({ alerts: ['bad name'] }), ['alerts.0: "bad name" does not match ^[A-Za-z_:*?][A-Za-z0-9_:*?]*$']);
  });

  it('reports unknown keys, and unknown keys of a variable', () => {
    assert.match(messages({ titel: 'x' })[0], /^titel: unknown key "titel" \(known: title, alerts/);
    assert.deepEqual(messages({ variables: { ns: { descripton: 'x' } } }), ['variables.ns.descripton: unknown key "descripton" (known: description, default, secret, pattern, enum)']);
    assert.deepEqual(messages({ variables: { 'bad-name': 'x' } }), ['variables.bad-name: name "bad-name" does not match ^[A-Za-z_][A-Za-z0-9_]*$']);
  });

  it('rejects a front matter that is not a mapping', () => {
    assert.deepEqual(messages(['a']), [': should be a mapping, not a list']);
  });
});

describe('schema check on long lists', () => {
  it('returns 200,000 problems without overflowing the stack (no push(...errors))', () => {
    const list = Array.from({ length: 200_000 }, (_, i) => i);
    const errors = validate([list], { type: 'array', items: { type: 'array', items: { type: 'string' } } });
    assert.equal(errors.length, 200_000);
    assert.deepEqual(errors[199_999].path, [0, 199_999]);
  });
});
