import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_ANNOTATION_KEYS, looksLikeRuleFile, parseRuleFile, RuleIndex } from '../../../../src/core/alerts/rules';

// tsc compiles this file to out/test/unit/core/alerts/; the fixtures stay in the source tree.
const FIXTURES = path.join(__dirname, '../../../../../test/unit/core/alerts/fixtures');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

describe('looksLikeRuleFile', () => {
  it('sees `- alert:` lines, indented or not, quoted keys, and JSON', () => {
    assert.equal(looksLikeRuleFile('groups:\n  - name: a\n    rules:\n      - alert: A\n'), true);
    assert.equal(looksLikeRuleFile('- alert: A\n'), true);
    assert.equal(looksLikeRuleFile('rules:\n- "alert": A\n'), true);
    assert.equal(looksLikeRuleFile('      alert : A\n'), true);
    assert.equal(looksLikeRuleFile('{"groups":[{"name":"a","rules":[{"alert":"A","expr":"up == 0"}]}]}'), true);
  });

  it('does not take recording rules, promtool tests or Alertmanager configs for alerting rules', () => {
    assert.equal(looksLikeRuleFile('groups:\n  - name: a\n    rules:\n      - record: job:up:sum\n        expr: sum(up)\n'), false);
    assert.equal(looksLikeRuleFile(fixture('promtool-test.yml')), false);
    assert.equal(looksLikeRuleFile(fixture('alertmanager.yml')), false);
    assert.equal(looksLikeRuleFile('alerting:\n  alertmanagers: []\nalertname: x\nexp_alerts: []\n'), false);
    assert.equal(looksLikeRuleFile(''), false);
  });
});

