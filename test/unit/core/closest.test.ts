import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closest, editDistance } from '../../../src/core/closest';

describe('spelling suggestions', () => {
  it('edit distance and the closest candidate', () => {
    assert.equal(editDistance('onwer', 'owner'), 2);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(closest('mitigaton', ['meaning', 'mitigation'], 2), 'mitigation');
    assert.equal(closest('zzz', ['meaning'], 2), undefined);
  });
});
