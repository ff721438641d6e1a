import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_ANNOTATION_KEYS, parseQuickly, parseRuleFile, parseRuleFileFully } from '../../../../src/core/alerts/rules';

// tsc compiles this file to out/test/unit/core/alerts/; the fixtures stay in the source tree.
const FIXTURES = path.join(__dirname, '../../../../../test/unit/core/alerts/fixtures');

const quick = (text: string) => parseQuickly('r.yml', text, DEFAULT_ANNOTATION_KEYS);
const full = (text: string) => parseRuleFileFully('r.yml', text);

const PLAIN = [
  '# comment',
  'groups:',
  '- name: g',
  '  rules:',
  '  - record: job:up:sum',
  '    expr: sum(up)',
  '  - alert: "Quoted"',
  '    expr: up == 0',
  '    for: 5m',
  '    labels: {severity: page, priority: "4", ratio: 1.5}',
  '    annotations:',
  '      description: |',
  '        text with a # and a colon: here',
  '      runbook_url: "https://x.example/r"   # trailing',
  '  - alert: Plain   # the second',
  '    annotations:',
  '      runbook: https://x.example/p',
  '  - alert:',
  '    expr: nothing',
  '  - alert: Third',
  '    labels:',
  '      team: a',
  '',
].join('\n');

describe('parseQuickly (the fast path of parseRuleFile)', () => {
  it('reads a common rule file exactly as the yaml document model does: values, lines and columns', () => {
    const q = quick(PLAIN);
    assert.ok(q, 'the fast path takes a plain block-style rule file');
    assert.deepEqual(q, full(PLAIN));
    assert.deepEqual(q.rules.map((r) => [r.alert, r.line, r.character, r.urlLine]), [
      ['Quoted', 6, 11, 13],
      ['Plain', 14, 11, 16],
      ['Third', 19, 11, undefined],
    ]);
    assert.deepEqual(parseRuleFile('r.yml', PLAIN), full(PLAIN));
  });

  it('agrees with the yaml document model on every fixture it takes (and PrometheusRule/List resources)', () => {
    const names = readdirSync(FIXTURES).filter((n) => /\.(ya?ml|json|j2)$/.test(n));
    let taken = 0;
    for (const name of names) {
      const text = readFileSync(path.join(FIXTURES, name), 'utf8');
      const q = parseQuickly(name, text, DEFAULT_ANNOTATION_KEYS);
      if (q) {
        taken++;
        assert.deepEqual(q, parseRuleFileFully(name, text), name);
      }
    }
    assert.ok(taken >= 3, `fast path took ${taken} fixtures`);
    const list = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: monitoring.coreos.com/v1\n  kind: PrometheusRule\n  spec:\n    groups:\n    - name: g\n      rules:\n      - alert: InList\n        annotations:\n          runbook_url: https://x.example/l\n';
    assert.ok(quick(list));
    assert.deepEqual(quick(list), full(list));
    assert.equal(quick(list)!.rules[0].urlLine, 11);
  });

  it('takes a templated dashboard URL (`}}&var-…`) for what it is: no anchor', () => {
    const text = 'groups:\n- name: g\n  rules:\n  - alert: A\n    annotations:\n      dashboard: https://d.example/d?var-env={{ $labels.env }}&var-stage={{ $labels.stage }}\n      runbook_url: https://x.example/a\n';
    const q = quick(text);
    assert.ok(q, 'the fast path takes it');
    assert.deepEqual(q, full(text));
  });

  it('leaves to the yaml document model whatever the two libraries could read differently', () => {
    const rule = (body: string) => `groups:\n- name: g\n  rules:\n  - alert: A\n${body}`;
    const cases: Record<string, string> = {
      anchors: 'groups:\n- name: g\n  rules:\n  - alert: A\n    labels: &l {a: b}\n  - alert: B\n    labels: *l\n',
      'merge keys': rule('    labels:\n      <<: {a: b}\n'),
      'duplicate keys': rule('    expr: a\n    expr: b\n'),
      'a value the core schema types, written non-canonically': rule('    labels:\n      weight: "1.50"\n'),
      'a boolean key': rule('    labels:\n      true: x\n'),
      'a js-yaml-only number': rule('    labels:\n      n: 0b101\n'),
      '`alert` not the first key': 'groups:\n- name: g\n  rules:\n  - expr: up\n    alert: A\n',
      'an `alert:` line inside a block scalar': rule('    annotations:\n      description: |\n        - alert: A\n'),
      'the runbook key twice in the rule': rule('    labels:\n      runbook_url: https://x.example/a\n    annotations:\n      runbook_url: https://x.example/a\n'),
      'the link on the next line': rule('    annotations:\n      runbook_url:\n        https://x.example/a\n'),
      'groups as a mapping': 'groups:\n  g:\n    rules:\n    - alert: A\n',
      'flow style': 'groups: [{name: g, rules: [{alert: A}]}]\n',
      'the link in a flow mapping': rule('    annotations: {runbook_url: https://x.example/t}\n'),
      'escapes in a quoted name': rule('  - alert: "B\\u0041"\n'),
      'a merge key spelled with escapes': rule('    labels:\n      "\\x3c\\x3c": {a: b}\n'),
      'a __proto__ key spelled with escapes': rule('    labels:\n      "\\x5f_proto__": x\n'),
      'an anchor on a mapping in a flow sequence': 'groups:\n- name: g\n  rules: [&r {alert: A}]\n- name: h\n  rules: *r\n',
    };
    for (const [what, text] of Object.entries(cases)) {
      assert.equal(quick(text), undefined, what);
      assert.deepEqual(parseRuleFile('r.yml', text), full(text), what);
    }
  });
});