describe('parseRuleFile', () => {
  it('reads a kube-prometheus rule file: every alerting rule, with positions, groups and runbook links', () => {
    const { rules, problems } = parseRuleFile('/w/monitoring/kube-prometheus.rules.yml', fixture('kube-prometheus.rules.yml'));
    assert.deepEqual(problems, []);
    assert.deepEqual(rules.map((r) => [r.alert, r.group, r.line, r.character, r.urlLine, r.runbookUrl, r.for]), [
      ['KubePodCrashLooping', 'kubernetes-apps', 4, 15, 7, 'https://runbooks.example.com/runbooks/kubernetes/kubepodcrashlooping', '15m'],
      ['KubeDeploymentReplicasMismatch', 'kubernetes-apps', 14, 15, 17, 'https://runbooks.example.com/runbooks/kubernetes/kubedeploymentreplicasmismatch/', '15m'],
      ['NodeClockSkewDetected', 'node-exporter', 41, 15, 44, 'https://runbooks.example.com/runbooks/node/node-alerts#NodeClockSkewDetected', '10m'],
      ['NodeHighNumberConntrackEntriesUsed', 'node-exporter', 50, 15, undefined, undefined, undefined],
      // The second definition, in another group, links its runbook with the `runbook` annotation.
      ['KubePodCrashLooping', 'kubernetes-apps-critical', 59, 15, 66, '../runbooks/payments/{{ $labels.alertname }}.md', '5m'],
      ['HTTPErrorRateHigh', 'http', 69, 15, 75, 'https://runbooks.example.com/runbooks/{{ $labels.namespace }}/http-errors', '5m'],
    ]);
  });

  it('keeps the whole rule: expr, labels, annotations as strings', () => {
    const [first] = parseRuleFile('/w/r.yml', fixture('kube-prometheus.rules.yml')).rules;
    assert.deepEqual(first, {
      alert: 'KubePodCrashLooping',
      expr: 'max_over_time(kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff", job="kube-state-metrics"}[5m]) >= 1\n',
      for: '15m',
      labels: { severity: 'warning' },
      annotations: {
        description: 'Pod {{ $labels.namespace }}/{{ $labels.pod }} ({{ $labels.container }}) is in waiting state (reason: "CrashLoopBackOff").',
        runbook_url: 'https://runbooks.example.com/runbooks/kubernetes/kubepodcrashlooping',
        summary: 'Pod is crash looping.',
      },
      runbookUrl: 'https://runbooks.example.com/runbooks/kubernetes/kubepodcrashlooping',
      path: '/w/r.yml',
      line: 4,
      character: 15,
      urlLine: 7,
      group: 'kubernetes-apps',
    });
  });

  it('reads PrometheusRule resources from multi-document YAML, and nothing from the other documents', () => {
    const { rules, problems } = parseRuleFile('/w/manifests/prometheusrule.yaml', fixture('prometheusrule.yaml'));
    assert.deepEqual(problems, []);
    assert.deepEqual(rules.map((r) => [r.alert, r.group, r.line, r.character, r.urlLine, r.runbookUrl]), [
      ['etcdMembersDown', 'etcd', 21, 17, 24, 'https://runbooks.example.com/runbooks/etcd/'],
      ['etcdInsufficientMembers', 'etcd', 32, 17, 38, 'https://runbooks.example.com/runbooks/etcd/index.html'],
      ['KubePodCrashLooping', 'kubernetes-apps', 59, 17, undefined, undefined],
    ]);
  });

  it('reads a `kubectl get prometheusrules -o yaml` List and VictoriaMetrics VMRules', () => {
    const list = [
      'apiVersion: v1', 'kind: List', 'items:',
      '  - apiVersion: monitoring.coreos.com/v1', '    kind: PrometheusRule', '    spec:', '      groups:', '        - name: a', '          rules:',
      '            - alert: FromList', '              expr: up == 0',
      '  - apiVersion: v1', '    kind: ConfigMap', '    data: {}',
    ].join('\n');
    assert.deepEqual(parseRuleFile('/w/l.yaml', list).rules.map((r) => [r.alert, r.line]), [['FromList', 9]]);
    const vm = 'apiVersion: operator.victoriametrics.com/v1beta1\nkind: VMRule\nspec:\n  groups:\n  - name: vm\n    rules:\n    - alert: VMAlert\n      expr: up == 0\n';
    assert.deepEqual(parseRuleFile('/w/vm.yaml', vm).rules.map((r) => r.alert), ['VMAlert']);
  });

  it('reads YAML that `yaml` refuses but js-yaml takes (an unindented quoted continuation), positions from the text; a List too', () => {
    const rule = ['- alert: Lenient', '  expr: up == 0', '  annotations:', '    summary: "one', 'two"', '    runbook_url: ../r.md'];
    const plain = ['groups:', '- name: g', '  rules:', ...rule.map((l) => `  ${l}`)].join('\n');
    assert.deepEqual(parseRuleFile('/w/p.yml', plain), {
      rules: [{ alert: 'Lenient', expr: 'up == 0', for: undefined, labels: {}, annotations: { summary: 'one two', runbook_url: '../r.md' }, runbookUrl: '../r.md', path: '/w/p.yml', line: 3, character: 11, urlLine: 8, group: 'g' }],
      problems: [],
    });
    // The same rule in a `kind: List` (the one reading loop reads Lists through every parser).
    const list = ['kind: List', 'items:', '- kind: PrometheusRule', '  spec:', '    groups:', '    - name: g', '      rules:', ...rule.map((l) => `      ${l}`)].join('\n');
    assert.deepEqual(parseRuleFile('/w/l.yml', list).rules.map((r) => [r.alert, r.line, r.character, r.urlLine, r.runbookUrl]), [['Lenient', 7, 15, 12, '../r.md']]);
    // `groups` as a mapping: the problem is reported on its line.
    assert.deepEqual(parseRuleFile('/w/m.yml', `x: 1\ngroups:\n  g:\n    rules:\n    ${rule.join('\n    ')}\n`), {
      rules: [],
      problems: [{ path: '/w/m.yml', line: 1, message: '`groups` is a mapping, not a list of groups (`- name: …` / `rules:`): Prometheus rejects it, and its alerts are left out' }],
    });
  });

  it('skips a Helm template that does not parse, with one problem naming its line', () => {
    assert.deepEqual(parseRuleFile('/w/charts/templates/etcd.yaml', fixture('helm-prometheusrule.yaml')), {
      rules: [],
      problems: [{ path: '/w/charts/templates/etcd.yaml', line: 0, message: 'could not parse as YAML (templated?): Block collections are not allowed within flow collections' }],
    });
  });

  it('skips a Jinja template, with one problem on the first `{% … %}` line', () => {
    assert.deepEqual(parseRuleFile('/w/rules.yml.j2', fixture('jinja.rules.yml.j2')), {
      rules: [],
      problems: [{ path: '/w/rules.yml.j2', line: 3, message: 'could not parse as YAML (templated?): Plain value cannot start with directive indicator character %' }],
    });
  });

  it('reads a Helm template that happens to be valid YAML (templates only inside values)', () => {
    const text = [
      'apiVersion: monitoring.coreos.com/v1', 'kind: PrometheusRule', 'metadata:', '  name: "{{ .Release.Name }}-rules"', 'spec:', '  groups:',
      '  - name: app', '    rules:', '    - alert: AppDown', '      expr: up{job="{{ .Release.Name }}"} == 0', '      annotations:',
      '        runbook_url: "{{ .Values.runbookBase }}/appdown"',
    ].join('\n');
    assert.deepEqual(parseRuleFile('/w/t.yaml', text).rules.map((r) => [r.alert, r.runbookUrl, r.urlLine]), [['AppDown', '{{ .Values.runbookBase }}/appdown', 11]]);
  });

  it('finds no rules and no problem in promtool tests, Alertmanager configs, docker-compose and other manifests', () => {
    for (const name of ['promtool-test.yml', 'alertmanager.yml', 'docker-compose.yml']) {
      assert.deepEqual(parseRuleFile(`/w/${name}`, fixture(name)), { rules: [], problems: [] }, name);
    }
    // Broken YAML that does not look like rules is not reported: it is somebody else's file.
    assert.deepEqual(parseRuleFile('/w/x.yml', 'services:\n  web: {{ .Values.web }}\n  alert: [\n'), { rules: [], problems: [] });
    // A Kubernetes resource of another kind, even with groups and alerts.
    assert.deepEqual(parseRuleFile('/w/c.yaml', 'kind: ConfigMap\nspec:\n  groups:\n  - rules:\n    - alert: X\n      expr: up\n').rules, []);
    // A file with both `groups` and promtool's `tests` is a test file.
    assert.deepEqual(parseRuleFile('/w/t.yml', 'rule_files: [a.yml]\ngroups:\n- rules:\n  - alert: X\n').rules, []);
  });

  it('ignores recording rules, malformed entries and empty names', () => {
    const text = [
      'groups:', '- name: g', '  rules:', '  - record: job:up:sum', '    expr: sum(up)', '  - alert: ""', '    expr: up', '  - alert: [A]',
      '  - just a string', '  - alert: Real', '    expr: 1', '- name: broken', '  rules: not-a-list', '- not-a-group',
    ].join('\n');
    assert.deepEqual(parseRuleFile('/w/r.yml', text).rules.map((r) => [r.alert, r.line, r.expr]), [['Real', 9, '1']]);
  });

  it('takes the first configured annotation key that is present and not empty', () => {
    const text = 'groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up\n    annotations:\n      runbook: ./a.md\n      playbook: ./b.md\n      runbook_url: ""\n';
    assert.equal(parseRuleFile('/w/r.yml', text).rules[0].runbookUrl, './a.md');
    assert.deepEqual(parseRuleFile('/w/r.yml', text, ['playbook', 'runbook']).rules.map((r) => [r.runbookUrl, r.urlLine]), [['./b.md', 7]]);
    assert.equal(parseRuleFile('/w/r.yml', text, ['wiki']).rules[0].runbookUrl, undefined);
    assert.deepEqual(DEFAULT_ANNOTATION_KEYS, ['runbook_url', 'runbook']);
  });

  it('turns scalar values into strings, follows anchors and merge keys, and keeps `__proto__` as data', () => {
    const text = [
      'x-labels: &common', '  severity: warning', '  team: infra', 'groups:', '- name: g', '  rules:', '  - alert: A', '    expr: up == 0',
      '    for: 5m', '    labels:', '      <<: *common', '      team: storage', '      priority: 2', '      page: true', '      nested: {a: 1}',
      '    annotations:', '      __proto__: polluted', '      runbook_url: &url https://runbooks.example.com/a', '  - alert: B', '    expr: up',
      '    annotations: {runbook_url: *url}',
    ].join('\n');
    const [a, b] = parseRuleFile('/w/r.yml', text).rules;
    assert.deepEqual(a.labels, { team: 'storage', priority: '2', page: 'true', severity: 'warning' });
    assert.equal(Object.getPrototypeOf(a.annotations), Object.prototype);
    assert.deepEqual(Object.keys(a.annotations), ['__proto__', 'runbook_url']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(b.runbookUrl, 'https://runbooks.example.com/a');
  });

  it('reads CRLF and a BOM, and JSON rule files', () => {
    const crlf = '\ufeffgroups:\r\n- name: g\r\n  rules:\r\n  - alert: Crlf\r\n    expr: up\r\n';
    assert.deepEqual(parseRuleFile('/w/r.yml', crlf).rules.map((r) => [r.alert, r.line, r.character]), [['Crlf', 3, 11]]);
    const json = '{"groups":[{"name":"g","rules":[{"alert":"Json","expr":"up","annotations":{"runbook_url":"a.md"}}]}]}';
    assert.deepEqual(parseRuleFile('/w/r.json', json).rules.map((r) => [r.alert, r.line, r.urlLine, r.runbookUrl]), [['Json', 0, 0, 'a.md']]);
  });

  it('never throws: empty files, comments only, alias bombs', () => {
    assert.deepEqual(parseRuleFile('/w/e.yml', ''), { rules: [], problems: [] });
    assert.deepEqual(parseRuleFile('/w/e.yml', '# nothing\n---\n---\n'), { rules: [], problems: [] });
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]', 'groups: [{name: g, rules: [{alert: A, expr: up, labels: {x: *d}}]}]'].join('\n');
    const r = parseRuleFile('/w/bomb.yml', bomb);
    assert.deepEqual(r.rules.map((x) => [x.alert, x.labels]), [['A', {}]]);
  });
});

