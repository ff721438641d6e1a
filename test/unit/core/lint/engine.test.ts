import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AlertResolver } from '../../../../src/core/alerts/resolver';
import { RuleIndex } from '../../../../src/core/alerts/rules';
import { DEFAULT_CONFIG, type ResolvedConfig } from '../../../../src/core/lint/config';
import { INTERNAL_ERROR_RULE, linkTarget, lintDocument, lintWorkspace, MAX_FINDINGS_PER_FILE, TOO_MANY_FINDINGS_RULE, type LintEnvironment } from '../../../../src/core/lint/engine';
import { applyFixes, applyFixesDetailed, isAutoFix } from '../../../../src/core/lint/fixes';
import { ALL_RULES } from '../../../../src/core/lint/rules';
import type { Finding, LintContext, LintRule } from '../../../../src/core/lint/types';
import { RunbookIndex } from '../../../../src/core/runbookIndex';
import { ALERT_WITHOUT_RUNBOOK, FENCE_LANGUAGE, NO_TODO, NOTE } from './fakeRules';

const DOC = '/w/runbooks/disk.md';

function env(over: Partial<LintEnvironment> = {}): LintEnvironment {
  return {
    runbooks: new RunbookIndex(),
    rules: new RuleIndex(),
    config: DEFAULT_CONFIG,
    today: '2026-03-01',
    fileExists: async () => true,
    ruleSet: [NO_TODO, FENCE_LANGUAGE, NOTE],
    ...over,
  };
}

const config = (rules: ResolvedConfig['rules'], ignores: ResolvedConfig['ignores'] = []): ResolvedConfig => ({ files: ['/w/.runbooklint.yaml'], rules, ignores });

/** A rule that reports what it is given in `reports`, and records the context it saw. */
function fake(id: string, name: string, reports: Parameters<LintContext['report']>[0][], seen?: LintContext[]): LintRule {
  return {
    id,
    name,
    description: `${name}.`,
    tags: [],
    defaultSeverity: 'warning',
    check(ctx) {
      seen?.push(ctx);
      for (const r of reports) {
        ctx.report(r);
      }
    },
  };
}

const brief = (fs: readonly Finding[]) => fs.map((f) => `${f.line}:${f.character} ${f.ruleId} ${f.severity}`);

const TEXT = ['# Disk full', '', 'TODO: write this', '', '```', 'df -h', '```', '', 'NOTE: TODO later', ''].join('\n');

