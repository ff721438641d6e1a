import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { INTERNAL_ERROR_RULE } from '../../../../src/core/lint/engine';
import { escapeData, escapeProperty, formatFindings, formatGithub, formatJson, formatSarif, formatText, ruleHelpUri } from '../../../../src/core/lint/format';
import { ALL_RULES } from '../../../../src/core/lint/rules';
import type { WorkspaceFinding } from '../../../../src/core/lint/types';
import { slugify } from '../../../../src/core/slug';
import { FAKE_RULES, FENCE_LANGUAGE } from './fakeRules';

const REPO = path.join(__dirname, '../../../../..');

const finding = (path: string, line: number, character: number, ruleId: string, ruleName: string, severity: WorkspaceFinding['severity'], message: string, extra: Partial<WorkspaceFinding> = {}): WorkspaceFinding => ({
  path, line, character, endLine: line, endCharacter: character + 3, ruleId, ruleName, severity, message, ...extra,
});

const FIX = { title: 'Add sh', edits: [{ range: { start: { line: 4, character: 3 }, end: { line: 4, character: 3 } }, newText: 'sh' }] };

/** Deliberately out of order. */
const FINDINGS: WorkspaceFinding[] = [
  finding('runbooks/disk.md', 8, 6, 'RB901', 'no-todo', 'warning', 'TODO left in the runbook'),
  finding('monitoring/node.rules.yml', 11, 14, 'RB904', 'alert-without-runbook', 'warning', 'alert NodeDown has no runbook'),
  finding('runbooks/disk.md', 4, 0, 'RB902', 'fence-language', 'error', 'code block without a language', { fix: FIX }),
  finding('runbooks/disk.md', 8, 0, 'RB903', 'note', 'info', 'a note'),
  finding('runbooks/disk.md', 4, 0, 'RB901', 'no-todo', 'warning', 'TODO left\nin the runbook'),
  finding('runbooks/a b/c,d:e.md', 0, 0, 'RB000', 'internal-error', 'error', 'rule RB905/x failed: 100% broken'),
];

describe('text', () => {
  it('prints path:line:col  severity  RB/name  message, sorted, 1-based, with a summary', () => {
    assert.equal(formatText(FINDINGS), [
      'monitoring/node.rules.yml:12:15  warning  RB904/alert-without-runbook  alert NodeDown has no runbook',
      'runbooks/a b/c,d:e.md:1:1  error  RB000/internal-error  rule RB905/x failed: 100% broken',
      'runbooks/disk.md:5:1  warning  RB901/no-todo  TODO left in the runbook',
      'runbooks/disk.md:5:1  error  RB902/fence-language  code block without a language',
      'runbooks/disk.md:9:1  info  RB903/note  a note',
      'runbooks/disk.md:9:7  warning  RB901/no-todo  TODO left in the runbook',
      '',
      '6 problems (2 errors, 3 warnings, 1 info), 1 fixable with --fix',
      '',
    ].join('\n'));
  });

  it('is stable: the same findings in any order print the same', () => {
    const expected = formatText(FINDINGS);
    for (let i = 0; i < 5; i++) {
      const shuffled = [...FINDINGS].sort(() => Math.random() - 0.5);
      assert.equal(formatText(shuffled), expected);
    }
  });

  it('prints nothing when there is nothing to say', () => {
    assert.equal(formatText([]), '');
    assert.equal(formatText([FINDINGS[3]]), 'runbooks/disk.md:9:1  info  RB903/note  a note\n\n1 problem (0 errors, 0 warnings, 1 info)\n');
  });

  it('matches the problem matcher contributed for VS Code tasks', () => {
    const manifest = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { contributes: { problemMatchers?: { name: string; pattern: { regexp: string } }[] } };
    const matcher = manifest.contributes.problemMatchers?.find((m) => m.name === 'runbook-lint');
    if (!matcher) {
      return; // not contributed (yet)
    }
    const re = new RegExp(matcher.pattern.regexp);
    const lines = formatText(FINDINGS).split('\n');
    assert.equal(lines.filter((l) => re.test(l)).length, FINDINGS.length);
  });
});

describe('json', () => {
  it('is an array of {path, line, column, endLine, endColumn, severity, ruleId, ruleName, message, fixable}, sorted, 1-based', () => {
    const out = JSON.parse(formatJson(FINDINGS)) as unknown[];
    assert.equal(out.length, 6);
    assert.deepEqual(out[3], {
      path: 'runbooks/disk.md', line: 5, column: 1, endLine: 5, endColumn: 4, severity: 'error', ruleId: 'RB902', ruleName: 'fence-language', message: 'code block without a language', fixable: true,
    });
    assert.deepEqual((out as { path: string; line: number; fixable: boolean }[]).map((f) => `${f.path}:${f.line}:${f.fixable}`), [
      'monitoring/node.rules.yml:12:false', 'runbooks/a b/c,d:e.md:1:false', 'runbooks/disk.md:5:false', 'runbooks/disk.md:5:true', 'runbooks/disk.md:9:false', 'runbooks/disk.md:9:false',
    ]);
    assert.equal(formatJson([]), '[]\n');
  });
});