describe('RuleIndex', () => {
  const kube = fixture('kube-prometheus.rules.yml');
  const crd = fixture('prometheusrule.yaml');

  it('indexes files, every definition of an alert, sorted names and files', () => {
    const index = new RuleIndex();
    index.set('/w/b/prometheusrule.yaml', crd);
    index.set('/w/a/kube-prometheus.rules.yml', kube);
    assert.equal(index.size, 2);
    assert.deepEqual(index.files(), ['/w/a/kube-prometheus.rules.yml', '/w/b/prometheusrule.yaml']);
    assert.deepEqual(index.alerts(), [
      'HTTPErrorRateHigh', 'KubeDeploymentReplicasMismatch', 'KubePodCrashLooping', 'NodeClockSkewDetected', 'NodeHighNumberConntrackEntriesUsed',
      'etcdInsufficientMembers', 'etcdMembersDown',
    ]);
    assert.deepEqual(index.byAlert('KubePodCrashLooping').map((r) => [r.path, r.line, r.group]), [
      ['/w/a/kube-prometheus.rules.yml', 4, 'kubernetes-apps'],
      ['/w/a/kube-prometheus.rules.yml', 59, 'kubernetes-apps-critical'],
      ['/w/b/prometheusrule.yaml', 59, 'kubernetes-apps'],
    ]);
    assert.deepEqual(index.byAlert('NoSuchAlert'), []);
    assert.equal(index.rules().length, 9);
    assert.deepEqual(index.rules().map((r) => r.path + ':' + r.line).slice(0, 3), ['/w/a/kube-prometheus.rules.yml:4', '/w/a/kube-prometheus.rules.yml:14', '/w/a/kube-prometheus.rules.yml:41']);
    assert.deepEqual(index.rulesIn('/w/b/prometheusrule.yaml').map((r) => r.alert), ['etcdMembersDown', 'etcdInsufficientMembers', 'KubePodCrashLooping']);
  });

  it('replaces a file on set, and forgets alerts no file defines any more', () => {
    const index = new RuleIndex();
    index.set('/w/r.yml', 'groups:\n- name: g\n  rules:\n  - alert: Old\n    expr: up\n');
    index.set('/w/r.yml', 'groups:\n- name: g\n  rules:\n  - alert: New\n    expr: up\n');
    assert.deepEqual(index.alerts(), ['New']);
    assert.deepEqual(index.byAlert('Old'), []);
    // A file that no longer defines alerts leaves the index.
    index.set('/w/r.yml', 'groups: []\n');
    assert.equal(index.size, 0);
    assert.deepEqual(index.alerts(), []);
  });

  it('does not keep files that are not rule files, but keeps templated ones for their problem', () => {
    const index = new RuleIndex();
    index.set('/w/docker-compose.yml', fixture('docker-compose.yml'));
    index.set('/w/promtool-test.yml', fixture('promtool-test.yml'));
    index.set('/w/charts/etcd.yaml', fixture('helm-prometheusrule.yaml'));
    assert.deepEqual(index.files(), ['/w/charts/etcd.yaml']);
    assert.deepEqual(index.rules(), []);
    assert.deepEqual(index.problems().map((p) => [p.path, p.line]), [['/w/charts/etcd.yaml', 0]]);
  });

  it('deletes a file, and everything under a folder', () => {
    const index = new RuleIndex();
    index.set('/w/a/kube.yml', kube);
    index.set('/w/a/sub/crd.yaml', crd);
    index.set('/w/ab/crd.yaml', crd);
    assert.equal(index.delete('/w/a/kube.yml'), true);
    assert.equal(index.delete('/w/a/kube.yml'), false);
    assert.equal(index.deleteUnder('/w/a'), 1);
    assert.deepEqual(index.files(), ['/w/ab/crd.yaml']);
    assert.deepEqual(index.byAlert('KubePodCrashLooping').map((r) => r.path), ['/w/ab/crd.yaml']);
    assert.equal(index.deleteUnder('file:///other/'), 0);
  });

  it('counts every change in its version, and nothing else', () => {
    const index = new RuleIndex();
    const v = () => index.version;
    assert.equal(v(), 0);
    index.set('/w/a.yml', kube);
    assert.equal(v(), 1);
    index.set('/w/a.yml', kube);
    assert.equal(v(), 2);
    index.set('/w/compose.yml', fixture('docker-compose.yml')); // not kept: no change
    assert.equal(v(), 2);
    index.delete('/w/nothing.yml');
    assert.equal(v(), 2);
    index.delete('/w/a.yml');
    assert.equal(v(), 3);
  });

  it('reads with its own annotation keys, and from bytes', () => {
    const index = new RuleIndex(['playbook']);
    assert.deepEqual(index.annotationKeys, ['playbook']);
    index.set('/w/r.yml', new TextEncoder().encode('groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up\n    annotations: {runbook_url: x.md, playbook: y.md}\n'));
    assert.equal(index.byAlert('A')[0].runbookUrl, 'y.md');
    index.set('/w/bin.yml', new Uint8Array([0x61, 0x6c, 0, 0x65]));
    assert.deepEqual(index.files(), ['/w/r.yml']);
    assert.deepEqual(new RuleIndex().annotationKeys, ['runbook_url', 'runbook']);
    assert.deepEqual(new RuleIndex([]).annotationKeys, ['runbook_url', 'runbook']);
  });
});