describe('lintDocument', () => {
  it('runs every rule and sorts findings by line, character, then rule id', async () => {
    const findings = await lintDocument({ path: DOC, text: TEXT }, env());
    assert.deepEqual(brief(findings), ['2:0 RB901 warning', '4:0 RB902 error', '8:0 RB903 info', '8:6 RB901 warning']);
    const b = fake('RB912', 'b', [{ message: 'b', line: 1, character: 2 }, { message: 'b0', line: 0 }]);
    const a = fake('RB911', 'a', [{ message: 'a', line: 1, character: 2 }, { message: 'a1', line: 1, character: 0 }]);
    assert.deepEqual(brief(await lintDocument({ path: DOC, text: TEXT }, env({ ruleSet: [b, a] }))), ['0:0 RB912 warning', '1:0 RB911 warning', '1:2 RB911 warning', '1:2 RB912 warning']);
  });

  it('fills rule id, name, severity; the end defaults to the end of the line, and is never before the start', async () => {
    const rule = fake('RB911', 'a', [
      { message: 'whole line', line: 2 },
      { message: 'backwards', line: 2, character: 5, endLine: 1, endCharacter: 0 },
      { message: 'past the end', line: 99, character: -3 },
    ]);
    const [a, b, c] = await lintDocument({ path: DOC, text: TEXT }, env({ ruleSet: [rule] }));
    assert.deepEqual(a, { ruleId: 'RB911', ruleName: 'a', severity: 'warning', message: 'whole line', line: 2, character: 0, endLine: 2, endCharacter: 16 });
    assert.deepEqual([b.line, b.character, b.endLine, b.endCharacter], [2, 5, 2, 5]);
    assert.deepEqual([c.line, c.character, c.endLine, c.endCharacter], [9, 0, 9, 0]);
  });

  it('applies severity overrides from the configuration', async () => {
    const findings = await lintDocument({ path: DOC, text: TEXT }, env({ config: config({ RB901: { severity: 'error', options: {} }, RB902: { severity: 'info', options: {} } }) }));
    assert.deepEqual(brief(findings), ['2:0 RB901 error', '4:0 RB902 info', '8:0 RB903 info', '8:6 RB901 error']);
  });

  it('does not run a rule that is off', async () => {
    const seen: LintContext[] = [];
    const rule = fake('RB911', 'a', [{ message: 'x', line: 0 }], seen);
    const findings = await lintDocument({ path: DOC, text: TEXT }, env({ ruleSet: [rule, NO_TODO], config: config({ RB911: { severity: 'off', options: {} } }) }));
    assert.equal(seen.length, 0);
    assert.deepEqual(findings.map((f) => f.ruleId), ['RB901', 'RB901']);
  });

  it('merges configured options over the rule defaults; a setting without severity keeps the default one', async () => {
    const seen: LintContext[] = [];
    const rule: LintRule = { ...fake('RB911', 'a', [{ message: 'x', line: 0 }], seen), defaultOptions: { a: 1, b: [2], c: 'c' } };
    const findings = await lintDocument({ path: DOC, text: TEXT }, env({ ruleSet: [rule], config: config({ RB911: { severity: undefined, options: { b: [3], d: true } } }) }));
    assert.deepEqual(seen[0].options, { a: 1, b: [3], c: 'c', d: true });
    assert.equal(findings[0].severity, 'warning');
    // The rule sees the document, its lines, the indexes and today.
    assert.equal(seen[0].runbook.title, 'Disk full');
    assert.equal(seen[0].lines[2], 'TODO: write this');
    assert.equal(seen[0].today, '2026-03-01');
  });

  it('reports a rule that throws as one RB000 finding naming it; the other rules still run', async () => {
    const broken: LintRule = { ...fake('RB911', 'broken-rule', []), check: () => { throw new TypeError('cannot read properties of undefined'); } };
    const findings = await lintDocument({ path: DOC, text: TEXT }, env({ ruleSet: [broken, NO_TODO] }));
    assert.deepEqual(findings.map((f) => `${f.ruleId}/${f.ruleName} ${f.severity} ${f.line}`), ['RB000/internal-error error 0', 'RB901/no-todo warning 2', 'RB901/no-todo warning 8']);
    assert.match(findings[0].message, /RB911\/broken-rule.*cannot read properties of undefined/);
    assert.equal(INTERNAL_ERROR_RULE.id, 'RB000');
  });

  it('drops findings turned off by inline directives (by id or by name), not those in code blocks', async () => {
    const text = [
      '<!-- runbook-lint-disable-next-line no-todo -->',
      'TODO one',
      'TODO two <!-- runbook-lint-disable-line RB901 -->',
      '```',
      '<!-- runbook-lint-disable -->',
      '```',
      'TODO three',
      '<!-- runbook-lint-disable RB901 -->',
      'TODO four',
      '<!-- runbook-lint-enable -->',
      'TODO five',
    ].join('\n');
    assert.deepEqual(brief(await lintDocument({ path: DOC, text }, env())), ['3:0 RB902 error', '6:0 RB901 warning', '10:0 RB901 warning']);
  });

  it('returns nothing for a file the configuration ignores', async () => {
    const c = config({}, [{ base: '/w', pattern: 'runbooks/disk.md' }]);
    assert.deepEqual(await lintDocument({ path: DOC, text: TEXT }, env({ config: c })), []);
    assert.equal((await lintDocument({ path: '/w/runbooks/other.md', text: TEXT }, env({ config: c }))).length, 4);
  });

  it('pre-resolves relative link and image targets; exists() answers from them', async () => {
    const asked: string[] = [];
    const present = new Set(['/w/runbooks/other.md', '/w/img/graph.png', '/w/runbooks/my notes.md', '/w/scripts']);
    const seen: LintContext[] = [];
    const text = [
      '[a](other.md#section) [b](./other.md?plain=1) [c](../img/graph.png "t") ![d](../img/graph.png)',
      '[e](https://example.com/x.md) [f](mailto:ops@example.com) [g](#local) [h](missing.md) [i](my%20notes.md)',
      '[j](../scripts/) [k](//cdn.example.com/x) <https://auto.example.com>',
      '',
    ].join('\n');
    await lintDocument({ path: DOC, text }, env({ ruleSet: [fake('RB911', 'a', [], seen)], fileExists: async (p) => (asked.push(p), present.has(p)) }));
    assert.deepEqual(asked.sort(), ['/w/img/graph.png', '/w/runbooks/missing.md', '/w/runbooks/my notes.md', '/w/runbooks/my%20notes.md', '/w/runbooks/other.md', '/w/scripts']);
    const ctx = seen[0];
    assert.equal(ctx.exists('/w/runbooks/other.md'), true);
    assert.equal(ctx.exists('/w/runbooks/missing.md'), false);
    assert.equal(ctx.exists('/w/runbooks/../img/graph.png'), true, 'normalized');
    assert.equal(ctx.exists('/w/runbooks/my notes.md'), true);
    assert.equal(ctx.exists('other.md'), true, 'relative to the document, as written');
    assert.equal(ctx.exists('/w/scripts/'), true);
    assert.equal(ctx.exists('/w/never-linked.md'), false);
  });

  it('resolves links of URI-string documents without decoding them', () => {
    assert.equal(linkTarget('file:///w/runbooks/a.md', '../b%20c.md#x'), 'file:///w/b%20c.md');
    assert.equal(linkTarget('/w/runbooks/a.md', '../b%20c.md#x'), '/w/b c.md');
    assert.equal(linkTarget('/w/runbooks/a.md', '/docs/x.md'), '/docs/x.md');
    for (const external of ['https://x', 'HTTP://x', 'mailto:a@b', '#anchor', '', 'tel:123', '//host/x']) {
      assert.equal(linkTarget('/w/runbooks/a.md', external), undefined, external);
    }
  });

  it('treats a fileExists that fails as "exists" (no broken-link report for what cannot be checked)', async () => {
    const seen: LintContext[] = [];
    await lintDocument({ path: DOC, text: '[x](x.md)\n' }, env({ ruleSet: [fake('RB911', 'a', [], seen)], fileExists: async () => { throw new Error('EACCES'); } }));
    assert.equal(seen[0].exists('/w/runbooks/x.md'), true);
  });
});

