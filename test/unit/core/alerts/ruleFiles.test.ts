import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadRuleFile, MAX_RULE_FILE_BYTES } from '../../../../src/core/alerts/ruleFiles';

const bytes = (s: string) => new TextEncoder().encode(s);
const RULES = 'groups:\n  - name: g\n    rules:\n      - alert: EtcdDown\n        expr: up == 0\n';

describe('loadRuleFile', () => {
  it('gives the text, and whether it looks like a rule file', async () => {
    assert.deepEqual(await loadRuleFile({ bytes: () => bytes(RULES) }), { text: RULES, rules: true });
    assert.deepEqual(await loadRuleFile({ bytes: async () => bytes('\ufeffname: chart\n') }), { text: 'name: chart\n', rules: false });
  });

  it('never reads a file whose size is over the limit', async () => {
    let read = false;
    const r = await loadRuleFile({ size: () => MAX_RULE_FILE_BYTES + 1, bytes: () => ((read = true), bytes(RULES)) });
    assert.deepEqual(r, { problem: `not read: ${MAX_RULE_FILE_BYTES + 1} bytes, more than ${MAX_RULE_FILE_BYTES} (a generated bundle?)` });
    assert.equal(read, false);
  });

  it('refuses bytes over the limit when the size was not known, and binary files', async () => {
    const big = new Uint8Array(MAX_RULE_FILE_BYTES + 1).fill(0x61);
    assert.deepEqual(await loadRuleFile({ bytes: () => big }), { problem: `not read: ${MAX_RULE_FILE_BYTES + 1} bytes, more than ${MAX_RULE_FILE_BYTES} (a generated bundle?)` });
    assert.deepEqual(await loadRuleFile({ bytes: () => new Uint8Array([0x61, 0, 0x62]) }), { problem: 'not read: looks like a binary file (NUL byte), skipped' });
    assert.deepEqual(await loadRuleFile({ size: () => MAX_RULE_FILE_BYTES, bytes: () => bytes(RULES) }), { text: RULES, rules: true });
  });

  it('turns a read error into a problem, never a throw', async () => {
    assert.deepEqual(await loadRuleFile({ bytes: () => Promise.reject(new Error('EACCES: permission denied')) }), { problem: 'could not read: EACCES: permission denied' });
    assert.deepEqual(await loadRuleFile({ size: () => { throw new Error('ENOENT: gone'); }, bytes: () => bytes(RULES) }), { problem: 'could not read: ENOENT: gone' });
  });
});