describe('parseRuleFile: aliases are bounded', () => {
  it('refuses aliases fanned out over each other (500 groups × 500 rules from 3 KB) with one problem at an alias', () => {
    const n = 500;
    const text = [
      'r: &r {alert: A, expr: up, labels: {a: b}}',
      `g: &g {name: g, rules: [${Array(n).fill('*r').join(',')}]}`,
      `groups: [${Array(n).fill('*g').join(',')}]`,
    ].join('\n');
    const r = parseRuleFile('/w/fan.yml', text);
    assert.equal(r.rules.length, 0);
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0].message, /aliases \(`\*name`\) expand to too much/);
    assert.ok([1, 2].includes(r.problems[0].line), `at an alias line, not ${r.problems[0].line}`);
  });

  it('refuses a merge-key bomb (`<<: [*d, *d, …]` nested eight deep)', () => {
    const lines = ['d0: &d0 {a: b}'];
    for (let i = 1; i < 8; i++) {
      lines.push(`d${i}: &d${i} {<<: [${Array(12).fill(`*d${i - 1}`).join(',')}]}`);
    }
    lines.push('groups: [{name: g, rules: [{alert: A, expr: up, labels: *d7}]}]');
    const r = parseRuleFile('/w/merge.yml', lines.join('\n'));
    assert.equal(r.rules.length, 0);
    assert.match(r.problems[0]?.message ?? '', /expand to too much/);
  });

  it('reads ordinary aliases: shared labels merged into every rule, and an anchor defined again', () => {
    const lines = ['defaults: &defaults {team: sre, severity: page}', 'groups:', '- name: g', '  rules:'];
    for (let i = 0; i < 2000; i++) {
      lines.push(`  - alert: A${i}`, '    expr: up', `    labels: {<<: *defaults, x: "${i}"}`);
    }
    lines.push('- name: h', '  rules:');
    for (const [alert, labels] of [['B1', '&l {v: first}'], ['B2', '*l'], ['B3', '&l {v: second}'], ['B4', '*l']]) {
      lines.push(`  - alert: ${alert}`, '    expr: up', `    labels: ${labels}`);
    }
    const r = parseRuleFile('/w/ok.yml', lines.join('\n'));
    assert.deepEqual(r.problems, []);
    assert.equal(r.rules.length, 2004);
    assert.deepEqual(r.rules[1999].labels, { x: '1999', team: 'sre', severity: 'page' });
    assert.deepEqual(r.rules.slice(2000).map((x) => `${x.alert} ${x.labels.v}`), ['B1 first', 'B2 first', 'B3 second', 'B4 second']);
  });
});