describe('applyFixes', () => {
  it('applies a fix, and applying the fixes of the fixed text changes nothing (idempotent)', async () => {
    const e = env();
    const first = await lintDocument({ path: DOC, text: TEXT }, e);
    const fixed = applyFixes(TEXT, first);
    assert.equal(fixed, TEXT.replace('```\ndf', '```sh\ndf'));
    const second = await lintDocument({ path: DOC, text: fixed }, e);
    assert.ok(!second.some((f) => f.fix));
    assert.equal(applyFixes(fixed, second), fixed);
  });

  it('uses the configured options in fixes', async () => {
    const findings = await lintDocument({ path: DOC, text: TEXT }, env({ config: config({ RB902: { severity: undefined, options: { language: 'bash' } } }) }));
    assert.match(applyFixes(TEXT, findings), /```bash\ndf/);
  });

  it('applies non-overlapping fixes bottom-up and skips those that overlap an earlier one', () => {
    const text = 'abcdef\nghij\n';
    const f = (line: number, character: number, endCharacter: number, newText: string): Finding => ({
      ruleId: 'RB911', ruleName: 'a', severity: 'warning', message: newText, line, character, endLine: line, endCharacter,
      fix: { title: newText, edits: [{ range: { start: { line, character }, end: { line, character: endCharacter } }, newText }] },
    });
    const r = applyFixesDetailed(text, [f(1, 0, 2, 'GH'), f(0, 1, 3, 'BC'), f(0, 2, 4, 'xx'), f(0, 5, 5, '!')]);
    assert.deepEqual(r, { text: 'aBCde!f\nGHij\n', applied: 3, skipped: 1 });
    // Two insertions at the same place: the second is left out (their order would be a guess).
    assert.equal(applyFixes(text, [f(0, 0, 0, '1'), f(0, 0, 0, '2')]), '1abcdef\nghij\n');
    // A fix with several edits is applied whole, or not at all.
    const multi: Finding = { ...f(0, 0, 1, 'A'), fix: { title: 'm', edits: [f(0, 0, 1, 'A').fix!.edits[0], f(1, 3, 4, 'J').fix!.edits[0]] } };
    assert.equal(applyFixes(text, [multi]), 'Abcdef\nghiJ\n');
    assert.equal(applyFixes(text, [f(0, 0, 2, '0X'), multi]), '0Xcdef\nghij\n');
    assert.equal(applyFixes(text, [f(1, 3, 4, 'Z'), multi]), 'Abcdef\nghiJ\n', 'a later fix overlapping any edit of an earlier one is left out');
    // Positions past the end of a line or of the text are clamped.
    assert.equal(applyFixes(text, [f(0, 99, 99, '.'), f(7, 0, 0, 'end')]), 'abcdef.\nghij\nend');
  });

  it('leaves suggestions (fixes that need a person) to the editor', () => {
    const suggestion: Finding = {
      ruleId: 'RB911', ruleName: 'a', severity: 'warning', message: 'stale', line: 0, character: 0, endLine: 0, endCharacter: 1,
      fix: { title: 'Mark as reviewed today', suggestion: true, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, newText: 'X' }] },
    };
    assert.equal(isAutoFix(suggestion), false);
    assert.deepEqual(applyFixesDetailed('abc', [suggestion]), { text: 'abc', applied: 0, skipped: 0 });
  });

  it('keeps CRLF line endings and a BOM', async () => {
    const crlf = `\ufeff${TEXT.replace(/\n/g, '\r\n')}`;
    const findings = await lintDocument({ path: DOC, text: crlf }, env());
    assert.deepEqual(brief(findings), ['2:0 RB901 warning', '4:0 RB902 error', '8:0 RB903 info', '8:6 RB901 warning']);
    const nl: Finding = { ...findings[0], fix: { title: 'two lines', edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: 'x\ny\n' }] } };
    assert.equal(applyFixes(crlf, [...findings, nl]), `\ufeffx\r\ny\r\n${TEXT.replace(/\n/g, '\r\n').replace('```\r\ndf', '```sh\r\ndf')}`);
  });
});

describe('lintWorkspace', () => {
  const rules = new RuleIndex();
  rules.set('/w/monitoring/b.rules.yml', 'groups:\n  - name: b\n    rules:\n      - alert: Zed\n        expr: up == 0\n');
  rules.set('/w/monitoring/a.rules.yml', 'groups:\n  - name: a\n    rules:\n      - alert: DiskFull\n        expr: x\n      - alert: Unserved\n        expr: y\n');
  const runbooks = new RunbookIndex();
  runbooks.set('/w/runbooks/disk.md', '---\nalerts: [DiskFull]\n---\n# Disk\n');
  const wenv = { runbooks, rules, config: DEFAULT_CONFIG, today: '2026-03-01', ruleSet: [NO_TODO, ALERT_WITHOUT_RUNBOOK], roots: ['/w'] };

  it('reports rule-file findings at the rule line, sorted by path and line', () => {
    const findings = lintWorkspace(wenv);
    assert.deepEqual(findings.map((f) => `${f.path}:${f.line}:${f.character}-${f.endCharacter} ${f.ruleId} ${f.severity} ${f.message}`), [
      '/w/monitoring/a.rules.yml:5:15-23 RB904 warning alert Unserved has no runbook',
      '/w/monitoring/b.rules.yml:3:15-18 RB904 warning alert Zed has no runbook',
    ]);
  });

  it('applies configured severity, off and ignores', () => {
    assert.deepEqual(lintWorkspace({ ...wenv, config: config({ RB904: { severity: 'error', options: {} } }) }).map((f) => f.severity), ['error', 'error']);
    assert.deepEqual(lintWorkspace({ ...wenv, config: config({ RB904: { severity: 'off', options: {} } }) }), []);
    assert.deepEqual(lintWorkspace({ ...wenv, config: config({}, [{ base: '/w', pattern: 'monitoring/b.*' }]) }).map((f) => f.path), ['/w/monitoring/a.rules.yml']);
  });

  it('reports a workspace check that throws as RB000 at the first root', () => {
    const broken: LintRule = { ...ALERT_WITHOUT_RUNBOOK, workspaceCheck: () => { throw new Error('boom'); } };
    const findings = lintWorkspace({ ...wenv, ruleSet: [broken] });
    assert.deepEqual(findings.map((f) => `${f.path} ${f.ruleId} ${f.message}`), ['/w RB000 rule RB904/alert-without-runbook failed: boom']);
  });

  it('computes the coverage once per pass, shared by every rule that asks (RB203 and RB204 of the real set), with the owner\'s resolver', () => {
    const resolver = new AlertResolver({ runbooks, rules, mappings: [], roots: ['/w'] });
    let computed = 0;
    const coverage = resolver.coverage.bind(resolver);
    resolver.coverage = () => {
      computed++;
      return coverage();
    };
    const coverageSteps = resolver.coverageSteps.bind(resolver);
    resolver.coverageSteps = () => {
      computed++; // the pass computes it in steps, up front, when a cross-file rule is on
      return coverageSteps();
    };
    const coverageRules = ALL_RULES.filter((r) => r.id === 'RB203' || r.id === 'RB204');
    assert.equal(coverageRules.length, 2);
    const findings = lintWorkspace({ ...wenv, ruleSet: [...coverageRules, ALERT_WITHOUT_RUNBOOK], resolver });
    assert.equal(computed, 1);
    assert.deepEqual(findings.map((f) => `${f.path}:${f.line} ${f.ruleId}`), [
      '/w/monitoring/a.rules.yml:5 RB204',
      '/w/monitoring/a.rules.yml:5 RB904',
      '/w/monitoring/b.rules.yml:3 RB204',
      '/w/monitoring/b.rules.yml:3 RB904',
    ]);
    // The next pass computes it again (the indexes may have changed in between).
    lintWorkspace({ ...wenv, ruleSet: coverageRules, resolver });
    assert.equal(computed, 2);
  });
});

describe('findings per file are capped', () => {
  it(`keeps the first ${MAX_FINDINGS_PER_FILE} and one RB001 finding counting the rest, as severe as the worst of them`, async () => {
    const text = 'x\n'.repeat(200_000);
    const every = (id: string, from: number) => ({
      ...fake(id, id, []),
      check(ctx: LintContext) {
        for (let line = from; line < ctx.lines.length - 1; line++) {
          ctx.report({ message: 'line', line });
        }
      },
    });
    const errors = { ...every('RB912', 150_000), defaultSeverity: 'error' as const };
    const findings = await lintDocument({ path: DOC, text }, env({ ruleSet: [every('RB911', 0), errors] }));
    assert.equal(findings.length, MAX_FINDINGS_PER_FILE + 1);
    assert.deepEqual(findings.slice(0, 2).map((f) => `${f.line} ${f.ruleId}`), ['0 RB911', '1 RB911']);
    const last = findings[MAX_FINDINGS_PER_FILE];
    assert.equal(last.ruleId, TOO_MANY_FINDINGS_RULE.id);
    assert.equal(last.ruleName, 'too-many-findings');
    assert.equal(last.severity, 'error');
    assert.equal(last.line, MAX_FINDINGS_PER_FILE);
    assert.match(last.message, /^249000 more findings in this file are not shown \(RB911 ×199000, RB912 ×50000\)/);
  });

  it('leaves a file at the cap alone', async () => {
    const text = 'x\n'.repeat(MAX_FINDINGS_PER_FILE);
    const rule = { ...fake('RB911', 'a', []), check: (ctx: LintContext) => ctx.lines.forEach((_, line) => line < MAX_FINDINGS_PER_FILE && ctx.report({ message: 'm', line })) };
    const findings = await lintDocument({ path: DOC, text }, env({ ruleSet: [rule] }));
    assert.equal(findings.length, MAX_FINDINGS_PER_FILE);
    assert.ok(findings.every((f) => f.ruleId === 'RB911'));
  });
});
