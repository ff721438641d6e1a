import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compilePatterns, countRedactions, marker, MAX_REDACT_CHARS, redact, unsafePattern } from '../../../../src/core/run/redact';
import { NEAR_MISSES, POSITIVES } from './redactCorpus';

describe('redaction corpus', () => {
  it('catches every credential of the corpus and changes none of the near-misses (catch rate 100 %, false positives 0 %)', (t) => {
    const missed: string[] = [];
    for (const p of POSITIVES) {
      const out = redact(p.text, { secrets: p.secretValues });
      const left = p.secrets.filter((s) => out.includes(s));
      if (left.length || !out.includes('[REDACTED:') && !out.includes('••••')) {
        missed.push(`${p.name}: ${JSON.stringify(out)}`);
      }
    }
    const changed = NEAR_MISSES.filter((text) => redact(text) !== text).map((text) => `${JSON.stringify(text)} -> ${JSON.stringify(redact(text))}`);
    const catchRate = (100 * (POSITIVES.length - missed.length)) / POSITIVES.length;
    const fpRate = (100 * changed.length) / NEAR_MISSES.length;
    t.diagnostic(`redaction corpus: ${POSITIVES.length} credentials, catch rate ${catchRate.toFixed(1)} %; ${NEAR_MISSES.length} near-misses, false-positive rate ${fpRate.toFixed(1)} %`);
    assert.deepEqual(missed, [], 'credentials that got through');
    assert.deepEqual(changed, [], 'near-misses that were changed');
  });

  it('keeps the context of what it removes: the key, the header, the URL user', () => {
    assert.equal(redact('password: hunter2hunter2'), `password: ${marker('secret-assignment')}`);
    assert.equal(redact('curl -H "Authorization: Bearer abcdefabcdef1234"'), `curl -H "Authorization: Bearer ${marker('authorization')}"`);
    assert.equal(redact('postgres://app:pa55word@db:5432/x'), `postgres://app:${marker('url-credentials')}@db:5432/x`);
    assert.equal(redact('https://hooks.slack.com/services/T0000/B0000/abcdefgh'), `https://hooks.slack.com/services/${marker('slack-webhook')}`);
  });

  it('counts what it removed', () => {
    assert.equal(countRedactions('token=abcdefgh1234 and password=zzzzyyyyxxxx'), 2);
    assert.equal(countRedactions('nothing here'), 0);
  });

  it('masks the values of secret variables in their quoted forms (mask)', () => {
    assert.equal(redact("X='a'\\''b' y", { secrets: ["a'b"] }), "X='••••' y");
  });

  it('cuts a text longer than the bound, and still redacts the part it keeps', () => {
    const big = `password=abcdefgh12345 ${'x'.repeat(MAX_REDACT_CHARS + 1000)}`;
    const out = redact(big);
    assert.ok(out.length < big.length);
    assert.match(out, /characters cut\]$/);
    assert.ok(!out.includes('abcdefgh12345'));
  });
});

describe('extra redaction patterns', () => {
  it('applies a user pattern: the whole match, or its first group; (?i) makes it case-insensitive', () => {
    const { patterns, problems } = compilePatterns(['ACME-[0-9]{6}', '(?i)session=([a-z0-9]{8})']);
    assert.deepEqual(problems, []);
    assert.equal(redact('ticket ACME-123456 opened', { patterns }), `ticket ${marker('custom')} opened`);
    assert.equal(redact('SESSION=ABCD1234;', { patterns }), `SESSION=${marker('custom')};`);
  });

  it('refuses patterns that could take more than linear time, and invalid ones, saying why', () => {
    for (const bad of ['(a+)+$', '(\\w*x)*', '(a|aa)+', '(x)\\1', '(?<n>a)\\k<n>', '((ab)*c)*', '(a{1,3}b)+']) {
      assert.ok(unsafePattern(bad), bad);
    }
    for (const good of ['ACME-[0-9]{6}', 'key-(?:[a-z]{4})', '(?:abc)+', '[(+*)]+', '\\(a+\\)+', 'x(ab)?y+']) {
      assert.equal(unsafePattern(good), undefined, good);
    }
    const { patterns, problems } = compilePatterns(['(a+)+', '[', 42, 'ok']);
    assert.equal(patterns.length, 1);
    assert.equal(problems.length, 3);
    assert.match(problems[0], /\/\(a\+\)\+\/ ignored: it has a nested quantifier/);
  });
});