describe('github', () => {
  it('prints workflow commands, escaping data and properties', () => {
    const out = formatGithub(FINDINGS).split('\n');
    assert.equal(out.length, 7);
    assert.equal(out[0], '::warning file=monitoring/node.rules.yml,line=12,col=15,endLine=12,endColumn=18,title=RB904/alert-without-runbook::alert NodeDown has no runbook');
    assert.equal(out[1], '::error file=runbooks/a b/c%2Cd%3Ae.md,line=1,col=1,endLine=1,endColumn=4,title=RB000/internal-error::rule RB905/x failed: 100%25 broken');
    assert.equal(out[2], '::warning file=runbooks/disk.md,line=5,col=1,endLine=5,endColumn=4,title=RB901/no-todo::TODO left%0Ain the runbook');
    assert.equal(out[4], '::notice file=runbooks/disk.md,line=9,col=1,endLine=9,endColumn=4,title=RB903/note::a note');
    assert.equal(out[6], '');
    assert.equal(escapeData('a%b\r\nc:d,e'), 'a%25b%0D%0Ac:d,e');
    assert.equal(escapeProperty('a%b\r\nc:d,e'), 'a%25b%0D%0Ac%3Ad%2Ce');
    assert.equal(formatGithub([]), '');
  });
});

describe('sarif', () => {
  const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
  // The official schema's language pattern has a stray `]` that the `u` flag rejects: compile patterns without it.
  const regExp = Object.assign((pattern: string, flags: string) => new RegExp(pattern, flags.replace('u', '')), { code: 'new RegExp' });
  const ajv = new Ajv({ allErrors: true, strict: false, code: { regExp } });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  const valid = (text: string) => {
    const log = JSON.parse(text) as unknown;
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    return log as { version: string; runs: { tool: { driver: Record<string, unknown> & { rules: Record<string, unknown>[] } }; results: Record<string, unknown>[]; originalUriBaseIds?: unknown }[] };
  };

  it('the schema rejects what it should (the validator is live)', () => {
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: {} }] }), false);
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] }), false);
  });

  it('is valid SARIF 2.1.0 with the rules described and results located', () => {
    const log = valid(formatSarif(FINDINGS, { ruleSet: FAKE_RULES, version: '1.2.3', srcRoot: 'file:///home/ci/repo' }));
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0];
    const driver = run.tool.driver;
    assert.equal(driver.name, 'runbook-lint');
    assert.equal(driver.version, '1.2.3');
    assert.equal(driver.informationUri, 'https://github.com/incident-runbooks/incident-runbooks');
    assert.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: 'file:///home/ci/repo/' } });
    assert.deepEqual(driver.rules.map((r) => r.id), ['RB901', 'RB902', 'RB903', 'RB904', 'RB000']);
    assert.deepEqual(driver.rules[1], {
      id: 'RB902',
      name: 'fence-language',
      shortDescription: { text: 'Fenced code blocks name their language.' },
      fullDescription: { text: FENCE_LANGUAGE.description },
      defaultConfiguration: { level: 'error' },
      helpUri: 'https://github.com/incident-runbooks/incident-runbooks/blob/main/docs/lint.md#rb902-fence-language',
      properties: { tags: ['steps', 'fixable'] },
    });
    assert.equal(driver.rules[2].defaultConfiguration && (driver.rules[2].defaultConfiguration as { level: string }).level, 'note');
    assert.equal(run.results.length, 6);
    assert.deepEqual(run.results[1], {
      ruleId: 'RB000',
      ruleIndex: 4,
      level: 'error',
      message: { text: 'rule RB905/x failed: 100% broken' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'runbooks/a%20b/c%2Cd%3Ae.md', uriBaseId: '%SRCROOT%' }, region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 4 } } }],
    });
    for (const r of run.results) {
      assert.equal(driver.rules[r.ruleIndex as number].id, r.ruleId);
    }
    assert.deepEqual(run.results.map((r) => r.level), ['warning', 'error', 'warning', 'error', 'note', 'warning']);
  });

  it('is valid with no findings, with paths outside the root, and without srcRoot', () => {
    valid(formatSarif([], { ruleSet: FAKE_RULES }));
    const log = valid(formatSarif([finding('../elsewhere/x.md', 3, 0, 'RB777', 'from-another-set', 'warning', 'm')], { ruleSet: [] }));
    assert.equal((log.runs[0].results[0].locations as { physicalLocation: { artifactLocation: { uri: string } } }[])[0].physicalLocation.artifactLocation.uri, '../elsewhere/x.md');
    assert.deepEqual(log.runs[0].tool.driver.rules.map((r) => r.id), ['RB777']);
    valid(formatFindings('sarif', FINDINGS));
  });

  it('links every rule to its section of docs/lint.md', () => {
    const docs = readFileSync(path.join(REPO, 'docs/lint.md'), 'utf8');
    const anchors = new Set([...docs.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slugify(m[1])));
    const missing = [...ALL_RULES, INTERNAL_ERROR_RULE].filter((r) => !anchors.has(new URL(ruleHelpUri(r)).hash.slice(1)));
    assert.deepEqual(missing.map((r) => `### ${r.id} ${r.name}`), [], 'docs/lint.md needs these headings');
  });
});

describe('formatFindings', () => {
  it('dispatches on the format name', () => {
    assert.equal(formatFindings('text', FINDINGS), formatText(FINDINGS));
    assert.equal(formatFindings('json', FINDINGS), formatJson(FINDINGS));
    assert.equal(formatFindings('github', FINDINGS), formatGithub(FINDINGS));
  });
});
