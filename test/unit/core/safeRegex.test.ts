import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileUserPattern, MAX_PATTERN_LENGTH, type SafePattern } from '../../../src/core/safeRegex';

function ok(source: string, flags = ''): SafePattern {
  const p = compileUserPattern(source, flags);
  assert.ok(p.ok, `${source}: ${p.ok ? '' : p.problem}`);
  return p;
}

function refused(source: string, flags = ''): string {
  const p = compileUserPattern(source, flags);
  assert.ok(!p.ok, `${source} should be refused`);
  assert.equal(p.source, source);
  return p.problem;
}

describe('compileUserPattern', () => {
  it('runs catastrophic-backtracking patterns on the linear engine: the answer, not a hang', () => {
    // With JavaScript's RegExp each of these takes longer than the test run (2^n steps); here they just answer.
    const evil = 'a'.repeat(100_000) + '!';
    assert.equal(ok('^(a+)+$').test(evil), false);
    assert.equal(ok('^(a|a)*$').test(evil), false);
    assert.equal(ok('^(a|aa)+$').test(evil), false);
    assert.equal(ok('(\\w+\\s?)+$').test(`${'word '.repeat(20_000)}!`), false);
    assert.equal(ok('^(a+)+$').test('a'.repeat(100_000)), true);
  });

  it('finds the leftmost match, with its offset in UTF-16 code units', () => {
    assert.deepEqual(ok('kubectl\\s+delete', 'i').exec('é😀 KUBECTL  delete pod'), { index: 4, text: 'KUBECTL  delete' });
    assert.equal(ok('kubectl\\s+delete').exec('KUBECTL delete'), undefined, 'case matters without i');
    assert.deepEqual(ok('a|ab').exec('xab'), { index: 1, text: 'a' }, 'leftmost-first, like JavaScript');
    assert.equal(ok('^b', 'm').test('a\nb'), true);
    assert.equal(ok('^b').test('a\nb'), false);
    assert.equal(ok('a.b', 's').test('a\nb'), true);
    assert.equal(ok('a.b').test('a\nb'), false);
  });

  it('reads JavaScript syntax: \\u escapes, named groups, [^], lookbehinds without captures', () => {
    assert.equal(ok('\\u0041\\x42').test('AB'), true);
    assert.deepEqual(ok('(?<verb>drop)\\s+table', 'i').exec('DROP TABLE x'), { index: 0, text: 'DROP TABLE' });
    assert.equal(ok('a[^]b').test('a\nb'), true);
    assert.deepEqual(ok('(?<![\\w-])--force').exec('x--force --force'), { index: 9, text: '--force' });
    assert.equal(ok('[(?=]x').test('(x'), true, 'inside a class, `(?=` is three characters');
    assert.equal(ok('\\/tmp\\/').test('/tmp/'), true);
  });

  it('refuses what cannot run in linear time, and says why', () => {
    assert.match(refused('(a)\\1'), /backreferences \(`\\1`\) are not supported/);
    assert.match(refused('(?<q>a)\\k<q>'), /backreferences \(`\\k<name>`\) are not supported/);
    assert.match(refused('rm(?=\\s|$)'), /lookaheads \(`\(\?=…\)`\) are not supported: match what follows instead/);
    assert.match(refused('rm(?!\\w)'), /lookaheads \(`\(\?!…\)`\)/);
    assert.match(refused('(?<=(a))b'), /not supported by the linear-time engine/);
    assert.match(refused('a{1001}'), /not supported by the linear-time engine \(RE2\): invalid repeat count/);
  });

  it('refuses invalid, empty and over-long patterns and unknown flags, never throws', () => {
    assert.match(refused('('), /not a valid regular expression: .*Unterminated group/);
    assert.match(refused(''), /empty/);
    assert.match(refused('a'.repeat(MAX_PATTERN_LENGTH + 1)), /longer than 2000 characters/);
    assert.match(refused('a', 'x'), /unknown flag "x"/);
    assert.equal(ok('a', 'gimsuy').test('A'), true);
    for (const s of ['\\', '[', '(?', '(?<', '\\k', '[\\', 'a**', '\\p{Nope}']) {
      assert.doesNotThrow(() => compileUserPattern(s), s);
    }
  });
});
